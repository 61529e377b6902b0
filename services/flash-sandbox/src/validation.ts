import { Code } from './codes.ts';

/**
 * Request validation in the style of the real API: the first broken field fails the whole request
 * with 2231 "Request body validation failed." (or a more specific documented code such as 2301).
 * Thrown, because it only happens on the error path and keeps the operation code linear.
 */
export class ValidationError extends Error {
  readonly code: number;
  readonly field: string;
  constructor(field: string, reason: string, code: number = Code.VALIDATION_FAILED) {
    super(`${field}: ${reason}`);
    this.name = 'ValidationError';
    this.code = code;
    this.field = field;
  }
}

export type Body = Record<string, unknown>;

const REFERENCE = /^[A-Za-z0-9.=-]+$/;
const ALPHANUMERIC = /^[A-Za-z0-9]+$/;
const MSISDN = /^27\d{9}$/;
const PIN = /^\d{16}$/;
const DIGITS = /^\d+$/;

/** No maximum is documented, but code 2301 says one exists; the project keeps references <= 40. */
export const MAX_REFERENCE_LENGTH = 40;

export function asBody(value: unknown): Body {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError('body', 'must be a JSON object');
  }
  return value as Body;
}

export function reference(body: Body, field = 'reference'): string {
  const value = body[field];
  if (typeof value !== 'string' || value.length === 0) throw new ValidationError(field, 'required string');
  if (!REFERENCE.test(value)) throw new ValidationError(field, 'only -, ., = and alphanumerics');
  if (value.length > MAX_REFERENCE_LENGTH) {
    throw new ValidationError(field, 'too long', Code.REFERENCE_TOO_LONG);
  }
  return value;
}

export function alphanumeric(body: Body, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || !ALPHANUMERIC.test(value)) {
    throw new ValidationError(field, 'required alphanumeric string');
  }
  return value;
}

export function optionalAlphanumeric(body: Body, field: string): string | undefined {
  return body[field] === undefined ? undefined : alphanumeric(body, field);
}

/** Cents: a non-negative safe integer. */
export function amount(body: Body, field = 'amount'): number {
  const value = body[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ValidationError(field, 'required non-negative integer (cents)');
  }
  return value;
}

/** The draft's examples send productCode as a string ("0"); the tables say Integer. Accept both. */
export function positiveInteger(body: Body, field: string): number {
  const value = body[field];
  const n = typeof value === 'string' && DIGITS.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n <= 0) {
    throw new ValidationError(field, 'required positive integer');
  }
  return n;
}

/** 11 digits, 27 country code, no leading 0. The draft's example sends a number: accept both. */
export function msisdn(body: Body, field: string, required: boolean): string | undefined {
  const value = body[field];
  if (value === undefined && !required) return undefined;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !MSISDN.test(text)) {
    throw new ValidationError(field, 'must be 11 digits starting with 27');
  }
  return text;
}

export function pin(body: Body, field = 'pin'): string {
  const value = body[field];
  if (typeof value !== 'string' || !PIN.test(value)) throw new ValidationError(field, 'must be 16 digits');
  return value;
}

export function optionalBoolean(body: Body, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new ValidationError(field, 'must be true or false');
  return value;
}

/** Up to 9 properties, names up to 10 characters, values up to 43 characters. */
export function metadata(body: Body): Record<string, string> | undefined {
  const value = body.metadata;
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError('metadata', 'must be an object');
  }
  const entries = Object.entries(value);
  if (entries.length > 9) throw new ValidationError('metadata', 'at most 9 properties');
  for (const [key, inner] of entries) {
    if (key.length > 10) throw new ValidationError('metadata', 'property names up to 10 characters');
    if (typeof inner !== 'string' || inner.length > 43) {
      throw new ValidationError('metadata', 'property values are strings up to 43 characters');
    }
  }
  return value as Record<string, string>;
}
