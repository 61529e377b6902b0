import { randomBytes } from 'node:crypto';
import { createSecretSealer, type Intent, payloadHash, type ResultEvent } from '@vendstream/contracts';
import { type FlashSandbox, startFlashSandbox } from '@vendstream/flash-sandbox';
import { createIntentStore } from '@vendstream/intent-store';
import { createRuntime, parseServiceEnv, type Runtime } from '@vendstream/runtime';
import { manualClock, uniqueName, waitFor } from '@vendstream/testing';
import type { Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReconciler, type SweepStats } from '../src/index.ts';
import { claimOf, purchaseIntent, reconcilerEnv } from './helpers.ts';

/**
 * Records the reconciler cannot decode (sealed under a key it does not have) at the head of the
 * only due shard, in front of intents it can resend: against DynamoDB Local, Kafka and the Flash
 * sandbox, with an injected clock.
 */

const clock = manualClock();
let sandbox: FlashSandbox;
let runtime: Runtime;
let consumer: Consumer;
/** needs-person events per intent id, and the last offset read per partition. */
const reports = new Map<string, ResultEvent[]>();
const consumed = new Map<number, bigint>();

beforeAll(async () => {
  sandbox = await startFlashSandbox({ port: 0 });
  const prefix = uniqueName('undecodable');
  const config = parseServiceEnv(
    reconcilerEnv(prefix, sandbox, {
      VEND_DUE_SHARDS: '1',
      // Generous: a resend that timed out on a loaded machine would wait for a back-off this test's
      // clock never reaches (it failed that way in CI with 300 ms).
      FLASH_TIMEOUT_MS: '10000',
      VEND_LEASE_MS: '30000',
      VEND_INSTANCE_ID: `${prefix}-r`,
    }),
  );
  runtime = await createRuntime(config, { role: 'reconciler', now: clock.now });
  consumer = runtime.kafka.consumer({ groupId: uniqueName('people') });
  await consumer.connect();
  await consumer.subscribe({ topic: runtime.topics.needsPerson, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const event = JSON.parse(message.value?.toString() ?? '{}') as ResultEvent;
      reports.set(event.data.intentId, [...(reports.get(event.data.intentId) ?? []), event]);
      consumed.set(partition, BigInt(message.offset));
    },
  });
}, 120_000);

afterAll(async () => {
  await consumer?.disconnect();
  await runtime?.close();
  await sandbox?.close();
});

// A PIN in the data, so the stored intent holds a sealed value.
const purchase = (label: string): Intent => purchaseIntent(label, clock.now(), { metadata: { pin: '1234' } });

/** Waits until the consumer has read every needs-person message published so far. */
async function readEverything(): Promise<void> {
  const admin = runtime.kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(runtime.topics.needsPerson);
  await admin.disconnect();
  await waitFor(
    () =>
      ends.every(
        ({ partition, high }) => BigInt(high) === 0n || (consumed.get(partition) ?? -1n) >= BigInt(high) - 1n,
      ),
    { description: 'every needs-person message read' },
  );
}

describe('undecodable due records', () => {
  it('are reported once for a person and moved out of the due index, so the intents behind them are resent', async () => {
    // A process that sealed with a key this reconciler does not have (k9, since removed).
    const foreign = createIntentStore({
      client: runtime.dynamo,
      tableName: runtime.store.tableName,
      sealer: createSecretSealer({ keys: { k9: randomBytes(32) }, currentKeyId: 'k9' }),
      dueShards: 1,
      now: clock.now,
    });
    const lost = Array.from({ length: 100 }, () => purchase('lost-key'));
    for (const intent of lost) {
      await foreign.claim(
        claimOf(intent, { payloadHash: payloadHash(intent), owner: 'worker-gone', leaseMs: 1_000 }),
      );
    }
    // Ten intents whose worker died mid-call, due after the hundred (their leases are longer).
    const readable = Array.from({ length: 10 }, () => purchase('readable'));
    for (const intent of readable) {
      await runtime.store.claim(
        claimOf(intent, { payloadHash: runtime.payloads.hash(intent), owner: 'worker-gone', leaseMs: 2_000 }),
      );
    }
    clock.advance(3_000);

    const reconciler = createReconciler(runtime, { batchSize: 100 });
    const stats: SweepStats[] = [];
    const resent = async () => {
      const states = await Promise.all(readable.map((i) => runtime.store.get(i.id)));
      return states.every((record) => record?.state === 'succeeded');
    };
    for (let sweep = 0; sweep < 4 && !(await resent()); sweep++) stats.push(await reconciler.sweep());
    expect(await resent()).toBe(true);
    const total = (action: keyof SweepStats['actions']) =>
      stats.reduce((sum, s) => sum + (s.actions[action] ?? 0), 0);
    expect(total('quarantined')).toBe(lost.length);
    expect(total('resent')).toBe(readable.length);

    // Later sweeps, however late, never read them again (the ten results' outbox flags cleared
    // first: the publisher clears them on a timer of its own).
    await runtime.publisher.flushOutbox();
    clock.advance(24 * 3_600_000);
    expect(await reconciler.sweep()).toEqual({ found: 0, actions: {} });
    expect((await runtime.store.findDue({ limit: 1_000 })).undecodable).toEqual([]);

    await readEverything();
    for (const intent of lost) {
      const events = reports.get(intent.id) ?? [];
      expect(events, intent.id).toHaveLength(1);
      expect(events[0]?.data).toMatchObject({
        intentId: intent.id,
        intentType: '1voucher.purchase',
        status: 'unresolved',
        error: { code: 'RECORD_UNDECODABLE', source: 'vendstream' },
      });
      expect(events[0]?.data.error?.message).toContain('"k9"');
    }
    // Never the sealed value, opened or not.
    const text = JSON.stringify([...reports.values()]);
    expect(text).not.toContain('$sealed');
    expect(text).not.toContain('1234');
    for (const intent of readable) expect(reports.has(intent.id)).toBe(false);
  });
});
