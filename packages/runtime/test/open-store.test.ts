import { intentReferences } from '@vendstream/contracts';
import { testSealingKey, testServiceEnv, uniqueName } from '@vendstream/testing';
import { describe, expect, it } from 'vitest';
import { parseServiceEnv } from '../src/index.ts';
import { refusal, useRuntimes } from './helpers.ts';

/**
 * createRuntime against real Kafka and DynamoDB Local: the intent store's settings that live in
 * the table (due shards, sealing keys in use) refuse a contradicting start with one line naming
 * the variable. Flash is never called.
 */

const start = useRuntimes();
const k1 = testSealingKey('k1');
const k2 = testSealingKey('k2');

function serviceEnv(prefix: string, overrides: Record<string, string> = {}): Record<string, string> {
  return testServiceEnv(prefix, { VEND_SEALING_KEYS: k1, ...overrides });
}

describe('createRuntime: the due shard count is the table’s', () => {
  it('refuses a reconciler whose VEND_DUE_SHARDS contradicts the table a worker set up, and lets an unset one adopt it', async () => {
    const prefix = uniqueName('shards');
    const worker = await start(serviceEnv(prefix, { VEND_DUE_SHARDS: '8' }));
    expect(worker.store.dueShards).toBe(8);
    const error = await refusal(start(serviceEnv(prefix, { VEND_DUE_SHARDS: '4' }), 'reconciler'));
    expect(error.problems).toEqual([
      `VEND_DUE_SHARDS: 4 contradicts table ${prefix}-intents, whose due index has 8 shards (set by the first process that opened it): unset VEND_DUE_SHARDS to use the table's value, or set it to 8`,
    ]);
    const reconciler = await start(serviceEnv(prefix), 'reconciler');
    expect(reconciler.store.dueShards).toBe(8);
  });

  it('refuses a VEND_DUE_SHARDS outside 1..1000 by name', () => {
    expect(() => parseServiceEnv(serviceEnv('x', { VEND_DUE_SHARDS: '0' }))).toThrow(/VEND_DUE_SHARDS/);
    expect(() => parseServiceEnv(serviceEnv('x', { VEND_DUE_SHARDS: '1001' }))).toThrow(/VEND_DUE_SHARDS/);
    expect(() => parseServiceEnv(serviceEnv('x', { VEND_RETIRED_SEALING_KEYS: 'k1,' }))).toThrow(
      /VEND_RETIRED_SEALING_KEYS/,
    );
  });
});

describe('createRuntime: sealing keys the table still uses', () => {
  it('refuses to start without a key that sealed due items, unless the operator retired it', async () => {
    const prefix = uniqueName('keys');
    const old = await start(serviceEnv(prefix));
    for (let i = 0; i < 2; i++) {
      const id = uniqueName('pinned');
      await old.store.claim({
        intentId: id,
        type: '1voucher.redeem',
        payloadHash: 'h',
        references: intentReferences(id, '1voucher.redeem'),
        intent: { id, data: { pin: '4444333322221111' } },
        owner: old.instanceId,
        leaseMs: 60_000,
      });
    }
    const rotated = { VEND_SEALING_KEYS: k2, VEND_SEALING_KEY_ID: 'k2' };
    const error = await refusal(start(serviceEnv(prefix, rotated), 'reconciler'));
    expect(error.problems).toEqual([
      `VEND_SEALING_KEYS: lacks "k1" (2 due items), which due items of table ${prefix}-intents are sealed with: add the key back, or list it in VEND_RETIRED_SEALING_KEYS to start anyway (those items are then reported for a person and quarantined)`,
    ]);
    // Both keys configured (k2 current): starts.
    await start(serviceEnv(prefix, { VEND_SEALING_KEYS: `${k2},${k1}`, VEND_SEALING_KEY_ID: 'k2' }));
    // Retired on purpose: starts (with a loud warning).
    const retired = await start(
      serviceEnv(prefix, { ...rotated, VEND_RETIRED_SEALING_KEYS: 'k1' }),
      'reconciler',
    );
    expect(retired.store.tableName).toBe(`${prefix}-intents`);
  });
});
