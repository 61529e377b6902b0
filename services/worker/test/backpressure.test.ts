import { SANDBOX_ACCOUNTS } from '@vendstream/flash-sandbox';
import { intentMessage } from '@vendstream/harness';
import { uniqueName, waitFor } from '@vendstream/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startWorkerStack, type WorkerStack } from './helpers.ts';

const account = SANDBOX_ACCOUNTS.main.accountNumber;
const purchase = (id: string) =>
  intentMessage(id, '1voucher.purchase', { accountNumber: account, amount: 5_000 });
/** `^id$` for the sandbox's reference match (ids are `<prefix>-<hex>`: nothing to escape). */
const exactly = (id: string) => `^${id}$`;

let stack: WorkerStack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

describe('a slow ordering key', () => {
  it('does not hold the in-flight slots: other keys are answered while its 300 intents wait behind a held call (invariant 5)', async () => {
    stack = await startWorkerStack();
    const { sandbox, results, producer, runtime, worker } = stack;
    const slowKey = uniqueName('wallet');
    const slow = Array.from({ length: 300 }, () => uniqueName('slow'));
    const others = Array.from({ length: 5 }, () => uniqueName('other'));
    const hold = sandbox.addFault({
      match: { referencePattern: exactly(slow[0] ?? '') },
      action: { kind: 'hold' },
    });
    await producer.send({
      topic: runtime.topics.intents,
      acks: -1,
      messages: slow.map((id) => ({ ...purchase(id), key: slowKey })),
    });
    await waitFor(() => sandbox.heldRequests() === 1, { description: 'the first slow call held' });
    await producer.send({ topic: runtime.topics.intents, acks: -1, messages: others.map(purchase) });

    // With slots taken in front of the key queue, the 299 waiting intents would hold all 256 slots
    // and these five would never start.
    await results.waitUntil((r) => others.every((id) => r.byIntent.has(id)), 60_000, 'the other keys');
    for (const id of others) expect(results.byIntent.get(id)?.data.status).toBe('succeeded');
    expect(sandbox.heldRequests()).toBe(1);
    expect(slow.filter((id) => results.byIntent.has(id))).toEqual([]);
    const waiting = worker.stats();
    expect(waiting.inFlight).toBe(1); // only the held call
    expect(waiting.largestKeyQueue).toBe(300);

    sandbox.removeFault(hold);
    await results.waitUntil((r) => slow.every((id) => r.byIntent.has(id)), 120_000, 'the slow key');
    // Still one after another, in the order produced.
    const sent = sandbox
      .ledger()
      .map((entry) => entry.reference)
      .filter((reference) => slow.includes(reference));
    expect(sent).toEqual(slow);
  }, 240_000);
});

describe('memory held for one ordering key', () => {
  it('stays within the per-key limit when one key receives 100,000 messages: only its partition pauses, and resumes as it drains', async () => {
    const PER_KEY = 100;
    stack = await startWorkerStack({ worker: { maxQueuedPerKey: PER_KEY } });
    const { sandbox, results, producer, runtime, worker } = stack;
    const flood = Array.from({ length: 100_000 }, (_, i) => `${uniqueName('flood')}-${i}`);
    const floodKey = uniqueName('flood-key');
    const hold = sandbox.addFault({
      match: { referencePattern: exactly(flood[0] ?? '') },
      action: { kind: 'hold' },
    });
    // Every message the worker holds is sampled; the bound must hold at every sample, not just at
    // the end.
    let largestSeen = 0;
    let queuedBytesSeen = 0;
    const sampler = setInterval(() => {
      const stats = worker.stats();
      largestSeen = Math.max(largestSeen, stats.largestKeyQueue);
      queuedBytesSeen = Math.max(queuedBytesSeen, stats.queuedBytes);
    }, 5);
    try {
      for (let i = 0; i < flood.length; i += 2_000) {
        await producer.send({
          topic: runtime.topics.intents,
          acks: -1,
          messages: flood.slice(i, i + 2_000).map((id) => ({ ...purchase(id), key: floodKey, partition: 0 })),
        });
      }
      await waitFor(() => worker.stats().pausedPartitions === 1, {
        description: 'the flooded partition paused',
        timeoutMs: 60_000,
      });
      expect(worker.stats().largestKeyQueue).toBe(PER_KEY);

      // The other partition is not held back by the flooded one.
      const others = Array.from({ length: 10 }, () => uniqueName('other'));
      await producer.send({
        topic: runtime.topics.intents,
        acks: -1,
        messages: others.map((id) => ({ ...purchase(id), partition: 1 })),
      });
      await results.waitUntil((r) => others.every((id) => r.byIntent.has(id)), 60_000, 'the other partition');

      sandbox.removeFault(hold);
      // Draining past half the limit resumes the partition, which refetches from where it paused.
      const drained = flood.slice(0, 3 * PER_KEY);
      await results.waitUntil((r) => drained.every((id) => r.byIntent.has(id)), 120_000, 'the flood drains');
    } finally {
      clearInterval(sampler);
    }
    expect(largestSeen).toBeLessThanOrEqual(PER_KEY);
    const messageBytes = Buffer.byteLength(purchase(flood[0] ?? '').value) + 16;
    expect(queuedBytesSeen).toBeLessThanOrEqual((PER_KEY + 10) * messageBytes);
    // Nothing was skipped while the partition paused and resumed: the first 300 sold in order.
    const sold = sandbox
      .ledger()
      .map((entry) => entry.reference)
      .filter((reference) => reference.includes('flood-'));
    expect(sold.slice(0, 3 * PER_KEY)).toEqual(flood.slice(0, 3 * PER_KEY));
  }, 300_000);
});
