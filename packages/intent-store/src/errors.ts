/**
 * One base error for the store, classified by a stable `code` (STYLE habit 1). Lost races are not
 * errors: they come back as values carrying the current record (see `store.ts`).
 */
export type IntentStoreErrorCode =
  | 'INVALID_CONFIG'
  | 'INVALID_ARGUMENT'
  | 'DYNAMODB_ERROR'
  | 'CORRUPT_ITEM'
  | 'SEALING_FAILED'
  | 'TABLE_NOT_ACTIVE';

export class IntentStoreError extends Error {
  readonly code: IntentStoreErrorCode;
  /** True when the same call may succeed later (throttling, 5xx, network). */
  readonly retriable: boolean;
  readonly intentId: string | undefined;

  constructor(
    code: IntentStoreErrorCode,
    message: string,
    options: { cause?: unknown; retriable?: boolean; intentId?: string | undefined } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'IntentStoreError';
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.intentId = options.intentId;
  }
}

const RETRIABLE_AWS_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionConflictException',
  'TimeoutError',
]);

/** Wraps an SDK or network failure, keeping the cause and deciding whether a retry may help. */
export function wrapDynamoError(error: unknown, operation: string, intentId?: string): IntentStoreError {
  const name = error instanceof Error ? error.name : 'Unknown';
  const fault = (error as { $fault?: string } | null)?.$fault;
  const retriable =
    RETRIABLE_AWS_ERRORS.has(name) ||
    fault === 'server' ||
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(
      (error as { code?: string } | null)?.code ?? '',
    );
  const message = error instanceof Error ? error.message : String(error);
  return new IntentStoreError('DYNAMODB_ERROR', `${operation} failed: ${name}: ${message}`, {
    cause: error,
    retriable,
    intentId,
  });
}
