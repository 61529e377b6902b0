import type { ValidationIssue } from '@vendstream/contracts';

export type { ValidationIssue };

/**
 * The stable codes of the package's errors. Errors cross JSON and Kafka, so callers classify by
 * `code`, not by `instanceof`:
 * - `FLASH_VALIDATION`: a request broke the API's documented formats; it was never sent.
 * - `FLASH_CONFIG`: bad options given to `createFlashClient`; thrown at construction, never per call.
 * - `FLASH_TOKEN_UNAVAILABLE`: `/token` did not answer usefully (network, 5xx, a body without a
 *   token): it may answer later.
 * - `FLASH_TOKEN_REJECTED`: `/token` answered and refused the credentials: a configuration problem.
 * - `FLASH_INTERNAL`: a case the code believed unreachable was reached (a bug in this package).
 */
export type FlashClientErrorCode =
  | 'FLASH_VALIDATION'
  | 'FLASH_CONFIG'
  | 'FLASH_TOKEN_UNAVAILABLE'
  | 'FLASH_TOKEN_REJECTED'
  | 'FLASH_INTERNAL';

/**
 * Whether trying the same thing again later can help; exhaustive, so a new code that is not
 * classified does not compile. Only an unavailable token endpoint is retriable: every other code
 * fails the same way on the same input and configuration.
 */
export function retriableOf(code: FlashClientErrorCode): boolean {
  switch (code) {
    case 'FLASH_TOKEN_UNAVAILABLE':
      return true;
    case 'FLASH_VALIDATION':
    case 'FLASH_CONFIG':
    case 'FLASH_TOKEN_REJECTED':
    case 'FLASH_INTERNAL':
      return false;
    default:
      return assertNever(code, 'Flash client error code');
  }
}

/** One base error for the package (STYLE habit 1): a typed `code`, `retriable` from it, and `cause`. */
export class FlashClientError extends Error {
  override name = 'FlashClientError';
  readonly code: FlashClientErrorCode;
  /** Whether trying the same thing again later can help (`retriableOf(code)`). */
  readonly retriable: boolean;

  constructor(code: FlashClientErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retriable = retriableOf(code);
  }
}

/** A request broke the API's documented formats; it was never sent. Never retriable. */
export class FlashValidationError extends FlashClientError {
  override name = 'FlashValidationError';
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    super(
      'FLASH_VALIDATION',
      `invalid Flash request: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
    );
    this.issues = issues;
  }
}

/** Bad options given to `createFlashClient`; thrown at construction, never per call. */
export class FlashConfigError extends FlashClientError {
  override name = 'FlashConfigError';

  constructor(message: string) {
    super('FLASH_CONFIG', message);
  }
}

/**
 * The access token could not be obtained. `rejected` means `/token` answered but refused the
 * credentials (a configuration problem); `unavailable` means it did not answer usefully.
 */
export class FlashTokenError extends FlashClientError {
  override name = 'FlashTokenError';
  readonly reason: 'unavailable' | 'rejected';

  constructor(reason: 'unavailable' | 'rejected', message: string, cause?: unknown) {
    super(reason === 'rejected' ? 'FLASH_TOKEN_REJECTED' : 'FLASH_TOKEN_UNAVAILABLE', message, { cause });
    this.reason = reason;
  }
}

/**
 * The default of an exhaustive switch: unreachable while the types hold, so reaching it is a bug
 * here (or a value that bypassed the types), reported as this package's own error.
 */
export function assertNever(value: never, what: string): never {
  throw new FlashClientError('FLASH_INTERNAL', `unhandled ${what}: ${JSON.stringify(value)}`);
}
