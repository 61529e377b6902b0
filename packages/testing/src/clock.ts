/**
 * A clock a test moves by hand, injected wherever the code under test takes `now: () => number`:
 * a 30-minute idempotency window or a lease expiry is then crossed in one call, not waited for.
 */
export interface ManualClock {
  /** The clock's time in epoch ms. A plain function, so `{ now: clock.now }` works unbound. */
  readonly now: () => number;
  /** Moves the clock to `ms` (epoch ms), forwards or backwards: for landing on an exact boundary. */
  set(ms: number): void;
  /** Moves the clock forward by `ms`; never back (a negative step is a test bug, use `set`). */
  advance(ms: number): void;
}

/**
 * A manual clock starting at `start`. The default is the real time, not a fixed date: DynamoDB
 * Local deletes items whose TTL (`expiresAt`) has passed by the real clock within seconds, so a
 * clock stuck in the past made items vanish in the middle of tests. Pass a fixed start where a
 * test needs a stable date (e.g. the sandbox's expiry dates).
 */
export function manualClock(start: number = Date.now()): ManualClock {
  let at = finite('start', start);
  return {
    now: () => at,
    set(ms) {
      at = finite('set', ms);
    },
    advance(ms) {
      if (finite('advance', ms) < 0)
        throw new RangeError(`manual clock: advance(${ms}) moves back; use set()`);
      at += ms;
    },
  };
}

function finite(what: string, ms: number): number {
  if (!Number.isFinite(ms)) throw new RangeError(`manual clock: ${what}(${ms}) is not a finite time`);
  return ms;
}
