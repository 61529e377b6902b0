import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ResultData, SecretSealer } from '@vendstream/contracts';
import type { IntentRecord, IntentState, StoredError, TerminalState } from './record.ts';

export interface IntentStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  /** Seals PINs/tokens in the intent, responses and result before they are written. */
  sealer: SecretSealer;
  /** Epoch ms clock; inject one to test windows and leases without waiting. Default `Date.now`. */
  now?: () => number;
  /**
   * Partitions of the sparse `due` index (`due#0..N-1`). Every process that reads or writes the
   * table must use the same N: services open the store with `openIntentStore`, which takes N from
   * the table itself. Default 4.
   */
  dueShards?: number;
  /** Items expire (DynamoDB TTL) this many days after their last terminal write or creation. Default 30. */
  retentionDays?: number;
  /**
   * After a terminal write, when the reconciler should republish the result if nobody has called
   * `markPublished` by then. Default 60 000 ms.
   */
  outboxGraceMs?: number;
  /** In-flight UpdateItem calls of `markPublished`. Default 16. */
  markPublishedConcurrency?: number;
}

export interface ClaimInput {
  intentId: string;
  type: string;
  /** contracts' `PayloadHasher.hash(intent)` (or the unkeyed `payloadHash(intent)`). */
  payloadHash: string;
  /**
   * Whether the hash stored with an existing claim of this id is of this payload (contracts'
   * `PayloadHasher.matches`, which checks hashes made under earlier keys too). Default: the two
   * strings are equal.
   */
  matchesStoredHash?: (stored: string) => boolean;
  /** contracts' `intentReferences(id, type)`: step -> reference. */
  references: Record<string, string>;
  /** The first step to send; default the first key of `references`. */
  currentStep?: string;
  /** The intent event, stored sealed so the reconciler can rebuild the request. */
  intent: unknown;
  /** Who holds the lease, e.g. `worker-<host>-<pid>`. */
  owner: string;
  leaseMs: number;
  batchId?: string | undefined;
}

/**
 * - `claimed`: the caller owns the intent and must send it (created `in_flight`, attempts 1).
 * - `already-terminal`: done before; republish `record.result` if `record.outboxPending`.
 * - `in-progress`: another process holds it, or its outcome is unknown (`unknown`, or `in_flight`
 *   with an expired lease). The reconciler owns recovery: the caller must NOT send.
 * - `payload-mismatch`: same id, different payload: reject the new one, never send it.
 */
export type ClaimOutcome =
  | { kind: 'claimed'; record: IntentRecord }
  | { kind: 'already-terminal'; record: IntentRecord }
  | { kind: 'in-progress'; record: IntentRecord }
  | { kind: 'payload-mismatch'; existing: IntentRecord };

/**
 * A conditional transition either happened (`ok: true`, the new record) or lost a race or met an
 * unexpected state (`ok: false`, the item as it is now, or null when it does not exist), read from
 * the failed write itself (ReturnValuesOnConditionCheckFailure: ALL_OLD): no second read.
 */
export type TransitionOutcome =
  | { ok: true; record: IntentRecord }
  | { ok: false; current: IntentRecord | null };

export interface ClaimForResendInput {
  intentId: string;
  owner: string;
  leaseMs: number;
  /**
   * Which states may be taken over: `unknown`, and/or `in_flight` whose lease has expired (its
   * worker crashed or stalled mid-call). Default both.
   */
  expect?: ResendableState | ResendableState[];
  /**
   * Record that an earlier attempt may have reached Flash: set it when taking over an `in_flight`
   * intent whose worker died mid-call. Default: leave the recorded value.
   */
  markMayHaveSent?: boolean;
}
export type ResendableState = Extract<IntentState, 'unknown' | 'in_flight'>;

export interface RecordUnknownInput {
  intentId: string;
  owner: string;
  /** Epoch ms when the reconciler should resend (backoff). */
  nextAttemptAt: number;
  error: StoredError;
  response?: unknown;
  /**
   * Whether any attempt so far may have reached Flash (this one's outcome is unknown, or an
   * earlier one's was). When it first becomes true, `sentAt` (when that attempt started) becomes
   * the start of the window (`firstSentAt`). Default true.
   */
  mayHaveSent?: boolean;
  sentAt?: number;
}

export interface AdvanceStepInput {
  intentId: string;
  owner: string;
  /** The step that just finished (must be the record's `currentStep`), e.g. `L`. */
  completedStep: string;
  /** The step about to be sent, e.g. `P`; its window starts now. */
  nextStep: string;
  /** The finished step's response, kept (sealed) in `stepResponses[completedStep]`. */
  response: unknown;
  /** Renew the lease for the next call; default keep the current expiry. */
  leaseMs?: number;
}

export interface CompleteInput {
  intentId: string;
  /**
   * The lease holder. `null` when the caller holds no lease (e.g. the reconciler marking an
   * `unknown` intent `unresolved` when the window closes): allowed only from `unknown` or from
   * `in_flight` with an expired lease.
   */
  owner: string | null;
  status: TerminalState;
  /** The result event's data, as published (stored sealed for republishing). */
  result: ResultData;
  /** The final provider response, if any. */
  response?: unknown;
  /** Override the store's `outboxGraceMs` for this intent. */
  outboxGraceMs?: number;
}

export interface RecordRejectedInput {
  intentId: string;
  type?: string | undefined;
  payloadHash?: string | undefined;
  result: ResultData;
  intent?: unknown;
  batchId?: string | undefined;
}

export type RecordRejectedOutcome =
  | { kind: 'recorded'; record: IntentRecord }
  | { kind: 'exists'; record: IntentRecord };

export interface MarkPublishedOutcome {
  /** Outbox flag cleared (and the item left the due index). */
  published: string[];
  /** Not terminal, already published or missing: nothing to do. */
  skipped: string[];
  /** Write errors (e.g. throttling); retry these later. */
  failed: { intentId: string; error: Error }[];
}

export interface FindDueInput {
  /** Default: the store's clock. */
  now?: number;
  /** Most records returned (oldest `nextActionAt` first). */
  limit: number;
}

/**
 * A due item that cannot be decoded (`UNREADABLE_ITEM`: sealed with a key id no longer configured,
 * or tampered; `CORRUPT_ITEM`: malformed). Only its plain attributes: nothing sealed is opened.
 */
export interface UndecodableDueItem {
  intentId: string;
  code: 'UNREADABLE_ITEM' | 'CORRUPT_ITEM';
  /** The sealing key id it needs, when the cause is a key this process does not have. */
  keyId?: string;
  /** Why, naming the field and key id only (safe to log and to report). */
  message: string;
  type?: string;
  batchId?: string;
  dueShard: string;
  nextActionAt: number;
}

export interface DueItems {
  /** Decodable due records, oldest `nextActionAt` first, at most `limit`. */
  records: IntentRecord[];
  /**
   * Due items that cannot be decoded (at most `limit` per shard). They stay at the head of their
   * shard until quarantined: the caller reports each one (`holdUndecodable`, report, `quarantine`).
   */
  undecodable: UndecodableDueItem[];
}

export interface QuarantineInput {
  intentId: string;
  /** The due time it holds now (what `holdUndecodable` set), so a changed item is left alone. */
  seenNextActionAt: number;
  /** Where it sat before it was held, kept in `quarantinedFrom` so a tool can restore it. */
  from: { dueShard: string; nextActionAt: number };
  reason: { code: string; message: string; keyId?: string | undefined };
}

export interface IntentStore {
  claim(input: ClaimInput): Promise<ClaimOutcome>;
  claimForResend(input: ClaimForResendInput): Promise<TransitionOutcome>;
  recordUnknown(input: RecordUnknownInput): Promise<TransitionOutcome>;
  advanceStep(input: AdvanceStepInput): Promise<TransitionOutcome>;
  extendLease(input: { intentId: string; owner: string; leaseMs: number }): Promise<TransitionOutcome>;
  complete(input: CompleteInput): Promise<TransitionOutcome>;
  recordRejected(input: RecordRejectedInput): Promise<RecordRejectedOutcome>;
  markPublished(intentIds: readonly string[]): Promise<MarkPublishedOutcome>;
  /**
   * Takes an unpublished terminal result for republishing: moves its next action to `until`, only if
   * it is still as the caller read it (`seenNextActionAt`), so one reconciler of several republishes
   * it and the next sweep does not find it again before `markPublished` clears the flag.
   */
  deferOutbox(input: {
    intentId: string;
    seenNextActionAt: number;
    until: number;
  }): Promise<TransitionOutcome>;
  findDue(input: FindDueInput): Promise<DueItems>;
  /**
   * Takes an undecodable due item for reporting: moves its due time to `until`, only if it is still
   * as the caller read it, so that of several reconcilers one reports it, and a reconciler that dies
   * before `quarantine` leaves it due again at `until` (reported twice then, never zero times).
   */
  holdUndecodable(input: {
    intentId: string;
    seenNextActionAt: number;
    until: number;
  }): Promise<{ ok: boolean }>;
  /**
   * Moves an undecodable item out of the due index (removes `dueShard` and `nextActionAt`, keeps
   * them in `quarantinedFrom`, with `quarantinedAt` and `quarantineReason`), only if its due time is
   * still `seenNextActionAt`. Nothing else of the item changes: it stays readable once its key is back.
   */
  quarantine(input: QuarantineInput): Promise<{ ok: boolean }>;
  get(intentId: string): Promise<IntentRecord | null>;
  /** The shard of the due index an intent's actions go to. */
  dueShardOf(intentId: string): string;
  readonly tableName: string;
  /** Shards of the due index this store reads and writes (from the table, with `openIntentStore`). */
  readonly dueShards: number;
}
