import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../src/index.ts';

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
