import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  RateLimiter,
  resendAllowed,
  retryDelay,
  validateRetryPolicy,
  validateWindow,
} from '../src/index.ts';

describe('resendAllowed', () => {
  const window = { windowMs: 30 * 60_000, marginMs: 2 * 60_000 };
  const sentAt = Date.UTC(2026, 10, 24, 8, 0, 0);

  it('allows a resend until the margin before the window closes, and never at or after it', () => {
    const closesAt = sentAt + window.windowMs - window.marginMs;
    expect(resendAllowed(window, sentAt, sentAt)).toBe(true);
    expect(resendAllowed(window, sentAt, closesAt - 1)).toBe(true);
    expect(resendAllowed(window, sentAt, closesAt)).toBe(false);
    expect(resendAllowed(window, sentAt, sentAt + window.windowMs + 1)).toBe(false);
  });

  it('allows any time for an intent never sent', () => {
    expect(resendAllowed(window, undefined, Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it('refuses a margin as large as the window', () => {
    expect(() => validateWindow({ windowMs: 1_000, marginMs: 1_000 })).toThrow(/marginMs/);
  });
});

describe('retryDelay', () => {
  it('doubles from the initial delay up to the cap, with jitter taking at most its share off', () => {
    const policy = { initialDelayMs: 1_000, factor: 2, maxDelayMs: 8_000, jitter: 0.5 };
    const noJitter = () => 0;
    const fullJitter = () => 0.999_999;
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(policy, n, noJitter))).toEqual([
      1_000, 2_000, 4_000, 8_000, 8_000,
    ]);
    expect(retryDelay(policy, 3, fullJitter)).toBe(2_000);
  });

  it('rejects a policy that cannot work', () => {
    expect(() => validateRetryPolicy({ ...DEFAULT_RETRY_POLICY, factor: 0.5 })).toThrow(/factor/);
    expect(() => validateRetryPolicy({ ...DEFAULT_RETRY_POLICY, jitter: 2 })).toThrow(/jitter/);
  });
});

describe('RateLimiter', () => {
  it('spaces the calls of one account', async () => {
    const limiter = new RateLimiter(100); // one call per 10 ms per account
    const started = performance.now();
    await Promise.all([1, 2, 3, 4, 5].map(() => limiter.acquire('acc-1')));
    // Five calls span four intervals (40 ms). A busy machine only adds to that, but timers may fire
    // a millisecond or two early against this clock, so check three intervals: without spacing the
    // five calls take well under one.
    expect(performance.now() - started).toBeGreaterThanOrEqual(30);
  });

  it('does not make another account wait behind a busy one', async () => {
    const limiter = new RateLimiter(100);
    const order: string[] = [];
    const busy = Array.from({ length: 10 }, () => limiter.acquire('acc-1').then(() => order.push('acc-1')));
    const other = limiter.acquire('acc-2').then(() => order.push('acc-2'));
    await Promise.all([...busy, other]);
    // acc-2 goes through before acc-1's queue of ten has drained.
    expect(order.indexOf('acc-2')).toBeLessThan(9);
  });

  it('gives each of n processes an equal share of the limit', () => {
    const limiter = new RateLimiter(200);
    expect(limiter.perSecond).toBeCloseTo(200);
    limiter.shareAmong(4);
    expect(limiter.perSecond).toBeCloseTo(50);
    limiter.shareAmong(1);
    expect(limiter.perSecond).toBeCloseTo(200);
    expect(() => limiter.shareAmong(0)).toThrow(/positive/);
  });
});
