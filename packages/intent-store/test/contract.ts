import { randomBytes } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  createPayloadHasher,
  createSecretSealer,
  intentReferences,
  payloadHash,
  type SecretSealer,
} from '@vendstream/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ClaimInput, type IntentStore, IntentStoreError } from '../src/index.ts';
import { claimInput, PIN, redeemIntent, resultData } from './helpers.ts';

/** One store under test, on a table of its own. */
export interface ContractStore {
  store: IntentStore;
  /** The store's clock (starts at the real time: DynamoDB Local applies TTL by the real clock). */
  clock: { now: () => number; advance: (ms: number) => void };
  /** Another store on the same table, with another sealer: a process holding other keys. */
  withSealer(sealer: SecretSealer): IntentStore;
  /** The item as the table holds it (sealed values sealed), as DynamoDB's GetItem returns it. */
  rawItem(intentId: string): Promise<Record<string, AttributeValue> | undefined>;
  dispose(): Promise<void>;
}

/**
 * The behaviour every `IntentStore` owes its callers, run against each implementation (DynamoDB
 * Local in store.test.ts, memory in memory-store.test.ts). What only one implementation can show
 * (a missing DynamoDB table, the memory store's shared tables) stays in that file.
 */
export function storeContract(name: string, factory: () => Promise<ContractStore>): void {
  describe(`IntentStore contract: ${name}`, () => {
    let t: ContractStore;
    let store: IntentStore;

    beforeEach(async () => {
      t = await factory();
      store = t.store;
    });
    afterEach(async () => {
      await t.dispose();
    });

    /** The decodable due records (what the earlier API returned). */
    async function dueRecords(limit: number) {
      return (await store.findDue({ limit })).records;
    }

    /** An intent claimed by `worker-a` and completed `succeeded`: what a worker leaves behind. */
    async function claimedAndSucceeded(input = claimInput(), extra: { outboxGraceMs?: number } = {}) {
      await store.claim(input);
      await store.complete({
        intentId: input.intentId,
        owner: 'worker-a',
        status: 'succeeded',
        result: resultData(input.intentId, 'succeeded'),
        ...extra,
      });
      return input;
    }

    describe('claim', () => {
      it('creates an in-flight item with a lease, attempt 1 and a due time at lease expiry', async () => {
        const input = claimInput();
        const outcome = await store.claim(input);
        expect(outcome.kind).toBe('claimed');
        const record = await store.get(input.intentId);
        expect(record).toMatchObject({
          intentId: input.intentId,
          type: '1voucher.redeem',
          state: 'in_flight',
          payloadHash: input.payloadHash,
          references: { V: input.intentId },
          currentStep: 'V',
          firstSentAt: t.clock.now(),
          attempts: 1,
          leaseOwner: 'worker-a',
          leaseExpiresAt: t.clock.now() + 30_000,
          nextActionAt: t.clock.now() + 30_000,
          dueShard: store.dueShardOf(input.intentId),
          outboxPending: false,
          batchId: 'batch-1',
          intent: input.intent,
        });
      });

      it('lets exactly one of two concurrent claims of one id win; the loser gets the existing record', async () => {
        const intent = redeemIntent();
        const [a, b] = await Promise.all([
          store.claim(claimInput(intent, 'worker-a')),
          store.claim(claimInput(intent, 'worker-b')),
        ]);
        const kinds = [a.kind, b.kind].sort();
        expect(kinds).toEqual(['claimed', 'in-progress']);
        const loser = a.kind === 'in-progress' ? a : b;
        const winner = a.kind === 'claimed' ? a : b;
        if (loser.kind !== 'in-progress' || winner.kind !== 'claimed') throw new Error('unreachable');
        expect(loser.record.leaseOwner).toBe(winner.record.leaseOwner);
      });

      it('reports in-progress for an expired lease too, so a worker never sends an intent twice', async () => {
        const input = claimInput();
        await store.claim(input);
        t.clock.advance(60_000);
        const again = await store.claim({ ...input, owner: 'worker-b' });
        expect(again).toMatchObject({ kind: 'in-progress', record: { leaseOwner: 'worker-a', attempts: 1 } });
      });

      it('rejects the same id with a different payload without touching the stored item', async () => {
        const intent = redeemIntent();
        await store.claim(claimInput(intent));
        const other = { ...intent, data: { ...intent.data, amount: 500 } };
        const outcome = await store.claim(claimInput(other, 'worker-b'));
        expect(outcome).toMatchObject({
          kind: 'payload-mismatch',
          existing: { payloadHash: payloadHash(intent) },
        });
        expect((await store.get(intent.id))?.leaseOwner).toBe('worker-a');
      });

      it('compares payloads with the caller’s matcher when given (keyed hashes survive a key rotation)', async () => {
        const intent = redeemIntent();
        const before = createPayloadHasher({ keys: { k1: randomBytes(32) }, currentKeyId: 'k1' });
        await store.claim({ ...claimInput(intent), payloadHash: before.hash(intent) });
        // After rotation the new hash differs as a string, yet the same payload is recognised.
        const after = createPayloadHasher({ keys: { k2: randomBytes(32) }, currentKeyId: 'k2' });
        const rotated = await store.claim({
          ...claimInput(intent, 'worker-b'),
          payloadHash: after.hash(intent),
          matchesStoredHash: (stored) => before.matches(intent, stored),
        });
        expect(rotated.kind).toBe('in-progress');
        const other = { ...intent, data: { ...intent.data, amount: 500 } };
        const mismatch = await store.claim({
          ...claimInput(other, 'worker-b'),
          payloadHash: after.hash(other),
          matchesStoredHash: (stored) => before.matches(other, stored),
        });
        expect(mismatch.kind).toBe('payload-mismatch');
      });

      it('reports already-terminal with the stored result for a completed intent', async () => {
        const input = await claimedAndSucceeded();
        const again = await store.claim({ ...input, owner: 'worker-b' });
        expect(again).toMatchObject({
          kind: 'already-terminal',
          record: { state: 'succeeded', outboxPending: true, result: { status: 'succeeded' } },
        });
      });
    });

    describe('complete', () => {
      it('moves the lease holder’s intent to a terminal state with the outbox pending and a republish deadline', async () => {
        const input = claimInput();
        await store.claim(input);
        t.clock.advance(1_000);
        const response = { responseCode: 0, voucher: { pin: '1111222233334444', serialNumber: 'SN1' } };
        const done = await store.complete({
          intentId: input.intentId,
          owner: 'worker-a',
          status: 'succeeded',
          result: resultData(input.intentId, 'succeeded', { providerResponse: response }),
          response,
        });
        expect(done.ok).toBe(true);
        const record = await store.get(input.intentId);
        expect(record).toMatchObject({
          state: 'succeeded',
          outboxPending: true,
          nextActionAt: t.clock.now() + 60_000,
          lastResponse: response,
          result: { providerResponse: response },
        });
        expect(record).not.toHaveProperty('leaseOwner');
        expect(record).not.toHaveProperty('leaseExpiresAt');
      });

      it('refuses a caller that no longer holds the lease and returns the current item', async () => {
        const input = claimInput();
        await store.claim(input);
        const lost = await store.complete({
          intentId: input.intentId,
          owner: 'worker-b',
          status: 'failed',
          result: resultData(input.intentId, 'failed'),
        });
        expect(lost).toMatchObject({ ok: false, current: { state: 'in_flight', leaseOwner: 'worker-a' } });
      });

      it('lets a caller without a lease complete only unknown or lease-expired intents', async () => {
        const input = claimInput();
        await store.claim(input);
        const tooEarly = await store.complete({
          intentId: input.intentId,
          owner: null,
          status: 'unresolved',
          result: resultData(input.intentId, 'unresolved'),
        });
        expect(tooEarly.ok).toBe(false);
        t.clock.advance(30_001);
        const ok = await store.complete({
          intentId: input.intentId,
          owner: null,
          status: 'unresolved',
          result: resultData(input.intentId, 'unresolved'),
        });
        expect(ok).toMatchObject({ ok: true, record: { state: 'unresolved' } });
      });

      it('keeps an unresolved record forever (no TTL) while other terminal states keep expiring', async () => {
        const unresolved = claimInput();
        const failed = claimInput();
        for (const input of [unresolved, failed]) {
          await store.claim(input);
          await store.recordUnknown({
            intentId: input.intentId,
            owner: 'worker-a',
            nextAttemptAt: t.clock.now(),
            error: { code: 'TIMEOUT', message: 'no answer' },
          });
        }
        const rawExpiresAt = async (intentId: string) => (await t.rawItem(intentId))?.expiresAt;
        expect(await rawExpiresAt(unresolved.intentId)).toBeDefined();
        const done = await store.complete({
          intentId: unresolved.intentId,
          owner: null,
          status: 'unresolved',
          result: resultData(unresolved.intentId, 'unresolved'),
        });
        expect(done.ok).toBe(true);
        expect(done.ok && done.record).not.toHaveProperty('expiresAt');
        expect(await rawExpiresAt(unresolved.intentId)).toBeUndefined();
        t.clock.advance(1_000);
        await store.complete({
          intentId: failed.intentId,
          owner: null,
          status: 'failed',
          result: resultData(failed.intentId, 'failed'),
        });
        expect(Number((await rawExpiresAt(failed.intentId))?.N)).toBe(
          Math.floor(t.clock.now() / 1000) + 30 * 86_400,
        );
      });

      it('returns current null for an intent that does not exist', async () => {
        const missing = await store.complete({
          intentId: 'nope',
          owner: 'w',
          status: 'failed',
          result: resultData('nope', 'failed'),
        });
        expect(missing).toEqual({ ok: false, current: null });
      });
    });

    describe('recordUnknown and claimForResend', () => {
      it('parks an unknown outcome until the next attempt time, then lets one reconciler resend it', async () => {
        const input = claimInput();
        await store.claim(input);
        const parked = await store.recordUnknown({
          intentId: input.intentId,
          owner: 'worker-a',
          nextAttemptAt: t.clock.now() + 5_000,
          error: { code: 'TIMEOUT', message: 'no response in 10 s' },
        });
        expect(parked).toMatchObject({
          ok: true,
          record: { state: 'unknown', nextActionAt: t.clock.now() + 5_000, lastError: { code: 'TIMEOUT' } },
        });
        expect(parked.ok && parked.record).not.toHaveProperty('leaseOwner');

        t.clock.advance(5_000);
        const [r1, r2] = await Promise.all([
          store.claimForResend({ intentId: input.intentId, owner: 'reconciler-1', leaseMs: 20_000 }),
          store.claimForResend({ intentId: input.intentId, owner: 'reconciler-2', leaseMs: 20_000 }),
        ]);
        const winners = [r1, r2].filter((r) => r.ok);
        const losers = [r1, r2].filter((r) => !r.ok);
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(1);
        const winner = winners[0];
        if (!winner?.ok) throw new Error('unreachable');
        expect(winner.record).toMatchObject({
          state: 'in_flight',
          attempts: 2,
          leaseExpiresAt: t.clock.now() + 20_000,
          firstSentAt: t.clock.now() - 5_000,
        });
        expect(losers[0]).toMatchObject({
          ok: false,
          current: { state: 'in_flight', leaseOwner: winner.record.leaseOwner },
        });
      });

      it('refuses the old lease holder after recordUnknown', async () => {
        const input = claimInput();
        await store.claim(input);
        await store.recordUnknown({
          intentId: input.intentId,
          owner: 'worker-a',
          nextAttemptAt: t.clock.now(),
          error: { code: 'E', message: 'e' },
        });
        const again = await store.recordUnknown({
          intentId: input.intentId,
          owner: 'worker-a',
          nextAttemptAt: t.clock.now(),
          error: { code: 'E', message: 'e' },
        });
        expect(again).toMatchObject({ ok: false, current: { state: 'unknown' } });
      });

      it('takes over a lease the millisecond after it expires, and an unknown outcome from its due time on', async () => {
        const leased = claimInput(redeemIntent(), 'worker-a', 30_000);
        const parked = claimInput(redeemIntent(), 'worker-a', 30_000);
        await store.claim(leased);
        await store.claim(parked);
        await store.recordUnknown({
          intentId: parked.intentId,
          owner: 'worker-a',
          nextAttemptAt: t.clock.now() + 30_000,
          error: { code: 'TIMEOUT', message: 'no answer' },
        });
        t.clock.advance(29_999);
        const resend = (input: ClaimInput) =>
          store.claimForResend({ intentId: input.intentId, owner: 'r', leaseMs: 1_000 });
        expect((await resend(parked)).ok).toBe(false);
        t.clock.advance(1);
        // At the lease's expiry its holder may still be finishing; an unknown outcome is due.
        expect((await resend(leased)).ok).toBe(false);
        expect((await resend(parked)).ok).toBe(true);
        t.clock.advance(1);
        expect((await resend(leased)).ok).toBe(true);
      });

      it('takes over an in-flight intent only once its lease has expired', async () => {
        const input = claimInput();
        await store.claim(input);
        const early = await store.claimForResend({ intentId: input.intentId, owner: 'r', leaseMs: 1_000 });
        expect(early).toMatchObject({ ok: false, current: { leaseOwner: 'worker-a' } });
        t.clock.advance(30_001);
        const onlyUnknown = await store.claimForResend({
          intentId: input.intentId,
          owner: 'r',
          leaseMs: 1_000,
          expect: 'unknown',
        });
        expect(onlyUnknown.ok).toBe(false);
        const late = await store.claimForResend({
          intentId: input.intentId,
          owner: 'r',
          leaseMs: 1_000,
          expect: ['in_flight'],
        });
        expect(late).toMatchObject({ ok: true, record: { leaseOwner: 'r', attempts: 2 } });
        const slowWorker = await store.complete({
          intentId: input.intentId,
          owner: 'worker-a',
          status: 'succeeded',
          result: resultData(input.intentId, 'succeeded'),
        });
        expect(slowWorker).toMatchObject({ ok: false, current: { leaseOwner: 'r' } });
      });

      it('lets no one resend an unknown intent before its back-off is over, even from a stale read', async () => {
        const input = claimInput();
        await store.claim(input);
        await store.recordUnknown({
          intentId: input.intentId,
          owner: 'worker-a',
          nextAttemptAt: t.clock.now() + 5_000,
          error: { code: 'TIMEOUT', message: 'no response' },
        });
        const early = await store.claimForResend({ intentId: input.intentId, owner: 'r', leaseMs: 1_000 });
        expect(early).toMatchObject({ ok: false, current: { state: 'unknown' } });
        t.clock.advance(5_000);
        const due = await store.claimForResend({ intentId: input.intentId, owner: 'r', leaseMs: 1_000 });
        expect(due.ok).toBe(true);
      });

      it('tracks whether an attempt may have reached Flash, and starts the window with the first that may have', async () => {
        const input = claimInput();
        await store.claim(input);
        const claimedAt = t.clock.now();
        expect((await store.get(input.intentId))?.mayHaveSent).toBe(false);
        // Connection refused: nothing left; the window has not started.
        t.clock.advance(60_000);
        const refused = await store.recordUnknown({
          intentId: input.intentId,
          owner: 'worker-a',
          nextAttemptAt: t.clock.now(),
          error: { code: 'not-sent:refused', message: 'ECONNREFUSED' },
          mayHaveSent: false,
        });
        expect(refused).toMatchObject({ ok: true, record: { mayHaveSent: false, firstSentAt: claimedAt } });
        // The resend times out: it may have reached Flash, and its start opens the window.
        await store.claimForResend({
          intentId: input.intentId,
          owner: 'r',
          leaseMs: 1_000,
          expect: 'unknown',
        });
        const sentAt = t.clock.now();
        const timedOut = await store.recordUnknown({
          intentId: input.intentId,
          owner: 'r',
          nextAttemptAt: t.clock.now(),
          error: { code: 'unknown:timeout', message: 'no answer' },
          mayHaveSent: true,
          sentAt,
        });
        expect(timedOut).toMatchObject({ ok: true, record: { mayHaveSent: true, firstSentAt: sentAt } });
      });

      it('marks a taken-over intent as possibly sent: its worker died mid-call', async () => {
        const input = claimInput(redeemIntent(), 'worker-a', 1_000);
        await store.claim(input);
        t.clock.advance(1_001);
        const taken = await store.claimForResend({
          intentId: input.intentId,
          owner: 'r',
          leaseMs: 1_000,
          expect: 'in_flight',
          markMayHaveSent: true,
        });
        expect(taken).toMatchObject({ ok: true, record: { mayHaveSent: true } });
      });

      it('never resends a terminal intent', async () => {
        const input = claimInput();
        await store.claim(input);
        await store.complete({
          intentId: input.intentId,
          owner: 'worker-a',
          status: 'failed',
          result: resultData(input.intentId, 'failed'),
        });
        t.clock.advance(10 * 60_000);
        const resend = await store.claimForResend({ intentId: input.intentId, owner: 'r', leaseMs: 1_000 });
        expect(resend).toMatchObject({ ok: false, current: { state: 'failed' } });
      });
    });

    describe('advanceStep', () => {
      function utilityClaim() {
        const intent = {
          specversion: '1.0' as const,
          id: `pu-${Math.random().toString(36).slice(2)}`,
          source: 'urn:test',
          type: 'prepaid-utility.purchase' as const,
          time: '2025-01-01T10:00:00Z',
          data: { accountNumber: 'ACC1', amount: 5000, meterNumber: '0123456789' },
        };
        return {
          intent,
          input: {
            ...claimInput(),
            intentId: intent.id,
            type: intent.type,
            intent,
            payloadHash: payloadHash(intent),
            references: intentReferences(intent.id, intent.type),
          },
        };
      }

      it('records the lookup response, starts the purchase step’s window and keeps the lease', async () => {
        const { input } = utilityClaim();
        await store.claim(input);
        expect((await store.get(input.intentId))?.currentStep).toBe('L');
        t.clock.advance(2_000);
        const lookup = { responseCode: 0, transactionId: '998877' };
        const advanced = await store.advanceStep({
          intentId: input.intentId,
          owner: 'worker-a',
          completedStep: 'L',
          nextStep: 'P',
          response: lookup,
        });
        expect(advanced).toMatchObject({
          ok: true,
          record: {
            currentStep: 'P',
            firstSentAt: t.clock.now(),
            stepResponses: { L: lookup },
            leaseOwner: 'worker-a',
            attempts: 2,
            state: 'in_flight',
          },
        });
      });

      it('refuses to advance twice from the same step or to a step the intent does not have', async () => {
        const { input } = utilityClaim();
        await store.claim(input);
        const first = await store.advanceStep({
          intentId: input.intentId,
          owner: 'worker-a',
          completedStep: 'L',
          nextStep: 'P',
          response: {},
        });
        expect(first.ok).toBe(true);
        const twice = await store.advanceStep({
          intentId: input.intentId,
          owner: 'worker-a',
          completedStep: 'L',
          nextStep: 'P',
          response: {},
        });
        expect(twice).toMatchObject({ ok: false, current: { currentStep: 'P' } });
        const bogus = await store.advanceStep({
          intentId: input.intentId,
          owner: 'worker-a',
          completedStep: 'P',
          nextStep: 'Z',
          response: {},
        });
        expect(bogus.ok).toBe(false);
      });
    });

    describe('extendLease', () => {
      it('pushes the lease and the due time forward for the holder only', async () => {
        const input = claimInput();
        await store.claim(input);
        t.clock.advance(10_000);
        expect(
          await store.extendLease({ intentId: input.intentId, owner: 'worker-a', leaseMs: 30_000 }),
        ).toMatchObject({
          ok: true,
          record: { leaseExpiresAt: t.clock.now() + 30_000, nextActionAt: t.clock.now() + 30_000 },
        });
        expect((await store.extendLease({ intentId: input.intentId, owner: 'x', leaseMs: 1 })).ok).toBe(
          false,
        );
      });
    });

    describe('recordRejected', () => {
      it('stores a rejected intent once and returns the existing item on a second attempt', async () => {
        const id = 'bad-intent-1';
        const first = await store.recordRejected({
          intentId: id,
          type: 'nope',
          result: resultData(id, 'rejected'),
        });
        expect(first).toMatchObject({
          kind: 'recorded',
          record: { state: 'rejected', outboxPending: true, attempts: 0 },
        });
        const second = await store.recordRejected({ intentId: id, result: resultData(id, 'rejected') });
        expect(second).toMatchObject({ kind: 'exists', record: { state: 'rejected', type: 'nope' } });
        const claimAfter = await store.claim({ ...claimInput(), intentId: id });
        expect(claimAfter.kind).toBe('already-terminal');
      });
    });

    describe('findDue and markPublished', () => {
      it('returns only due items, oldest first, and nothing once completed and published', async () => {
        const a = claimInput(redeemIntent(), 'w', 10_000);
        const b = claimInput(redeemIntent(), 'w', 20_000);
        const c = claimInput(redeemIntent(), 'w', 90_000);
        for (const input of [a, b, c]) await store.claim(input);
        expect(await dueRecords(10)).toEqual([]);
        t.clock.advance(25_000);
        expect((await dueRecords(10)).map((r) => r.intentId)).toEqual([a.intentId, b.intentId]);
        expect((await dueRecords(1)).map((r) => r.intentId)).toEqual([a.intentId]);

        for (const input of [a, b, c]) {
          const claimed = await store.claimForResend({
            intentId: input.intentId,
            owner: 'r',
            leaseMs: 5_000,
            expect: 'in_flight',
          });
          if (input === c) expect(claimed.ok).toBe(false);
        }
        await store.extendLease({ intentId: c.intentId, owner: 'w', leaseMs: 1_000 });
        for (const input of [a, b]) {
          await store.complete({
            intentId: input.intentId,
            owner: 'r',
            status: 'succeeded',
            result: resultData(input.intentId, 'succeeded'),
            outboxGraceMs: 1_000,
          });
        }
        await store.complete({
          intentId: c.intentId,
          owner: 'w',
          status: 'failed',
          result: resultData(c.intentId, 'failed'),
          outboxGraceMs: 1_000,
        });
        t.clock.advance(1_000);
        // Unpublished results are due for republishing...
        const due = await dueRecords(10);
        expect(due.map((r) => r.intentId).sort()).toEqual([a.intentId, b.intentId, c.intentId].sort());
        expect(due.every((r) => r.outboxPending && r.result !== undefined)).toBe(true);
        // ...until they are published.
        const marked = await store.markPublished([a.intentId, b.intentId, c.intentId, a.intentId, 'missing']);
        expect(marked.published.sort()).toEqual([a.intentId, b.intentId, c.intentId].sort());
        expect(marked.skipped).toEqual(['missing']);
        expect(marked.failed).toEqual([]);
        t.clock.advance(24 * 3600_000);
        expect(await dueRecords(10)).toEqual([]);
        const record = await store.get(a.intentId);
        expect(record).toMatchObject({ outboxPending: false, state: 'succeeded' });
        expect(record).not.toHaveProperty('nextActionAt');
        expect(record).not.toHaveProperty('dueShard');
      });

      it('lets exactly one reconciler take an unpublished result for republishing, and hides it until the new time', async () => {
        const input = await claimedAndSucceeded(claimInput(), { outboxGraceMs: 1_000 });
        t.clock.advance(1_000);
        const [seen] = await dueRecords(10);
        const seenNextActionAt = seen?.nextActionAt ?? -1;
        const until = t.clock.now() + 60_000;
        const [first, second] = await Promise.all([
          store.deferOutbox({ intentId: input.intentId, seenNextActionAt, until }),
          store.deferOutbox({ intentId: input.intentId, seenNextActionAt, until }),
        ]);
        expect([first?.ok, second?.ok].filter(Boolean)).toHaveLength(1);
        expect(await dueRecords(10)).toEqual([]);
        t.clock.advance(60_000);
        expect((await dueRecords(10)).map((r) => r.intentId)).toEqual([input.intentId]);
        await store.markPublished([input.intentId]);
        const afterPublish = await store.deferOutbox({
          intentId: input.intentId,
          seenNextActionAt: until,
          until,
        });
        expect(afterPublish.ok).toBe(false);
      });

      it('returns a due item it cannot decode apart, naming its key, and forgets it once quarantined', async () => {
        const good = claimInput(redeemIntent(), 'w', 1_000);
        const bad = claimInput(redeemIntent(), 'w', 1_000);
        await store.claim(good);
        // The same table written by a process with a key this store lacks.
        const k9 = createSecretSealer({ keys: { k9: randomBytes(32) }, currentKeyId: 'k9' });
        const foreign = t.withSealer(k9);
        await foreign.claim(bad);
        t.clock.advance(1_000);
        const due = await store.findDue({ limit: 10 });
        expect(due.records.map((r) => r.intentId)).toEqual([good.intentId]);
        expect(due.undecodable).toEqual([
          {
            intentId: bad.intentId,
            code: 'UNREADABLE_ITEM',
            keyId: 'k9',
            message: expect.stringContaining('"k9"'),
            type: '1voucher.redeem',
            batchId: 'batch-1',
            dueShard: store.dueShardOf(bad.intentId),
            nextActionAt: t.clock.now(),
          },
        ]);
        expect(due.undecodable[0]?.message).not.toContain(PIN);

        const [item] = due.undecodable;
        if (!item) throw new Error('no undecodable item');
        const until = t.clock.now() + 60_000;
        const held = await Promise.all([
          store.holdUndecodable({ intentId: item.intentId, seenNextActionAt: item.nextActionAt, until }),
          store.holdUndecodable({ intentId: item.intentId, seenNextActionAt: item.nextActionAt, until }),
        ]);
        expect(held.filter((h) => h.ok)).toHaveLength(1);
        expect((await store.findDue({ limit: 10 })).undecodable).toEqual([]);
        const reason = { code: 'UNREADABLE_ITEM', message: item.message, keyId: 'k9' };
        const from = { dueShard: item.dueShard, nextActionAt: item.nextActionAt };
        // Not while someone else moved it since.
        expect(
          await store.quarantine({ intentId: item.intentId, seenNextActionAt: 1, from, reason }),
        ).toEqual({
          ok: false,
        });
        expect(
          await store.quarantine({ intentId: item.intentId, seenNextActionAt: until, from, reason }),
        ).toEqual({ ok: true });
        t.clock.advance(24 * 3600_000);
        expect((await store.findDue({ limit: 10 })).undecodable).toEqual([]);
        const raw = { Item: await t.rawItem(bad.intentId) };
        expect(raw.Item).not.toHaveProperty('dueShard');
        expect(raw.Item).not.toHaveProperty('nextActionAt');
        expect(raw.Item?.quarantinedFrom).toEqual({
          M: { dueShard: { S: item.dueShard }, nextActionAt: { N: String(item.nextActionAt) } },
        });
        expect(raw.Item?.quarantineReason?.M?.keyId).toEqual({ S: 'k9' });
        expect(raw.Item?.quarantinedAt).toBeDefined();
        // The item itself is untouched: with its key back it reads as before.
        expect(await foreign.get(bad.intentId)).toMatchObject({ state: 'in_flight', intent: bad.intent });
      });

      it('skips intents that are not terminal yet', async () => {
        const input = claimInput();
        await store.claim(input);
        expect(await store.markPublished([input.intentId])).toMatchObject({
          published: [],
          skipped: [input.intentId],
        });
      });

      it('finds due work in every shard', async () => {
        // Random ids until every shard has some (24 random ids miss a shard about once in 250 runs).
        const inputs: ClaimInput[] = [];
        const shards = () => new Set(inputs.map((i) => store.dueShardOf(i.intentId))).size;
        while (inputs.length < 24 || shards() < 4) inputs.push(claimInput(redeemIntent(), 'w', 1_000));
        await Promise.all(inputs.map((input) => store.claim(input)));
        t.clock.advance(1_000);
        expect(await dueRecords(100)).toHaveLength(inputs.length);
      });
    });

    describe('errors', () => {
      it('reports a claim DynamoDB refuses as too large as ITEM_REJECTED for that item, not retriable, nothing written', async () => {
        const intent = redeemIntent();
        const input = { ...claimInput(intent), intent: { ...intent, filler: 'x'.repeat(450_000) } };
        const error = await store.claim(input).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(IntentStoreError);
        expect(error).toMatchObject({
          code: 'ITEM_REJECTED',
          scope: 'item',
          retriable: false,
          intentId: intent.id,
        });
        expect(await store.get(intent.id)).toBeNull();
      });

      it('accepts an item just under DynamoDB’s 400 KB limit and refuses one just over it', async () => {
        // 400 KB is 409,600 bytes; the rest of a claimed item is about 1 KB.
        const under = redeemIntent();
        const accepted = await store.claim({
          ...claimInput(under),
          intent: { ...under, filler: 'x'.repeat(400_000) },
        });
        expect(accepted.kind).toBe('claimed');
        const over = redeemIntent();
        await expect(
          store.claim({ ...claimInput(over), intent: { ...over, filler: 'x'.repeat(410_000) } }),
        ).rejects.toMatchObject({ code: 'ITEM_REJECTED' });
        expect(await store.get(over.id)).toBeNull();
      });

      it('refuses an update that would grow the item past 400 KB as ITEM_REJECTED and leaves the item as it was', async () => {
        const input = claimInput();
        await store.claim(input);
        const response = { voucher: { pin: PIN }, filler: 'y'.repeat(450_000) };
        const error = await store
          .complete({
            intentId: input.intentId,
            owner: 'worker-a',
            status: 'succeeded',
            result: resultData(input.intentId, 'succeeded'),
            response,
          })
          .catch((e: unknown) => e);
        expect(error).toMatchObject({
          code: 'ITEM_REJECTED',
          scope: 'item',
          retriable: false,
          intentId: input.intentId,
        });
        expect(await store.get(input.intentId)).toMatchObject({
          state: 'in_flight',
          leaseOwner: 'worker-a',
          outboxPending: false,
        });
      });

      it('reports a value that cannot be sealed as SEALING_FAILED for that item, nothing written', async () => {
        const intent = redeemIntent();
        let deep: unknown = { pin: PIN };
        for (let i = 0; i < 40; i++) deep = { inner: deep };
        const error = await store.claim({ ...claimInput(intent), intent: deep }).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'SEALING_FAILED', scope: 'item', retriable: false });
        expect(await store.get(intent.id)).toBeNull();
      });

      it('reports an existing item sealed under a key it does not have as UNREADABLE_ITEM naming the key id', async () => {
        const intent = redeemIntent();
        const input = claimInput(intent);
        const foreign = t.withSealer(
          createSecretSealer({ keys: { k9: randomBytes(32) }, currentKeyId: 'k9' }),
        );
        expect((await foreign.claim(input)).kind).toBe('claimed');
        const error = await store.claim(claimInput(intent)).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(IntentStoreError);
        expect(error).toMatchObject({
          code: 'UNREADABLE_ITEM',
          scope: 'item',
          retriable: false,
          keyId: 'k9',
          intentId: input.intentId,
        });
        expect(String((error as Error).message)).toContain('"k9"');
      });
    });

    describe('at rest', () => {
      it('keeps PINs and tokens out of the raw item and sets the TTL attribute', async () => {
        const input = claimInput();
        await store.claim(input);
        const token = '56781234567812345678';
        await store.complete({
          intentId: input.intentId,
          owner: 'worker-a',
          status: 'succeeded',
          result: resultData(input.intentId, 'succeeded', { providerResponse: { tokens: [{ token }] } }),
          response: { voucher: { pin: '9999000099990000' }, tokens: [{ token }] },
        });
        const raw = { Item: await t.rawItem(input.intentId) };
        const text = JSON.stringify(raw.Item);
        expect(text).toContain(input.intentId);
        expect(text).not.toContain(PIN);
        expect(text).not.toContain('9999000099990000');
        expect(text).not.toContain(token);
        expect(Number(raw.Item?.expiresAt?.N)).toBe(Math.floor(t.clock.now() / 1000) + 30 * 86_400);
        // ...while callers get the secrets back.
        expect((await store.get(input.intentId))?.intent).toMatchObject({ data: { pin: PIN } });
      });
    });
  });
}
