import { manualClock } from '@vendstream/testing';
import { describe, expect, it } from 'vitest';
import { createMemoryIntentStore, DueShardsMismatchError, MemoryIntentTable } from '../src/index.ts';
import { type ContractStore, storeContract } from './contract.ts';
import { claimInput, redeemIntent, resultData, sealer } from './helpers.ts';

// No network here: the memory store never talks to a server (vitest's global setup still starts
// them for the run as a whole).

/** The memory store on a fresh table per test. */
async function memoryStore(): Promise<ContractStore> {
  const table = new MemoryIntentTable();
  const clock = manualClock();
  return {
    store: createMemoryIntentStore({ table, sealer, now: clock.now }),
    clock,
    withSealer: (other) => createMemoryIntentStore({ table, sealer: other, now: clock.now }),
    rawItem: async (intentId) => table.item(intentId),
    dispose: async () => {},
  };
}

storeContract('memory', memoryStore);

// What only the memory store has: tables shared in one process, and TTL applied on its own clock.
describe('memory store', () => {
  it('lets several stores share one table, as processes share a DynamoDB table', async () => {
    const table = new MemoryIntentTable();
    const clock = manualClock();
    const worker = createMemoryIntentStore({ table, sealer, now: clock.now });
    const reconciler = createMemoryIntentStore({ table, sealer, now: clock.now });
    const input = claimInput(redeemIntent(), 'worker-a', 1_000);
    await worker.claim(input);
    clock.advance(1_001);
    expect((await reconciler.findDue({ limit: 10 })).records.map((r) => r.intentId)).toEqual([
      input.intentId,
    ]);
    expect(
      await reconciler.claimForResend({ intentId: input.intentId, owner: 'reconciler-1', leaseMs: 5_000 }),
    ).toMatchObject({ ok: true, record: { attempts: 2 } });
    expect((await worker.extendLease({ intentId: input.intentId, owner: 'worker-a', leaseMs: 1 })).ok).toBe(
      false,
    );
  });

  it('takes its due shards from the table unless told otherwise, and refuses a contradicting count', async () => {
    const table = new MemoryIntentTable();
    expect(createMemoryIntentStore({ table, sealer, dueShards: 8 }).dueShards).toBe(8);
    expect(createMemoryIntentStore({ table, sealer }).dueShards).toBe(8);
    expect(() => createMemoryIntentStore({ table, sealer, dueShards: 4 })).toThrow(DueShardsMismatchError);
    expect(createMemoryIntentStore({ sealer }).dueShards).toBe(4);
  });

  it('forgets an item once its expiresAt has passed on its clock, but never an unresolved one', async () => {
    const clock = manualClock();
    const store = createMemoryIntentStore({ sealer, now: clock.now, retentionDays: 1 });
    const failed = claimInput();
    const unresolved = claimInput();
    for (const input of [failed, unresolved]) {
      await store.claim(input);
      await store.recordUnknown({
        intentId: input.intentId,
        owner: 'worker-a',
        nextAttemptAt: clock.now(),
        error: { code: 'TIMEOUT', message: 'no answer' },
      });
    }
    for (const [input, status] of [
      [failed, 'failed'],
      [unresolved, 'unresolved'],
    ] as const) {
      await store.complete({
        intentId: input.intentId,
        owner: null,
        status,
        result: resultData(input.intentId, status),
      });
    }
    await store.markPublished([failed.intentId, unresolved.intentId]);
    // expiresAt is in whole seconds (DynamoDB TTL): a day less a second, then a day and a second.
    clock.advance(86_399_000);
    expect(await store.get(failed.intentId)).not.toBeNull();
    clock.advance(2_000);
    expect(await store.get(failed.intentId)).toBeNull();
    // Gone means gone: a redelivery claims it afresh, as after DynamoDB's TTL deleted it.
    expect((await store.claim(failed)).kind).toBe('claimed');
    clock.advance(365 * 86_400_000);
    expect(await store.get(unresolved.intentId)).toMatchObject({ state: 'unresolved' });
  });
});
