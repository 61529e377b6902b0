import { SANDBOX_ACCOUNTS } from '@vendstream/flash-sandbox';
import { checkLedger } from '@vendstream/harness';
import { uniqueName, waitFor } from '@vendstream/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type Pipeline, type PipelineOptions, startPipeline } from '../src/index.ts';

const account = SANDBOX_ACCOUNTS.main.accountNumber;

function purchase(id: string, key = id) {
  return {
    key,
    value: JSON.stringify({
      specversion: '1.0',
      id,
      source: 'urn:test',
      type: '1voucher.purchase',
      time: new Date().toISOString(),
      ...(key !== id ? { orderingkey: key } : {}),
      data: { accountNumber: account, amount: 5_000 },
    }),
  };
}

describe('operating the worker', () => {
  let pipeline: Pipeline | undefined;
  const start = async (options: PipelineOptions) => {
    pipeline = await startPipeline(options);
    return pipeline;
  };
  afterEach(async () => {
    await pipeline?.stop();
    pipeline = undefined;
  });

  it('on SIGTERM finishes the intents in flight, commits, and leaves the rest to the next worker, sending nothing twice', async () => {
    // No reconciler: whatever the stopping worker leaves unfinished would stay unfinished.
    const p = await start({
      reconcilers: 0,
      env: { VEND_MAX_IN_FLIGHT: '20', VEND_SHUTDOWN_GRACE_MS: '10000' },
    });
    p.sandbox.addFault({ match: { operation: '1voucher.purchase' }, action: { kind: 'latency', ms: 300 } });
    const ids = Array.from({ length: 150 }, () => uniqueName('term'));
    await p.publish(ids.map((id) => purchase(id)));
    await p.results.waitUntil((r) => r.byIntent.size >= 20, 60_000, 'the first results');
    const worker = p.workers[0];
    if (!worker) throw new Error('no worker');
    expect(await worker.kill('SIGTERM')).toBe(0);
    expect(worker.lines.some((l) => l.includes('worker stopped'))).toBe(true);
    // Everything the stopped worker had sent to Flash got its result before the process exited.
    const sentBeforeStop = new Set(p.proxy.requests.flatMap((r) => (r.reference ? [r.reference] : [])));
    await p.results.waitUntil(
      (r) => [...sentBeforeStop].every((ref) => r.byIntent.has(ref)),
      30_000,
      'in-flight results',
    );
    expect(sentBeforeStop.size).toBeLessThan(ids.length);

    worker.start();
    await p.results.waitUntil((r) => ids.every((id) => r.byIntent.has(id)), 120_000, 'every result');
    for (const id of ids) expect(p.proxy.sentWithReference(id), id).toHaveLength(1);
    expect(checkLedger(p.sandbox.ledger(), p.results, ids).ok).toBe(true);
  }, 240_000);

  it('runs intents that share an ordering key in the order they were produced', async () => {
    const p = await start({});
    p.sandbox.addFault({
      match: { operation: '1voucher.purchase' },
      action: { kind: 'latency', distribution: 'uniform', minMs: 0, maxMs: 60 },
    });
    const wallet = uniqueName('wallet');
    const ordered = Array.from({ length: 25 }, (_, i) => `${wallet}-${String(i).padStart(2, '0')}`);
    const unordered = Array.from({ length: 25 }, () => uniqueName('free'));
    await p.publish(ordered.flatMap((id, i) => [purchase(id, wallet), purchase(unordered[i] ?? id)]));
    await p.results.waitUntil(
      (r) => [...ordered, ...unordered].every((id) => r.byIntent.has(id)),
      60_000,
      'all results',
    );
    const sentOrder = p.proxy.requests.map((r) => r.reference).filter((ref) => ref?.startsWith(wallet));
    expect(sentOrder).toEqual(ordered);
  }, 120_000);

  it('keeps a batch under the per-account rate limit, shared by the workers, so Flash never throttles it', async () => {
    // Two workers under one limit of 40/s: each takes 20/s. Each at 40/s would reach 80/s and trip
    // the throttle at 50.
    const p = await start({ workers: 2, env: { FLASH_RATE_LIMIT_PER_ACCOUNT: '40' } });
    await waitFor(
      () =>
        p.workers.every((w) =>
          w.lines.some((l) => l.includes('rate limit shared') && l.includes('"members":2')),
        ),
      { description: 'both workers to share the limit', timeoutMs: 60_000 },
    );
    p.sandbox.addFault({ match: { accountNumber: account }, action: { kind: 'throttle', maxPerSecond: 50 } });
    const ids = Array.from({ length: 120 }, () => uniqueName('paced'));
    await p.publish(ids.map((id) => purchase(id)));
    await p.results.waitUntil((r) => ids.every((id) => r.byIntent.has(id)), 60_000, 'every result');
    expect(ids.every((id) => p.results.byIntent.get(id)?.data.status === 'succeeded')).toBe(true);
    expect(p.proxy.requests.filter((r) => r.status === 429)).toEqual([]);
  }, 120_000);

  it('backs off when Flash throttles anyway, and still sells each intent exactly once', async () => {
    const p = await start({ env: { FLASH_RATE_LIMIT_PER_ACCOUNT: '1000' } });
    p.sandbox.addFault({ match: { accountNumber: account }, action: { kind: 'throttle', maxPerSecond: 30 } });
    const ids = Array.from({ length: 120 }, () => uniqueName('burst'));
    await p.publish(ids.map((id) => purchase(id)));
    await p.results.waitUntil((r) => ids.every((id) => r.byIntent.has(id)), 120_000, 'every result');
    expect(p.proxy.requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    expect(ids.every((id) => p.results.byIntent.get(id)?.data.status === 'succeeded')).toBe(true);
    const ledger = checkLedger(p.sandbox.ledger(), p.results, ids);
    expect(ledger.doubleEffects).toEqual([]);
    expect(ledger.effects).toBe(ids.length);
  }, 180_000);
});
