import type { ValidationIssue } from '@vendstream/contracts';

export type { ValidationIssue };

/**
 * One base error for the package. Errors cross JSON and Kafka, so callers classify by the stable
 * `code`, not by `instanceof`.
 */
export class FlashClientError extends Error {
  override name = 'FlashClientError';
  readonly code: string;
  /** Whether trying the same thing again later can help. */
  readonly retriable: boolean;

  constructor(message: string, options: { code: string; retriable: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.retriable = options.retriable;
  }
}

/** A request broke the API's documented formats; it was never sent. Never retriable. */
export class FlashValidationError extends FlashClientError {
  override name = 'FlashValidationError';
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    super(`invalid Flash request: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, {
      code: 'FLASH_VALIDATION',
      retriable: false,
    });
    this.issues = issues;
  }
}

/** Bad options given to `createFlashClient`; thrown at construction, never per call. */
export class FlashConfigError extends FlashClientError {
  override name = 'FlashConfigError';

  constructor(message: string) {
    super(message, { code: 'FLASH_CONFIG', retriable: false });
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
    super(message, {
      code: `FLASH_TOKEN_${reason.toUpperCase()}`,
      retriable: reason === 'unavailable',
      cause,
    });
    this.reason = reason;
  }
}
