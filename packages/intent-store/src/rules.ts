import type { SecretSealer } from '@vendstream/contracts';
import { IntentStoreError } from './errors.ts';
import { type IntentRecord, type Item, isTerminalState, toRecord } from './record.ts';
import type { ClaimOutcome, DueItems, IntentStoreOptions, UndecodableDueItem } from './store-types.ts';

/**
 * The pure rules every `IntentStore` follows, whatever holds its items (DynamoDB, memory): settings
 * and their defaults, where an intent's due actions go, when an item expires, how an existing claim
 * is classified and how due items are decoded and ordered. The conditional writes themselves are in
 * `transitions.ts`.
 */

const DAY_SECONDS = 86_400;

/** Shards of the due index when the first process to open a table does not say. */
export const DEFAULT_DUE_SHARDS = 4;

/** The item size DynamoDB accepts (400 KB); the in-memory store refuses larger items the same way. */
export const MAX_ITEM_BYTES = 400 * 1024;

export interface StoreSettings {
  sealer: SecretSealer;
  dueShards: number;
  retentionDays: number;
  outboxGraceMs: number;
  markPublishedConcurrency: number;
}

/** The options every store shares, with their defaults, refused when out of range. */
export type StoreSettingsOptions = Pick<
  IntentStoreOptions,
  'sealer' | 'dueShards' | 'retentionDays' | 'outboxGraceMs' | 'markPublishedConcurrency'
>;

export function storeSettings(options: StoreSettingsOptions): StoreSettings {
  const { sealer } = options;
  const dueShards = options.dueShards ?? DEFAULT_DUE_SHARDS;
  const retentionDays = options.retentionDays ?? 30;
  const outboxGraceMs = options.outboxGraceMs ?? 60_000;
  const concurrency = options.markPublishedConcurrency ?? 16;
  if (!sealer) throw new IntentStoreError('INVALID_CONFIG', 'sealer is required: PINs are sealed at rest');
  validDueShards(dueShards, 'dueShards');
  if (!(retentionDays > 0)) throw new IntentStoreError('INVALID_CONFIG', 'retentionDays must be > 0');
  if (!(outboxGraceMs >= 0)) throw new IntentStoreError('INVALID_CONFIG', 'outboxGraceMs must be >= 0');
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new IntentStoreError('INVALID_CONFIG', 'markPublishedConcurrency must be a positive integer');
  }
  return { sealer, dueShards, retentionDays, outboxGraceMs, markPublishedConcurrency: concurrency };
}

export function validDueShards(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1 || value > 1000) {
    throw new IntentStoreError('INVALID_CONFIG', `${what} must be an integer in 1..1000, got ${value}`);
  }
  return value;
}

/** The name of due shard `index` (`due#0..N-1`). */
export const dueShardName = (index: number): string => `due#${index}`;

export const dueShardNames = (dueShards: number): string[] =>
  Array.from({ length: dueShards }, (_, i) => dueShardName(i));

export function dueShardOf(intentId: string, dueShards: number): string {
  // FNV-1a: stable across processes and versions, so an item's later writes hit the same shard.
  let hash = 0x811c9dc5;
  for (let i = 0; i < intentId.length; i++) {
    hash ^= intentId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return dueShardName((hash >>> 0) % dueShards);
}

/** `expiresAt` (epoch s, DynamoDB TTL) of an item created or made terminal at `at` (epoch ms). */
export const expiresAtFrom = (at: number, retentionDays: number): number =>
  Math.floor(at / 1000) + Math.round(retentionDays * DAY_SECONDS);

export function positive(value: number, name: string): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new IntentStoreError('INVALID_ARGUMENT', `${name} must be a positive number of ms`);
  }
}

/** What a second `claim` of an existing id means for the caller. */
export function classifyExisting(
  existing: IntentRecord,
  samePayload: (stored: string) => boolean,
): ClaimOutcome {
  // A rejected-before-parsing item may have no hash; it is terminal whatever comes now.
  if (existing.payloadHash !== undefined && !samePayload(existing.payloadHash)) {
    return { kind: 'payload-mismatch', existing };
  }
  if (isTerminalState(existing.state)) return { kind: 'already-terminal', record: existing };
  return { kind: 'in-progress', record: existing };
}

/**
 * Decodes the due items read from the shards (each shard's first `limit`, oldest first): the
 * decodable ones merged oldest first and cut to `limit`, the others apart with their plain
 * attributes only, so one bad item never stops every sweep (the caller moves it out of the index).
 */
export function decodeDue(items: readonly Item[], sealer: SecretSealer, limit: number): DueItems {
  const records: IntentRecord[] = [];
  const undecodable: UndecodableDueItem[] = [];
  for (const item of items) {
    try {
      records.push(toRecord(item, sealer));
    } catch (error) {
      const intentId = item.intentId?.S;
      if (!(error instanceof IntentStoreError) || intentId === undefined) throw error;
      undecodable.push({
        intentId,
        code: error.code === 'UNREADABLE_ITEM' ? 'UNREADABLE_ITEM' : 'CORRUPT_ITEM',
        ...(error.keyId !== undefined ? { keyId: error.keyId } : {}),
        message: error.message,
        ...(item.type?.S !== undefined ? { type: item.type.S } : {}),
        ...(item.batchId?.S !== undefined ? { batchId: item.batchId.S } : {}),
        dueShard: item.dueShard?.S ?? '',
        nextActionAt: Number(item.nextActionAt?.N),
      });
    }
  }
  records.sort((a, b) => (a.nextActionAt ?? 0) - (b.nextActionAt ?? 0));
  return { records: records.slice(0, limit), undecodable };
}

export function validLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new IntentStoreError('INVALID_ARGUMENT', 'limit must be a positive integer');
  }
}
