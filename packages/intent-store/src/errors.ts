/**
 * One base error for the store, classified by a stable `code` (STYLE habit 1). Lost races are not
 * errors: they come back as values carrying the current record (see `store.ts`).
 *
 * Item codes tell a caller whether anything was written:
 * - `ITEM_REJECTED`: DynamoDB refused the write of this item (ValidationException, e.g. an item
 *   over 400 KB). Nothing was written.
 * - `SEALING_FAILED`: a value could not be sealed for writing. Nothing was written.
 * - `UNREADABLE_ITEM`: a stored item's sealed value cannot be opened (its key id is not configured,
 *   or the data was tampered with). The item exists and is left as it is.
 * - `CORRUPT_ITEM`: a stored item is malformed.
 */
export type IntentStoreErrorCode =
  | 'INVALID_CONFIG'
  | 'INVALID_ARGUMENT'
  | 'DYNAMODB_ERROR'
  | 'ITEM_REJECTED'
  | 'CORRUPT_ITEM'
  | 'SEALING_FAILED'
  | 'UNREADABLE_ITEM'
  | 'TABLE_NOT_ACTIVE'
  | 'DUE_SHARDS_MISMATCH'
  | 'SEALING_KEYS_MISSING';

/**
 * `item`: a failure that only this one item will ever have (retrying it, or processing other items,
 * does not change it): the caller can end that one item and go on. `service`: everything else
 * (outages, throttling, a missing table, bad credentials, bad configuration): no item is to blame.
 */
export type IntentStoreErrorScope = 'item' | 'service';

/** The scope of each code; exhaustive, so a new code that is not classified does not compile. */
export function scopeOf(code: IntentStoreErrorCode): IntentStoreErrorScope {
  switch (code) {
    case 'ITEM_REJECTED':
    case 'SEALING_FAILED':
    case 'UNREADABLE_ITEM':
    case 'CORRUPT_ITEM':
      return 'item';
    case 'INVALID_CONFIG':
    case 'INVALID_ARGUMENT':
    case 'DYNAMODB_ERROR':
    case 'TABLE_NOT_ACTIVE':
    case 'DUE_SHARDS_MISMATCH':
    case 'SEALING_KEYS_MISSING':
      return 'service';
    default:
      return assertNever(code);
  }
}

function assertNever(value: never): never {
  throw new Error(`unclassified intent store error code: ${String(value)}`);
}

export class IntentStoreError extends Error {
  readonly code: IntentStoreErrorCode;
  /** Whether this failure concerns one item only (see `IntentStoreErrorScope`). */
  readonly scope: 'item' | 'service';
  /** True when the same call may succeed later (throttling, 5xx, network). */
  readonly retriable: boolean;
  readonly intentId: string | undefined;
  /** `UNREADABLE_ITEM` only: the sealing key id the item needs when it is not configured. */
  readonly keyId: string | undefined;

  constructor(
    code: IntentStoreErrorCode,
    message: string,
    options: {
      cause?: unknown;
      retriable?: boolean;
      intentId?: string | undefined;
      keyId?: string | undefined;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'IntentStoreError';
    this.code = code;
    this.scope = scopeOf(code);
    this.retriable = options.retriable ?? false;
    this.intentId = options.intentId;
    this.keyId = options.keyId;
  }
}

/**
 * This process expects a different number of due shards than the table was set up with: it would
 * write due items to shards nobody reads, or read only some of them. Refused at start.
 */
export class DueShardsMismatchError extends IntentStoreError {
  readonly tableName: string;
  /** What this process was configured with. */
  readonly configured: number;
  /** What the table's meta item says (written by the first process that opened the table). */
  readonly table: number;

  constructor(tableName: string, configured: number, table: number) {
    super(
      'DUE_SHARDS_MISMATCH',
      `dueShards ${configured} contradicts table ${tableName}, whose due index has ${table} shards`,
    );
    this.name = 'DueShardsMismatchError';
    this.tableName = tableName;
    this.configured = configured;
    this.table = table;
  }
}

/** A sealing key that once sealed items in this table and that this process does not have. */
export interface MissingSealingKey {
  keyId: string;
  /** Due items sealed with it, counted up to a bound (`atLeast` when the bound was reached). */
  dueItems: number;
  atLeast: boolean;
  /** Listed by the operator as retired on purpose: its items are quarantined, not a reason to refuse. */
  retired: boolean;
}

/**
 * Due items are sealed with keys this process does not have, and the operator has not said the
 * keys are retired: starting would leave that work unreadable (the reconciler would quarantine it).
 */
export class SealingKeysMissingError extends IntentStoreError {
  readonly tableName: string;
  /** Every recorded key this process lacks; the ones that refuse the start have `dueItems > 0 && !retired`. */
  readonly missing: readonly MissingSealingKey[];

  constructor(tableName: string, missing: readonly MissingSealingKey[]) {
    const blocking = missing.filter((key) => key.dueItems > 0 && !key.retired);
    super(
      'SEALING_KEYS_MISSING',
      `table ${tableName} has due items sealed with keys that are not configured: ${describeMissingKeys(blocking)}`,
    );
    this.name = 'SealingKeysMissingError';
    this.tableName = tableName;
    this.missing = missing;
  }
}

/** `"k1" (at least 10000 due items), "k2" (3 due items)`: for one-line messages. */
export function describeMissingKeys(keys: readonly MissingSealingKey[]): string {
  return keys
    .map(
      (key) =>
        `"${key.keyId}" (${key.atLeast ? 'at least ' : ''}${key.dueItems} due item${key.dueItems === 1 ? '' : 's'})`,
    )
    .join(', ');
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

/**
 * Wraps an SDK or network failure, keeping the cause and deciding whether a retry may help. A
 * ValidationException on the write of one item (`itemWrite`) is that item's own fault (over 400 KB,
 * an attribute too large): `ITEM_REJECTED`, nothing was written, a retry would fail the same way.
 * On any other call it means our request is malformed, which no single item explains.
 */
export function wrapDynamoError(
  error: unknown,
  operation: string,
  intentId?: string,
  options: { itemWrite?: boolean } = {},
): IntentStoreError {
  const name = error instanceof Error ? error.name : 'Unknown';
  const message = error instanceof Error ? error.message : String(error);
  if (options.itemWrite && intentId !== undefined && name === 'ValidationException') {
    return new IntentStoreError(
      'ITEM_REJECTED',
      `${operation} of intent ${intentId} refused by DynamoDB, nothing written: ${message}`,
      { cause: error, retriable: false, intentId },
    );
  }
  const fault = (error as { $fault?: string } | null)?.$fault;
  const retriable =
    RETRIABLE_AWS_ERRORS.has(name) ||
    fault === 'server' ||
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(
      (error as { code?: string } | null)?.code ?? '',
    );
  return new IntentStoreError('DYNAMODB_ERROR', `${operation} failed: ${name}: ${message}`, {
    cause: error,
    retriable,
    intentId,
  });
}
