import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  type FlashOutcome,
  type FlashRequests,
  isResendable,
  resendSameReference,
  retryDelayMs,
} from '../src/index.ts';

type Purchase = FlashRequests['1voucher.purchase'];
const base = { operation: '1voucher.purchase' as const, reference: 'r-1' };
const timeout: FlashOutcome<never> = {
  ...base,
  kind: 'unknown',
  reason: 'timeout',
  detail: 't',
  httpStatus: undefined,
  code: undefined,
  response: undefined,
};
const throttled: FlashOutcome<never> = {
  ...base,
  kind: 'throttled',
  httpStatus: 429,
  code: undefined,
  retryAfterMs: undefined,
  detail: '',
};
const notSent: FlashOutcome<never> = { ...base, kind: 'not-sent', reason: 'connection-refused', detail: '' };
const succeeded: FlashOutcome<{ responseCode: number }> = {
  ...base,
  kind: 'succeeded',
  httpStatus: 200,
  response: { responseCode: 0 },
  transactionId: 'T',
};
const declined: FlashOutcome<never> = {
  ...base,
  kind: 'declined',
  httpStatus: 200,
  code: 2003,
  message: '',
  response: { responseCode: 2003 },
};

/** A fake `send` that plays back outcomes and records every body it was given. */
function scripted(outcomes: FlashOutcome<unknown>[]) {
  const bodies: Purchase[] = [];
  return {
    bodies,
    send: async (_op: '1voucher.purchase', body: Purchase) => {
      bodies.push(body);
      const next = outcomes.shift();
      if (!next) throw new Error('script exhausted');
      return next as FlashOutcome<never>;
    },
  };
}

const noSleep = { sleeps: [] as number[], sleep: async (ms: number) => void noSleepRecord(ms) };
function noSleepRecord(ms: number) {
  noSleep.sleeps.push(ms);
}

describe('retry policy', () => {
  it('grows delays by the factor, caps them, and spreads them by the jitter', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, initialDelayMs: 100, factor: 2, maxDelayMs: 500, jitter: 0.5 };
    expect([1, 2, 3, 4].map((n) => retryDelayMs(policy, n, () => 0.5))).toEqual([100, 200, 400, 500]);
    expect(retryDelayMs(policy, 1, () => 0)).toBe(50);
    expect(retryDelayMs(policy, 1, () => 0.999999)).toBeCloseTo(150, 3);
  });

  it('resends throttled, not-sent and listed unknown outcomes but never final ones', () => {
    expect([timeout, throttled, notSent].map((o) => isResendable(o))).toEqual([true, true, true]);
    expect([succeeded, declined].map((o) => isResendable(o))).toEqual([false, false]);
    expect(isResendable({ ...timeout, reason: 'ambiguous-code' })).toBe(false);
  });
});

describe('resendSameReference', () => {
  it('resends the identical body until an outcome is final and never changes the reference', async () => {
    const script = scripted([timeout, throttled, notSent, succeeded]);
    const request: Purchase = { reference: 'r-1', accountNumber: 'A1', amount: 100 };
    const sleeps: number[] = [];
    const result = await resendSameReference(script, '1voucher.purchase', request, {
      sleep: async (ms) => {
        sleeps.push(ms);
        // A caller mutating its object mid-retry must not change what is sent.
        request.reference = 'changed';
      },
      random: () => 0.5,
    });
    expect(result).toMatchObject({ attempts: 4, stoppedBecause: 'final', outcome: { kind: 'succeeded' } });
    expect(script.bodies.map((b) => b.reference)).toEqual(['r-1', 'r-1', 'r-1', 'r-1']);
    expect(sleeps).toEqual([250, 500, 1000]);
  });

  it('stops at the first declined outcome', async () => {
    const script = scripted([timeout, declined, succeeded]);
    const result = await resendSameReference(
      script,
      '1voucher.purchase',
      { reference: 'r-1', accountNumber: 'A', amount: 1 },
      { sleep: noSleep.sleep },
    );
    expect(result).toMatchObject({ attempts: 2, stoppedBecause: 'final', outcome: { kind: 'declined' } });
  });

  it('gives up after the policy attempts and returns the last outcome', async () => {
    const script = scripted([timeout, timeout, timeout]);
    const result = await resendSameReference(
      script,
      '1voucher.purchase',
      { reference: 'r-1', accountNumber: 'A', amount: 1 },
      { sleep: noSleep.sleep, policy: { attempts: 3 } },
    );
    expect(result).toMatchObject({
      attempts: 3,
      stoppedBecause: 'attempts-exhausted',
      outcome: { kind: 'unknown' },
    });
  });

  it('starts no attempt past the deadline (the end of the idempotency window)', async () => {
    let clock = 1_000;
    const script = scripted([timeout, timeout, timeout]);
    const result = await resendSameReference(
      script,
      '1voucher.purchase',
      { reference: 'r-1', accountNumber: 'A', amount: 1 },
      {
        now: () => clock,
        sleep: async (ms) => {
          clock += ms;
        },
        random: () => 0.5,
        deadline: 1_600,
      },
    );
    // 1000 + 250 < 1600: second attempt; 1250 + 500 >= 1600: stop.
    expect(result).toMatchObject({ attempts: 2, stoppedBecause: 'deadline' });
  });

  it('waits at least a throttled answer’s Retry-After, within the cap', async () => {
    const script = scripted([{ ...throttled, retryAfterMs: 3_000 } as FlashOutcome<never>, succeeded]);
    const sleeps: number[] = [];
    await resendSameReference(
      script,
      '1voucher.purchase',
      { reference: 'r-1', accountNumber: 'A', amount: 1 },
      {
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        random: () => 0.5,
      },
    );
    expect(sleeps).toEqual([3_000]);
  });
});
