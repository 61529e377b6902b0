/**
 * One base error for the executor (STYLE habit 1), classified by a stable `code`: the build codes
 * become a rejected intent's result error code, so they cross Kafka and must not change.
 * - `ORIGINAL_NOT_FOUND`: a Cash Out PIN cancel names no serial number and its original intent has
 *   no succeeded result to take one from.
 * - `LOOKUP_MISSING`: a prepaid utility purchase step has no transaction id from its meter lookup.
 * - `MISSING_REFERENCE`: a claimed record has no reference for its current step (a corrupt record
 *   or a changed step list): nothing is sent for it.
 * - `INVALID_CONFIG`: an option that cannot work (`leaseMs`, a rate limit), refused at construction.
 * - `INVALID_ARGUMENT`: a bad argument to a running part (`RateLimiter.shareAmong`).
 * - `INTERNAL`: an exhaustive switch reached its default: a bug here.
 * None is retriable: the same intent, record or option fails the same way every time.
 */
export type ExecutorErrorCode =
  | 'ORIGINAL_NOT_FOUND'
  | 'LOOKUP_MISSING'
  | 'MISSING_REFERENCE'
  | 'INVALID_CONFIG'
  | 'INVALID_ARGUMENT'
  | 'INTERNAL';

/**
 * `intent`: only this one intent will ever fail so (retrying it, or running others, does not change
 * it): the caller can end that intent and go on. `service`: the process or the code is at fault.
 */
export type ExecutorErrorScope = 'intent' | 'service';

/** The scope of each code; exhaustive, so a new code that is not classified does not compile. */
export function scopeOf(code: ExecutorErrorCode): ExecutorErrorScope {
  switch (code) {
    case 'ORIGINAL_NOT_FOUND':
    case 'LOOKUP_MISSING':
    case 'MISSING_REFERENCE':
      return 'intent';
    case 'INVALID_CONFIG':
    case 'INVALID_ARGUMENT':
    case 'INTERNAL':
      return 'service';
    default:
      return assertNever(code, 'executor error code');
  }
}

export class ExecutorError extends Error {
  readonly code: ExecutorErrorCode;
  /** Whether this failure concerns one intent only (see `ExecutorErrorScope`). */
  readonly scope: ExecutorErrorScope;
  /** Never: see the codes. Here so every package's errors answer the same question. */
  readonly retriable = false;
  /** The intent concerned, when there is one. */
  readonly intentId: string | undefined;

  constructor(
    code: ExecutorErrorCode,
    message: string,
    options: { cause?: unknown; intentId?: string | undefined } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ExecutorError';
    this.code = code;
    this.scope = scopeOf(code);
    this.intentId = options.intentId;
  }
}

/**
 * Why an intent's request cannot be built: the intent is valid but something it refers to is
 * missing. The executor rejects the intent with `code`, and `field` as the field.
 */
export class RequestBuildError extends ExecutorError {
  readonly field: string;

  constructor(code: 'ORIGINAL_NOT_FOUND' | 'LOOKUP_MISSING', field: string, message: string) {
    super(code, message);
    this.name = 'RequestBuildError';
    this.field = field;
  }
}

/**
 * The default of an exhaustive switch: unreachable while the types hold, so reaching it is a bug
 * here (or a value that bypassed the types), reported as this package's own error.
 */
export function assertNever(value: never, what: string): never {
  throw new ExecutorError('INTERNAL', `unhandled ${what}: ${JSON.stringify(value)}`);
}
