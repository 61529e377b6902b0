import {
  accountNumberSchema,
  alphanumericSchema,
  amountCentsSchema,
  metadataSchema,
  meterNumberSchema,
  msisdnSchema,
  pinSchema,
  productCodeSchema,
  REFERENCE_PATTERN,
} from '@vendstream/contracts';
import { assertNever, FlashValidationError, type ValidationIssue } from './errors.ts';
import {
  type FieldSpec,
  FLASH_OPERATIONS,
  type FlashOperationName,
  isFlashOperationName,
} from './operations.ts';

/**
 * Request validation against the draft's documented formats, run before anything is sent: a request
 * Flash would reject (2231, 2301, 2308 ...) costs a round trip and, worse, burns a reference.
 *
 * The formats are the contracts' (`@vendstream/contracts` fields, zod), the same definitions an
 * intent is parsed with, so the two cannot drift apart again: whatever an intent may not carry, the
 * client does not send either. Flash documents account, store, terminal, serial and meter numbers
 * as "alphanumeric characters allowed" with no length; the contracts bound them (64 characters,
 * meters 32), and so does the client. The cost (a `safeParse` per field, some microseconds) is lost
 * in the hundreds of microseconds of an HTTP call (README, Measured).
 */

/** What the client needs of a contracts schema: zod's `safeParse`, described without importing zod. */
interface FieldSchema {
  safeParse(
    value: unknown,
  ):
    | { success: true }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/** Hand-written only where no intent carries the field, so no contracts definition exists. */
const DIGITS = /^[1-9]\d*$/;

/** Appends, allocating the list on first use: a valid request allocates no issue list. */
function add(issues: ValidationIssue[] | undefined, issue: ValidationIssue): ValidationIssue[] {
  if (issues === undefined) return [issue];
  issues.push(issue);
  return issues;
}

/**
 * `issues` plus what the contracts' `schema` says about `value`, one issue per path (`metadata`,
 * `metadata.<key>`): zod may say two things about one value (an integer beyond the safe range is
 * "too big" twice); the first is enough.
 */
function schemaIssues(
  issues: ValidationIssue[] | undefined,
  schema: FieldSchema,
  field: string,
  value: unknown,
): ValidationIssue[] | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return issues;
  const seen = new Set<string>();
  let out = issues;
  for (const issue of parsed.error.issues) {
    const path = [field, ...issue.path.map(String)].join('.');
    if (seen.has(path)) continue;
    seen.add(path);
    out = add(out, { field: path, message: issue.message });
  }
  return out;
}

/** `issues` plus one issue for `field` unless `ok`: the rules no contracts schema defines. */
function ownIssue(
  issues: ValidationIssue[] | undefined,
  ok: boolean,
  field: string,
  message: string,
): ValidationIssue[] | undefined {
  return ok ? issues : add(issues, { field, message });
}

/** `issues` plus the problems of one present field; exhaustive over the rules. */
function fieldIssues(
  issues: ValidationIssue[] | undefined,
  spec: FieldSpec,
  value: unknown,
): ValidationIssue[] | undefined {
  const { field } = spec;
  switch (spec.rule) {
    case 'account-number':
      return schemaIssues(issues, accountNumberSchema, field, value);
    case 'alphanumeric':
      return schemaIssues(issues, alphanumericSchema, field, value);
    case 'meter-number':
      return schemaIssues(issues, meterNumberSchema, field, value);
    case 'cents':
      return schemaIssues(issues, amountCentsSchema, field, value);
    case 'product-code':
      return schemaIssues(issues, productCodeSchema, field, value);
    case 'pin':
      return schemaIssues(issues, pinSchema, field, value);
    case 'msisdn':
      return schemaIssues(issues, msisdnSchema, field, value);
    case 'metadata':
      return schemaIssues(issues, metadataSchema, field, value);
    case 'reference':
      return ownIssue(
        issues,
        typeof value === 'string' && REFERENCE_PATTERN.test(value),
        field,
        'must be 1 to 40 characters of letters, digits, "-", "." or "="',
      );
    case 'transaction-id':
      return ownIssue(
        issues,
        (Number.isSafeInteger(value) && (value as number) > 0) ||
          (typeof value === 'string' && DIGITS.test(value)),
        field,
        'must be a positive integer (or a string of digits)',
      );
    case 'boolean':
      return ownIssue(issues, typeof value === 'boolean', field, 'must be true or false');
    default:
      return assertNever(spec.rule, 'field rule');
  }
}

function checkFields(
  fields: readonly FieldSpec[],
  body: Record<string, unknown>,
): ValidationIssue[] | undefined {
  let issues: ValidationIssue[] | undefined;
  for (const spec of fields) {
    const value = body[spec.field];
    if (value === undefined) {
      if (spec.required) issues = add(issues, { field: spec.field, message: 'is required' });
      continue;
    }
    issues = fieldIssues(issues, spec, value);
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
