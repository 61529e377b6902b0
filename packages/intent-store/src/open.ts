import { type MissingSealingKey, SealingKeysMissingError } from './errors.ts';
import { createIntentStore } from './store.ts';
import type { IntentStore, IntentStoreOptions } from './store-types.ts';
import { countDueSealedWith, ensureTableMeta, type TableMeta } from './table-meta.ts';

export interface OpenIntentStoreOptions extends Omit<IntentStoreOptions, 'dueShards'> {
  /**
   * The due shards this process expects. Unset: the table's (the first process to open a table sets
   * it, default 4). Set and different from the table's: `DueShardsMismatchError`.
   */
  dueShards?: number | undefined;
  /** Every key id the sealer can open. A key id recorded in the table and missing here is checked. */
  sealingKeyIds: readonly string[];
  /**
   * Key ids the operator has retired on purpose: due items sealed with them do not refuse the start
   * (the reconciler reports and quarantines them instead).
   */
  retiredSealingKeyIds?: readonly string[];
  /**
   * Called once, before the store is returned, with every recorded key this process lacks when none
   * of them refuses the start (retired, or sealing no due item): the caller logs it loudly.
   */
  onMissingSealingKeys?: (missing: MissingSealingKey[], meta: TableMeta) => void;
  /** Due items counted per missing key before saying "at least". Default 10 000. */
  countBound?: number;
}

/**
 * Opens the store the way a service must: reads (or, first, creates) the table's meta item, takes
 * its due-shard count from there, records this process's sealing key, and refuses to start when
 * due items are sealed with a key this process lacks and the operator has not retired it.
 *
 * ```ts
 * const store = await openIntentStore({ client, tableName, sealer, sealingKeyIds: ['k1', 'k2'] });
 * ```
 */
export async function openIntentStore(options: OpenIntentStoreOptions): Promise<IntentStore> {
  const {
    dueShards,
    sealingKeyIds,
    retiredSealingKeyIds = [],
    onMissingSealingKeys,
    countBound,
    ...storeOptions
  } = options;
  const meta = await ensureTableMeta(options.client, options.tableName, {
    dueShards,
    sealingKeyId: options.sealer.currentKeyId,
    ...(options.now ? { now: options.now } : {}),
  });
  const store = createIntentStore({ ...storeOptions, dueShards: meta.dueShards });
  const lacking = meta.sealingKeyIds.filter((keyId) => !sealingKeyIds.includes(keyId));
  if (lacking.length === 0) return store;
  const counts = await countDueSealedWith(
    options.client,
    options.tableName,
    meta.dueShards,
    lacking,
    countBound,
  );
  const missing: MissingSealingKey[] = lacking.map((keyId) => ({
    keyId,
    dueItems: counts.get(keyId)?.dueItems ?? 0,
    atLeast: counts.get(keyId)?.atLeast ?? false,
    retired: retiredSealingKeyIds.includes(keyId),
  }));
  if (missing.some((key) => key.dueItems > 0 && !key.retired)) {
    throw new SealingKeysMissingError(options.tableName, missing);
  }
  onMissingSealingKeys?.(missing, meta);
  return store;
}
