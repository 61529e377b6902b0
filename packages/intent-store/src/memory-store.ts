import type { WritePlan } from './condition.ts';
import { DueShardsMismatchError, IntentStoreError, wrapDynamoError } from './errors.ts';
import { applyUpdate, holds, itemSize } from './memory-item.ts';
import { type Item, toRecord } from './record.ts';
import {
  classifyExisting,
  DEFAULT_DUE_SHARDS,
  decodeDue,
  dueShardNames,
  dueShardOf,
  MAX_ITEM_BYTES,
  storeSettings,
  validLimit,
} from './rules.ts';
import type {
  IntentStore,
  IntentStoreOptions,
  MarkPublishedOutcome,
  TransitionOutcome,
} from './store-types.ts';
import {
  advanceStepPlan,
  claimForResendPlan,
  claimItem,
  completePlan,
  deferOutboxPlan,
  extendLeasePlan,
  holdUndecodablePlan,
  MARK_PUBLISHED_PLAN,
  NEW_ITEM,
  quarantinePlan,
  recordUnknownPlan,
  rejectedItem,
} from './transitions.ts';

/**
 * The items of one in-memory "table". Several stores can share one, as processes share a DynamoDB
 * table: a worker's and a reconciler's, or two with different sealing keys.
 */
export class MemoryIntentTable {
  /** The item as stored (sealed values still sealed), a copy; what DynamoDB's GetItem would return. */
  item(intentId: string): Item | undefined {
    const item = stateOf(this).items.get(intentId);
    return item === undefined ? undefined : structuredClone(item);
  }

  /** Items held, including expired ones not yet evicted. */
  get size(): number {
    return stateOf(this).items.size;
  }

  /** The due shards of the first store opened on it (unset before); later stores must agree. */
  get dueShards(): number | undefined {
    return stateOf(this).dueShards;
  }
}

// Only the stores write a table: kept out of its public surface.
interface TableState {
  items: Map<string, Item>;
  dueShards: number | undefined;
}
const tables = new WeakMap<MemoryIntentTable, TableState>();
function stateOf(table: MemoryIntentTable): TableState {
  let state = tables.get(table);
  if (state === undefined) {
    state = { items: new Map(), dueShards: undefined };
    tables.set(table, state);
  }
  return state;
}

export interface MemoryIntentStoreOptions
  extends Omit<IntentStoreOptions, 'client' | 'tableName' | 'dueShards'> {
  /** The table to use, shared with other stores; default a new, empty one. */
  table?: MemoryIntentTable;
  /** Reported as `tableName`. Default `memory`. */
  tableName?: string;
  /**
   * Due shards. Unset: the table's (set by the first store on it), else 4. Set and different from
   * the table's: `DueShardsMismatchError`, as `openIntentStore` refuses it on DynamoDB.
   */
  dueShards?: number | undefined;
}

/**
 * An `IntentStore` held in memory, for fast unit tests of the logic that uses one (executor,
 * worker handler, reconciler). Never for production: nothing is durable, and nothing is shared
 * between processes.
 *
 * It runs the same write plans as the DynamoDB store (`transitions.ts`: conditions, leases,
 * `nextActionAt`, the due index, TTL fields) and passes the same contract suite. Values are stored
 * as DynamoDB would store them (sealed JSON, opened on read with the same decoder), so an item
 * sealed under a key the reader lacks is undecodable here too; an item over 400 KB is refused with
 * the same `ITEM_REJECTED`. Where DynamoDB is looser it takes the strict end: reads and the due
 * index are immediately consistent, and an item is gone as soon as its `expiresAt` has passed on
 * the store's clock (DynamoDB Local deletes within seconds, DynamoDB within days).
 *
 * ```ts
 * const table = new MemoryIntentTable();
 * const worker = createMemoryIntentStore({ table, sealer, now: clock.now });
 * const reconciler = createMemoryIntentStore({ table, sealer, now: clock.now });
 * ```
 */
export function createMemoryIntentStore(options: MemoryIntentStoreOptions): IntentStore {
  const tableName = options.tableName ?? 'memory';
  const state = stateOf(options.table ?? new MemoryIntentTable());
  const configured = options.dueShards;
  if (configured !== undefined && state.dueShards !== undefined && configured !== state.dueShards) {
    throw new DueShardsMismatchError(tableName, configured, state.dueShards);
  }
  const settings = storeSettings({
    ...options,
    dueShards: configured ?? state.dueShards ?? DEFAULT_DUE_SHARDS,
  });
  state.dueShards ??= settings.dueShards;
  const { sealer, dueShards } = settings;
  const now = options.now ?? Date.now;
  const { items } = state;

  /** The item, unless absent or expired (then evicted, as DynamoDB's TTL would). */
  function live(intentId: string, at: number): Item | undefined {
    const item = items.get(intentId);
    const expiresAt = item?.expiresAt?.N;
    if (expiresAt !== undefined && Number(expiresAt) * 1000 < at) {
      items.delete(intentId);
      return undefined;
    }
    return item;
  }

  /** Refuses an item DynamoDB would refuse as too large, with the error the DynamoDB store gives. */
  function checkSize(item: Item, operation: string, intentId: string, message: string): void {
    if (itemSize(item) > MAX_ITEM_BYTES) {
      throw wrapDynamoError(validationException(message), operation, intentId, { itemWrite: true });
    }
  }

  function putNew(item: Item, operation: string, at: number): { ok: true } | { ok: false; existing: Item } {
    const intentId = item.intentId?.S ?? '';
    checkSize(item, operation, intentId, 'Item size has exceeded the maximum allowed size');
    const existing = live(intentId, at);
    if (existing !== undefined && !holds(NEW_ITEM, existing)) return { ok: false, existing };
    items.set(intentId, structuredClone(item));
    return { ok: true };
  }

  /** One conditional update: the item after it, or the item as it is (`null` when absent). */
  function update(
    intentId: string,
    operation: string,
    plan: WritePlan,
    at: number,
  ): { ok: true; item: Item } | { ok: false; current: Item | null } {
    const current = live(intentId, at);
    // DynamoDB evaluates a condition on an absent item as on one without attributes.
    if (!holds(plan.condition, current ?? {})) return { ok: false, current: current ?? null };
    const next = applyUpdate(plan.update, current ?? { intentId: { S: intentId } });
    if (!next.ok)
      throw wrapDynamoError(validationException(next.reason), operation, intentId, { itemWrite: true });
    checkSize(next.item, operation, intentId, 'Item size to update has exceeded the maximum allowed size');
    items.set(intentId, next.item);
    return { ok: true, item: next.item };
  }

  function transition(intentId: string, operation: string, plan: WritePlan, at: number): TransitionOutcome {
    const out = update(intentId, operation, plan, at);
    if (out.ok) return { ok: true, record: toRecord(out.item, sealer) };
    return { ok: false, current: out.current ? toRecord(out.current, sealer) : null };
  }

  const store: IntentStore = {
    tableName,
    dueShards,
    dueShardOf: (intentId) => dueShardOf(intentId, dueShards),

    async claim(input) {
      const at = now();
      const item = claimItem(settings, input, at);
      const put = putNew(item, 'claim', at);
      if (put.ok) return { kind: 'claimed', record: toRecord(item, sealer) };
      const existing = toRecord(put.existing, sealer);
      return classifyExisting(
        existing,
        input.matchesStoredHash ?? ((stored) => stored === input.payloadHash),
      );
    },

    async claimForResend(input) {
      const at = now();
      return transition(input.intentId, 'claimForResend', claimForResendPlan(settings, input, at), at);
    },

    async recordUnknown(input) {
      const at = now();
      return transition(input.intentId, 'recordUnknown', recordUnknownPlan(settings, input, at), at);
    },

    async advanceStep(input) {
      const at = now();
      return transition(input.intentId, 'advanceStep', advanceStepPlan(settings, input, at), at);
    },

    async extendLease(input) {
      const at = now();
      return transition(input.intentId, 'extendLease', extendLeasePlan(input, at), at);
    },

    async complete(input) {
      const at = now();
      return transition(input.intentId, 'complete', completePlan(settings, input, at), at);
    },

    async recordRejected(input) {
      const at = now();
      const item = rejectedItem(settings, input, at);
      const put = putNew(item, 'recordRejected', at);
      if (put.ok) return { kind: 'recorded', record: toRecord(item, sealer) };
      return { kind: 'exists', record: toRecord(put.existing, sealer) };
    },

    async markPublished(intentIds) {
      const at = now();
      const outcome: MarkPublishedOutcome = { published: [], skipped: [], failed: [] };
      for (const intentId of new Set(intentIds)) {
        try {
          const out = update(intentId, 'markPublished', MARK_PUBLISHED_PLAN, at);
          (out.ok ? outcome.published : outcome.skipped).push(intentId);
        } catch (error) {
          if (!(error instanceof IntentStoreError)) throw error;
          outcome.failed.push({ intentId, error });
        }
      }
      return outcome;
    },

    async deferOutbox(input) {
      const at = now();
      return transition(input.intentId, 'deferOutbox', deferOutboxPlan(input, at), at);
    },

    async findDue(input) {
      const at = input.now ?? now();
      validLimit(input.limit);
      // What the sparse `due` index holds: items with both a shard and a due time, each shard
      // ordered by due time; `limit` from each, merged as on DynamoDB.
      const byShard = new Map<string, { item: Item; due: number }[]>(
        dueShardNames(dueShards).map((shard) => [shard, []]),
      );
      for (const intentId of [...items.keys()]) {
        const item = live(intentId, now());
        const shard = item?.dueShard?.S;
        const due = item?.nextActionAt?.N;
        if (item === undefined || shard === undefined || due === undefined || Number(due) > at) continue;
        byShard.get(shard)?.push({ item, due: Number(due) });
      }
      const pages = [...byShard.values()].flatMap((entries) =>
        entries
          .sort((a, b) => a.due - b.due)
          .slice(0, input.limit)
          .map((entry) => structuredClone(entry.item)),
      );
      return decodeDue(pages, sealer, input.limit);
    },

    async holdUndecodable(input) {
      return { ok: update(input.intentId, 'holdUndecodable', holdUndecodablePlan(input), now()).ok };
    },

    async quarantine(input) {
      const at = now();
      return { ok: update(input.intentId, 'quarantine', quarantinePlan(input, at), at).ok };
    },

    async get(intentId) {
      const item = live(intentId, now());
      return item === undefined ? null : toRecord(item, sealer);
    },
  };
  return store;
}

/** DynamoDB's refusal of a write, so that it is classified exactly as the DynamoDB store's. */
function validationException(message: string): Error {
  const error = new Error(message);
  error.name = 'ValidationException';
  return error;
}
