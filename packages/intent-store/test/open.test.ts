import { randomBytes, randomUUID } from 'node:crypto';
import { DeleteTableCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { createSecretSealer, type SecretSealer } from '@vendstream/contracts';
import { manualClock } from '@vendstream/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ClaimInput,
  createIntentStore,
  DueShardsMismatchError,
  ensureIntentsTable,
  type IntentStore,
  META_ITEM_ID,
  type MissingSealingKey,
  type OpenIntentStoreOptions,
  openIntentStore,
  SealingKeysMissingError,
} from '../src/index.ts';
import { claimInput, createClient, redeemIntent } from './helpers.ts';

const client = createClient();
let tableName: string;
const clock = manualClock();

beforeEach(async () => {
  tableName = `intents-${randomUUID()}`;
  await ensureIntentsTable(client, tableName, { pollMs: 50 });
});
afterEach(async () => {
  await client.send(new DeleteTableCommand({ TableName: tableName }));
});

const keys = { k1: randomBytes(32), k2: randomBytes(32) };
const sealerOf = (...ids: ('k1' | 'k2')[]): SecretSealer =>
  createSecretSealer({
    keys: Object.fromEntries(ids.map((id) => [id, keys[id]])),
    currentKeyId: ids[0] ?? 'k1',
  });

/** What a service does at start: open the store with its settings. */
function open(options: Partial<OpenIntentStoreOptions> & { keyIds?: ('k1' | 'k2')[] } = {}) {
  const { keyIds = ['k1'], ...rest } = options;
  return openIntentStore({
    client,
    tableName,
    sealer: sealerOf(...keyIds),
    sealingKeyIds: keyIds,
    now: clock.now,
    ...rest,
  });
}

/** A claim due a second after it is made (the clock below moves past it). */
const claimDueSoon = (): ClaimInput => claimInput(redeemIntent(), 'w', 1_000);

/** Claims until every one of the store's shards holds at least one due intent. */
async function claimInEveryShard(store: IntentStore, shards: number): Promise<ClaimInput[]> {
  const inputs: ClaimInput[] = [];
  const used = () => new Set(inputs.map((i) => store.dueShardOf(i.intentId))).size;
  while (used() < shards) inputs.push(claimDueSoon());
  await Promise.all(inputs.map((input) => store.claim(input)));
  return inputs;
}

describe('the due shard count lives in the table', () => {
  it('is set by the first process and refuses a second process configured with another count', async () => {
    const writer = await open({ dueShards: 8 });
    const error = await open({ dueShards: 4 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DueShardsMismatchError);
    expect(error).toMatchObject({
      code: 'DUE_SHARDS_MISMATCH',
      scope: 'service',
      tableName,
      configured: 4,
      table: 8,
    });
    expect((error as Error).message).toBe(
      `dueShards 4 contradicts table ${tableName}, whose due index has 8 shards`,
    );
    // The same count, or none, is accepted.
    await open({ dueShards: 8 });
    expect(writer.tableName).toBe(tableName);
  });

  it('lets a process without a setting adopt the table’s count and read every shard a writer used', async () => {
    const writer = await open({ dueShards: 8 });
    const inputs = await claimInEveryShard(writer, 8);
    clock.advance(1_000);
    const reader = await open();
    const due = await reader.findDue({ limit: 1_000 });
    expect(due.records.map((r) => r.intentId).sort()).toEqual(inputs.map((i) => i.intentId).sort());
    // What happened before: a reader on the old default of 4 shards missed half of them.
    const stale = createIntentStore({ client, tableName, sealer: sealerOf('k1'), now: clock.now });
    expect((await stale.findDue({ limit: 1_000 })).records.length).toBeLessThan(inputs.length);
  });

  it('uses 4 shards for a table first opened without a setting, and the meta item is never due', async () => {
    const first = await open();
    const inputs = await claimInEveryShard(first, 4);
    await expect(open({ dueShards: 5 })).rejects.toMatchObject({ configured: 5, table: 4 });
    clock.advance(365 * 24 * 3600_000);
    const due = await first.findDue({ limit: 1_000 });
    expect(due.records).toHaveLength(inputs.length);
    expect(due.undecodable).toEqual([]);
    // Not in any due shard: the meta item has no dueShard.
    for (let shard = 0; shard < 4; shard++) {
      const out = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'due',
          KeyConditionExpression: 'dueShard = :s',
          ExpressionAttributeValues: { ':s': { S: `due#${shard}` } },
        }),
      );
      expect(out.Items?.map((item) => item.intentId?.S)).not.toContain(META_ITEM_ID);
    }
    expect(META_ITEM_ID.length).toBeGreaterThan(200);
  });

  it('agrees on one count when several processes open a new table at once', async () => {
    const settled = await Promise.allSettled([open({ dueShards: 2 }), open({ dueShards: 3 })]);
    // Whoever wrote first set it; the other is refused, and a process without a setting adopts it.
    const opened = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    expect(opened).toHaveLength(1);
    expect(settled.find((s) => s.status === 'rejected')).toMatchObject({
      reason: { code: 'DUE_SHARDS_MISMATCH', table: opened[0]?.dueShards },
    });
    expect((await open()).dueShards).toBe(opened[0]?.dueShards);
  });
});

describe('sealing keys the table still uses', () => {
  it('refuses to start without a key that seals due items, naming the key and the count', async () => {
    const old = await open({ keyIds: ['k1'] });
    for (let i = 0; i < 3; i++) await old.claim(claimDueSoon());
    const error = await open({ keyIds: ['k2'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SealingKeysMissingError);
    expect(error).toMatchObject({ code: 'SEALING_KEYS_MISSING', scope: 'service' });
    expect((error as SealingKeysMissingError).missing).toEqual([
      { keyId: 'k1', dueItems: 3, atLeast: false, retired: false },
    ]);
    expect((error as Error).message).toBe(
      `table ${tableName} has due items sealed with keys that are not configured: "k1" (3 due items)`,
    );
    // With the old key still configured for opening, it starts.
    await open({ keyIds: ['k2', 'k1'] });
  });

  it('starts with a warning when the operator retired the key, counting up to the bound', async () => {
    const old = await open({ keyIds: ['k1'] });
    for (let i = 0; i < 5; i++) await old.claim(claimDueSoon());
    const warned: MissingSealingKey[][] = [];
    const store = await open({
      keyIds: ['k2'],
      retiredSealingKeyIds: ['k1'],
      countBound: 3,
      onMissingSealingKeys: (missing) => warned.push(missing),
    });
    expect(warned).toEqual([[{ keyId: 'k1', dueItems: 3, atLeast: true, retired: true }]]);
    clock.advance(1_000);
    expect((await store.findDue({ limit: 10 })).undecodable).toHaveLength(5);
  });

  it('starts with a warning when no due item uses the missing key', async () => {
    const old = await open({ keyIds: ['k1'] });
    const input = claimDueSoon();
    await old.claim(input);
    await old.complete({
      intentId: input.intentId,
      owner: 'w',
      status: 'failed',
      result: {
        intentId: input.intentId,
        status: 'failed',
        references: [],
        attempts: 1,
        provider: 'flash',
        completedAt: new Date(clock.now()).toISOString(),
        error: { code: 'X', message: 'x', source: 'provider' },
      },
    });
    await old.markPublished([input.intentId]);
    const warned: MissingSealingKey[][] = [];
    await open({ keyIds: ['k2'], onMissingSealingKeys: (missing) => warned.push(missing) });
    expect(warned).toEqual([[{ keyId: 'k1', dueItems: 0, atLeast: false, retired: false }]]);
  });
});
