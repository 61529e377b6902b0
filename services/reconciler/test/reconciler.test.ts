import { createServer } from 'node:net';
import type { Intent } from '@vendstream/contracts';
import { type FlashSandbox, startFlashSandbox } from '@vendstream/flash-sandbox';
import { createRuntime, parseServiceEnv, type Runtime } from '@vendstream/runtime';
import { manualClock, uniqueName } from '@vendstream/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReconciler, type Reconciler, type SweepStats } from '../src/index.ts';
import { claimOf, purchaseIntent, reconcilerEnv } from './helpers.ts';

/**
 * The reconciler against real DynamoDB Local, Kafka and the Flash sandbox over HTTP, with one
 * injected clock for the store, the executor and the sweep: the 10-minute window below is crossed
 * by moving the clock, not by waiting. Each first attempt is made the way a worker makes it (claim,
 * then execute with the same runtime parts).
 */

const WINDOW_MS = 10 * 60_000;
const MARGIN_MS = 60_000;

const clock = manualClock();
let sandbox: FlashSandbox;
const runtimes: Runtime[] = [];
let first: Reconciler;
let second: Reconciler;
let baseEnv: Record<string, string>;

async function reconcilerRuntime(env: Record<string, string>, instance: string): Promise<Runtime> {
  const config = parseServiceEnv({ ...env, VEND_INSTANCE_ID: instance });
  const runtime = await createRuntime(config, { role: 'reconciler', now: clock.now });
  runtimes.push(runtime);
  return runtime;
}

beforeAll(async () => {
  sandbox = await startFlashSandbox({ port: 0 });
  const prefix = uniqueName('reconciler');
  const env = reconcilerEnv(prefix, sandbox, {
    // Long enough that an answered call never times out on a loaded machine (a resend that timed
    // out would wait for a back-off these tests' clock does not reach); held calls cost 2 s each.
    FLASH_TIMEOUT_MS: '2000',
    VEND_LEASE_MS: '5000',
    VEND_WINDOW_MS: String(WINDOW_MS),
    VEND_WINDOW_MARGIN_MS: String(MARGIN_MS),
    VEND_RETRY_INITIAL_MS: '1000',
    VEND_RETRY_MAX_MS: '4000',
    VEND_OUTBOX_GRACE_MS: '30000',
  });
  baseEnv = env;
  first = createReconciler(await reconcilerRuntime(env, `${prefix}-r1`));
  second = createReconciler(await reconcilerRuntime(env, `${prefix}-r2`));
}, 120_000);

afterAll(async () => {
  await Promise.all(runtimes.map((r) => r.close()));
  await sandbox?.close();
});

const purchase = (label: string): Intent => purchaseIntent(label, clock.now());

/** The claim a worker makes for a fresh intent (by default through the first runtime). */
async function claim(intent: Intent, runtime = runtimes[0] as Runtime) {
  const claimed = await runtime.store.claim(
    claimOf(intent, {
      payloadHash: runtime.payloads.hash(intent),
      owner: runtime.instanceId,
      leaseMs: runtime.config.VEND_LEASE_MS,
    }),
  );
  if (claimed.kind !== 'claimed') throw new Error(`expected a claim, got ${claimed.kind}`);
  return { runtime, record: claimed.record };
}

/** What a worker does with a fresh intent: claim it, then send it once. */
async function firstAttempt(intent: Intent, through?: Runtime) {
  const { runtime, record } = await claim(intent, through);
  return runtime.executor.execute(record, intent);
}

const count = (stats: SweepStats[], action: keyof SweepStats['actions']) =>
  stats.reduce((sum, s) => sum + (s.actions[action] ?? 0), 0);

const effectsOf = (reference: string) => sandbox.ledger().filter((e) => e.reference === reference);

describe('the reconciler', () => {
  it('resends a lost response with the same reference once its back-off is due, and records the original sale', async () => {
    const intent = purchase('lost');
    sandbox.addFault({
      match: { referencePattern: `^${intent.id}$` },
      action: { kind: 'commit-then-drop' },
      times: 1,
    });
    expect(await firstAttempt(intent)).toMatchObject({ kind: 'pending' });
    expect(effectsOf(intent.id)).toHaveLength(1);

    // Not due yet: the back-off of the first resend has not passed.
    const early = await first.sweep();
    expect(early.actions.resent ?? 0).toBe(0);

    clock.advance(4_000);
    const due = await first.sweep();
    expect(due.actions.resent).toBe(1);
    const record = await runtimes[0]?.store.get(intent.id);
    expect(record).toMatchObject({ state: 'succeeded', attempts: 2, references: { V: intent.id } });
    // The resend got the original answer back: still one sale.
    expect(effectsOf(intent.id)).toHaveLength(1);
  });

  it('resends up to the last moment inside the window, then marks the intent unresolved without sending again', async () => {
    const intent = purchase('hangs');
    // Every request for it is held unanswered: the client times out, the outcome stays unknown.
    const hold = sandbox.addFault({
      match: { referencePattern: `^${intent.id}$` },
      action: { kind: 'hold' },
    });
    const heldBefore = sandbox.heldRequests();
    expect(await firstAttempt(intent)).toMatchObject({ kind: 'pending' });
    const firstSentAt = (await runtimes[0]?.store.get(intent.id))?.firstSentAt ?? Number.NaN;
    expect(sandbox.heldRequests()).toBe(heldBefore + 1);

    // One millisecond before `firstSentAt + window - margin`: still resent, same reference.
    clock.set(firstSentAt + WINDOW_MS - MARGIN_MS - 1);
    const inside = await first.sweep();
    expect(inside.actions.resent).toBe(1);
    expect(sandbox.heldRequests()).toBe(heldBefore + 2);

    // Once the back-off has passed, the window (less its margin) has closed: no third send.
    clock.advance(5_000);
    const after = await first.sweep();
    expect(after.actions.unresolved).toBe(1);
    expect(sandbox.heldRequests()).toBe(heldBefore + 2);
    const record = await runtimes[0]?.store.get(intent.id);
    expect(record?.state).toBe('unresolved');
    expect(record?.result?.error?.code).toBe('WINDOW_CLOSED');
    expect(record?.result?.references).toEqual([intent.id]);

    // Terminal: nothing more to resend, whatever the clock says.
    clock.advance(WINDOW_MS);
    await first.sweep();
    expect(sandbox.heldRequests()).toBe(heldBefore + 2);
    sandbox.removeFault(hold);
  });

  /** A runtime whose Flash endpoint refuses connections: every attempt through it is not-sent. */
  let down: Runtime | undefined;
  async function unreachableRuntime(): Promise<Runtime> {
    if (down !== undefined) return down;
    const closed = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    down = await reconcilerRuntime(
      { ...baseEnv, FLASH_BASE_URL: `http://127.0.0.1:${closed}` },
      `${baseEnv.VEND_TOPIC_PREFIX}-down`,
    );
    return down;
  }

  /** A first attempt that cannot connect: the intent is parked `unknown`, nothing sent. */
  async function refusedAttempt(intent: Intent) {
    return firstAttempt(intent, await unreachableRuntime());
  }

  it('sends an intent that never reached Flash (connection refused) even after the window, once', async () => {
    const intent = purchase('refused');
    expect(await refusedAttempt(intent)).toMatchObject({ kind: 'pending' });
    const parked = await runtimes[0]?.store.get(intent.id);
    expect(parked).toMatchObject({ state: 'unknown', mayHaveSent: false });
    expect(parked?.lastError?.code).toMatch(/^not-sent/);

    // Long after the window would have closed, had anything been sent: still safe to send.
    clock.advance(2 * WINDOW_MS);
    const stats = await first.sweep();
    expect(stats.actions.resent).toBe(1);
    expect(await runtimes[0]?.store.get(intent.id)).toMatchObject({
      state: 'succeeded',
      references: { V: intent.id },
    });
    expect(effectsOf(intent.id)).toHaveLength(1);
  });

  it('gives up on an intent Flash could never be reached for, as failed with nothing sold', async () => {
    const intent = purchase('gone');
    expect(await refusedAttempt(intent)).toMatchObject({ kind: 'pending' });
    const runtime = await unreachableRuntime();
    clock.advance(runtime.config.VEND_GIVE_UP_UNSENT_MS);
    // Flash is still unreachable when the reconciler tries again.
    const stats = await createReconciler(runtime).sweep();
    expect(stats.found).toBeGreaterThan(0);
    const record = await runtime.store.get(intent.id);
    expect(record?.state).toBe('failed');
    expect(record?.result?.error).toMatchObject({ code: 'PROVIDER_UNREACHABLE', source: 'vendstream' });
    expect(effectsOf(intent.id)).toEqual([]);
  });

  it('lets two reconcilers sweeping at once resend each due intent exactly once', async () => {
    const intents = Array.from({ length: 12 }, () => purchase('pair'));
    const drop = sandbox.addFault({
      match: { referencePattern: '^pair-' },
      action: { kind: 'commit-then-drop' },
      times: intents.length,
    });
    for (const intent of intents) expect(await firstAttempt(intent)).toMatchObject({ kind: 'pending' });
    sandbox.removeFault(drop);

    clock.advance(4_000);
    const stats = await Promise.all([first.sweep(), second.sweep()]);
    expect(count(stats, 'resent')).toBe(intents.length);
    for (const intent of intents) {
      expect((await runtimes[0]?.store.get(intent.id))?.state).toBe('succeeded');
      expect(effectsOf(intent.id)).toHaveLength(1);
    }
  });

  it('lets one of two reconcilers republish a result left in the outbox, and only once per grace period', async () => {
    // Results of the earlier tests are published and their flags cleared first, so that only this
    // intent is left in the outbox (the publishers clear flags on a timer of their own).
    await Promise.all(runtimes.map((r) => r.publisher.flushOutbox()));
    const intent = purchase('outbox');
    const { runtime } = await claim(intent);
    // The worker recorded the outcome and died before publishing it.
    await runtime.store.complete({
      intentId: intent.id,
      owner: runtime.instanceId,
      status: 'failed',
      result: {
        intentId: intent.id,
        intentType: intent.type,
        status: 'failed',
        references: [intent.id],
        attempts: 1,
        provider: 'flash',
        error: { code: '2003', message: 'Insufficient funds', source: 'provider' },
        completedAt: new Date(clock.now()).toISOString(),
      },
    });
    clock.advance(runtime.config.VEND_OUTBOX_GRACE_MS);
    const stats = await Promise.all([first.sweep(), second.sweep()]);
    expect(count(stats, 'republished')).toBe(1);
    // The next sweep, before the publisher has cleared the flag, does not republish it again.
    const again = await Promise.all([first.sweep(), second.sweep()]);
    expect(count(again, 'republished')).toBe(0);
  });
});
