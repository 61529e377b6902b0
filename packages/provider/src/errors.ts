/**
 * One base error for the provider core (STYLE habit 1), classified by a stable `code`:
 * - `INVALID_POLICY`: a resend policy or window that cannot work. `field` names the policy field
 *   (`retry.initialDelayMs`, `window.marginMs` ...), so a service can name its variable.
 * - `UNKNOWN_STEP`: a record's current step is not one of its intent type's steps (a corrupt record
 *   or a changed step list): nothing is decided for it.
 * Neither is retriable: the same input fails the same way.
 */
export type ProviderErrorCode = 'INVALID_POLICY' | 'UNKNOWN_STEP';

export class ProviderError extends Error {
  readonly code: ProviderErrorCode;
  readonly retriable = false;
  /** `INVALID_POLICY`: the policy field at fault, e.g. `retry.maxDelayMs`. */
  readonly field: string | undefined;

  constructor(code: ProviderErrorCode, message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ProviderError';
    this.code = code;
    this.field = options.field;
  }
}

/** A policy refusal whose message starts with the field, e.g. `retry.factor must be >= 1`. */
export function invalidPolicy(field: string, rule: string): ProviderError {
  return new ProviderError('INVALID_POLICY', `${field} ${rule}`, { field });
}
