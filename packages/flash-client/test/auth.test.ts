import { manualClock } from '@vendstream/testing';
import { describe, expect, it } from 'vitest';
import { createTokenCache, type FetchedToken } from '../src/index.ts';

function deferredFetcher() {
  const pending: { resolve: (t: FetchedToken) => void; reject: (e: Error) => void }[] = [];
  let count = 0;
  return {
    pending,
    get count() {
      return count;
    },
    fetchToken: () => {
      count++;
      return new Promise<FetchedToken>((resolve, reject) => pending.push({ resolve, reject }));
    },
  };
}

describe('token cache', () => {
  it('shares one token request among concurrent callers', async () => {
    const fetcher = deferredFetcher();
    const cache = createTokenCache({ fetchToken: fetcher.fetchToken, now: () => 0, skewMs: 1_000 });
    const waiting = Array.from({ length: 50 }, () => cache.get());
    expect(fetcher.count).toBe(1);
    fetcher.pending[0]?.resolve({ accessToken: 'abc', expiresInSeconds: 3600 });
    expect(new Set(await Promise.all(waiting))).toEqual(new Set(['Bearer abc']));
    expect(cache.peek()).toBe('Bearer abc');
    expect(cache.requests).toBe(1);
  });

  it('refreshes shortly before expiry, with the skew capped at half the lifetime', async () => {
    const clock = manualClock(0);
    const fetcher = deferredFetcher();
    const cache = createTokenCache({ fetchToken: fetcher.fetchToken, now: clock.now, skewMs: 60_000 });
    const first = cache.get();
    fetcher.pending[0]?.resolve({ accessToken: 'one', expiresInSeconds: 10 });
    await first;
    clock.set(4_999);
    expect(cache.peek()).toBe('Bearer one');
    clock.advance(1);
    expect(cache.peek()).toBeUndefined();
    const second = cache.get();
    fetcher.pending[1]?.resolve({ accessToken: 'two', expiresInSeconds: 10 });
    expect(await second).toBe('Bearer two');
  });

  it('refreshes once when many calls report the same rejected token', async () => {
    const fetcher = deferredFetcher();
    const cache = createTokenCache({ fetchToken: fetcher.fetchToken, now: () => 0, skewMs: 0 });
    const first = cache.get();
    fetcher.pending[0]?.resolve({ accessToken: 'old', expiresInSeconds: 3600 });
    const old = await first;
    const retries = Array.from({ length: 10 }, () => {
      cache.invalidate(old);
      return cache.get();
    });
    fetcher.pending[1]?.resolve({ accessToken: 'new', expiresInSeconds: 3600 });
    expect(new Set(await Promise.all(retries))).toEqual(new Set(['Bearer new']));
    cache.invalidate(old);
    expect(cache.peek()).toBe('Bearer new');
    expect(fetcher.count).toBe(2);
  });

  it('lets every waiter see a failed refresh and tries again on the next call', async () => {
    const fetcher = deferredFetcher();
    const cache = createTokenCache({ fetchToken: fetcher.fetchToken, now: () => 0, skewMs: 0 });
    const a = cache.get();
    const b = cache.get();
    fetcher.pending[0]?.reject(new Error('down'));
    await expect(a).rejects.toThrow('down');
    await expect(b).rejects.toThrow('down');
    const c = cache.get();
    fetcher.pending[1]?.resolve({ accessToken: 'up', expiresInSeconds: 60 });
    expect(await c).toBe('Bearer up');
  });
});
