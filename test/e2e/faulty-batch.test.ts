import { intentReferences, isIntentType } from '@vendstream/contracts';
import { checkLedger, generateDemoBatch } from '@vendstream/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Pipeline, startPipeline } from '../src/index.ts';

/**
 * Invariants 1 and 2 under faults: thousands of intents, injected latency, hangs (timeouts), 5xx,
 * refused and lost responses, while worker processes are SIGKILLed at random moments and restarted.
 */
describe('a faulty batch while workers are killed and restarted', () => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    pipeline = await startPipeline({ workers: 2, reconcilers: 2 });
  });
  afterAll(async () => {
    await pipeline?.stop();
  });

  it('ends every intent in exactly one terminal state with at most one effect at Flash, always under its own reference', async () => {
    const { sandbox, results, workers, proxy } = pipeline;
    const batch = generateDemoBatch({ count: 2000, faultRatio: 0.1, declineRatio: 0.02 });
    sandbox.addFault({
      match: { probability: 0.2 },
      action: { kind: 'latency', distribution: 'uniform', minMs: 5, maxMs: 150 },
    });
    const expected = batch.intents.length + batch.invalid.length;
    await pipeline.publish([
      ...batch.intents.map((i) => ({ key: i.id, value: JSON.stringify(i.event) })),
      ...batch.invalid.map((m) => ({ key: m.key, value: m.value })),
    ]);

    // Chaos: SIGKILL a random worker whenever another 10% of the results has arrived, restart it.
    let kills = 0;
    let nextKillAt = Math.floor(expected * 0.1);
    const finished = results.waitUntil((r) => r.byIntent.size >= expected, 300_000, `${expected} results`);
    let done = false;
    void finished.finally(() => {
      done = true;
    });
    while (!done && kills < 6) {
      await Promise.race([
        finished.catch(() => undefined),
        results.waitUntil((r) => r.byIntent.size >= nextKillAt, 300_000).catch(() => undefined),
      ]);
      if (done) break;
      const victim = workers[kills % workers.length];
      if (!victim) break;
      await victim.kill('SIGKILL');
      kills++;
      victim.start();
      nextKillAt += Math.floor(expected * 0.1);
    }
    await finished;

    expect(kills).toBeGreaterThanOrEqual(3);
    // Invariant 2: one terminal result per intent, never two different ones.
    expect(results.byIntent.size).toBe(expected);
    expect(results.conflicts).toEqual([]);
    expect(results.invalidEvents).toEqual([]);
    for (const intent of batch.intents) {
      expect(['succeeded', 'failed'], intent.id).toContain(results.byIntent.get(intent.id)?.data.status);
    }
    for (const intent of batch.intents.filter((i) => i.expectDeclined)) {
      expect(results.byIntent.get(intent.id)?.data.status, intent.id).toBe('failed');
    }
    // Invariant 1: the provider's ledger shows at most one transaction per intent (per step).
    const ledger = checkLedger(
      sandbox.ledger(),
      results,
      batch.intents.map((i) => i.id),
    );
    expect(ledger.doubleEffects).toEqual([]);
    expect(ledger.succeededWithoutEffect).toEqual([]);
    expect(ledger.effectWithoutSuccess).toEqual([]);
    expect(ledger.foreignReferences).toEqual([]);
    // Every request ever sent (first tries and retries) carried a reference derived from its intent.
    const derived = new Set<string>();
    for (const intent of batch.intents) {
      if (isIntentType(intent.type))
        for (const ref of Object.values(intentReferences(intent.id, intent.type))) derived.add(ref);
    }
    const sent = proxy.requests.filter((r) => r.reference !== undefined);
    expect(sent.length).toBeGreaterThan(batch.intents.length);
    expect(sent.filter((r) => !derived.has(r.reference ?? ''))).toEqual([]);
    // Results report the references that were used.
    for (const intent of batch.intents) {
      const event = results.byIntent.get(intent.id);
      if (!isIntentType(intent.type) || event?.data.status !== 'succeeded') continue;
      expect(event.data.references).toEqual(Object.values(intentReferences(intent.id, intent.type)));
    }
  }, 400_000);
});
