import { FlashValidationError, type ValidationIssue } from './errors.ts';
import {
  type FieldRule,
  type FieldSpec,
  FLASH_OPERATIONS,
  type FlashOperationName,
  isFlashOperationName,
} from './operations.ts';

/**
 * Request validation against the draft's documented formats, run before anything is sent: a request
 * Flash would reject (2231, 2301, 2308 ...) costs a round trip and, worse, burns a reference.
 * Hand-written checks rather than a schema library: this runs on every call on the hot path and
 * allocates nothing when the request is valid.
 */

const REFERENCE = /^[A-Za-z0-9.=-]{1,40}$/;
const PIN = /^\d{16}$/;
const ALPHANUMERIC = /^[A-Za-z0-9]+$/;
const MSISDN = /^27\d{9}$/;
const DIGITS = /^[1-9]\d*$/;

export const METADATA_LIMITS = Object.freeze({ maxKeys: 9, maxKeyLength: 10, maxValueLength: 43 });

/** The problem with one scalar field, or `undefined`. Metadata is checked separately (many issues). */
function ruleMessage(rule: Exclude<FieldRule, 'metadata'>, value: unknown): string | undefined {
  switch (rule) {
    case 'reference':
      return typeof value === 'string' && REFERENCE.test(value)
        ? undefined
        : 'must be 1 to 40 characters of letters, digits, "-", "." or "="';
    case 'alphanumeric':
      return typeof value === 'string' && ALPHANUMERIC.test(value)
        ? undefined
        : 'must be letters and digits only';
    case 'cents':
      return Number.isSafeInteger(value) && (value as number) >= 0
        ? undefined
        : 'must be a non-negative integer number of cents';
    case 'positive-int':
      return Number.isSafeInteger(value) && (value as number) > 0 ? undefined : 'must be a positive integer';
    case 'positive-int-or-digits':
      return (Number.isSafeInteger(value) && (value as number) > 0) ||
        (typeof value === 'string' && DIGITS.test(value))
        ? undefined
        : 'must be a positive integer (or a string of digits)';
    case 'pin':
      return typeof value === 'string' && PIN.test(value) ? undefined : 'must be exactly 16 digits';
    case 'msisdn':
      return typeof value === 'string' && MSISDN.test(value)
        ? undefined
        : 'must be 11 digits starting with 27 (no leading 0)';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    default:
      return assertNever(rule);
  }
}

function metadataIssues(value: unknown, field: string): ValidationIssue[] | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [{ field, message: 'must be an object of string values' }];
  }
  let issues: ValidationIssue[] | undefined;
  const keys = Object.keys(value);
  if (keys.length > METADATA_LIMITS.maxKeys) {
    issues = add(issues, {
      field,
      message: `must have at most ${METADATA_LIMITS.maxKeys} properties, has ${keys.length}`,
    });
  }
  for (const key of keys) {
    if (key.length === 0 || key.length > METADATA_LIMITS.maxKeyLength) {
      issues = add(issues, {
        field: `${field}.${key}`,
        message: `property name must be 1 to ${METADATA_LIMITS.maxKeyLength} characters`,
      });
    }
    const inner = (value as Record<string, unknown>)[key];
    if (typeof inner !== 'string' || inner.length > METADATA_LIMITS.maxValueLength) {
      issues = add(issues, {
        field: `${field}.${key}`,
        message: `value must be a string of at most ${METADATA_LIMITS.maxValueLength} characters`,
      });
    }
  }
  return issues;
}

/** Appends, allocating the list on first use: a valid request allocates nothing. */
function add(issues: ValidationIssue[] | undefined, issue: ValidationIssue): ValidationIssue[] {
  if (issues === undefined) return [issue];
  issues.push(issue);
  return issues;
}

function checkFields(
  fields: readonly FieldSpec[],
  body: Record<string, unknown>,
): ValidationIssue[] | undefined {
  // The issue list is only allocated once something is wrong.
  let issues: ValidationIssue[] | undefined;
  for (const spec of fields) {
    const value = body[spec.field];
    if (value === undefined) {
      if (spec.required) issues = add(issues, { field: spec.field, message: 'is required' });
      continue;
    }
    if (spec.rule === 'metadata') {
      const found = metadataIssues(value, spec.field);
      if (found) issues = issues ? issues.concat(found) : found;
      continue;
    }
    const message = ruleMessage(spec.rule, value);
    if (message !== undefined) issues = add(issues, { field: spec.field, message });
  }
  return issues;
}

/**
 * The issues with `body` as a request for `operation`, or `undefined` when it is valid. Fields the
 * rules do not know are left alone (sent as given).
 */
export function findRequestIssues(
  operation: FlashOperationName,
  body: unknown,
): ValidationIssue[] | undefined {
  if (!isFlashOperationName(operation))
    return [{ field: 'operation', message: `unknown operation "${String(operation)}"` }];
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return [{ field: '(body)', message: 'must be an object' }];
  }
  const spec = FLASH_OPERATIONS[operation];
  const fields = body as Record<string, unknown>;
  const issues = checkFields(spec.fields, fields);
  const oneOf = spec.oneOf ?? [];
  if (oneOf.length > 0 && oneOf.every((field) => fields[field] === undefined)) {
    return add(issues, {
      field: oneOf[0] ?? '(body)',
      message: `is required (or ${oneOf.slice(1).join(', ')})`,
    });
  }
  return issues;
}

/** Throws a `FlashValidationError` naming every bad field; for callers that validate early (ingest). */
export function assertValidRequest(operation: FlashOperationName, body: unknown): void {
  const issues = findRequestIssues(operation, body);
  if (issues) throw new FlashValidationError(issues);
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
