import { setTimeout as sleep } from 'node:timers/promises';
import { ExecutorError } from './errors.ts';

/**
 * Spaces calls per key (a Flash account) to at most `perSecond`, so a 100,000-row batch never trips
 * Flash's transactions-per-second threshold (2373). `penalize` pushes a key's next slot out after a
 * throttled answer. Waiting callers hold no socket and no store lease time beyond their turn.
 *
 * The limit is Flash's, for the whole system: when several processes share it (the workers of one
 * consumer group), each takes `perSecond / sharedBy` (`shareAmong`, updated on every rebalance).
 */
export class RateLimiter {
  readonly #perSecond: number;
  readonly #now: () => number;
  readonly #nextSlot = new Map<string, number>();
  #intervalMs: number;

  constructor(perSecond: number, now: () => number = Date.now) {
    if (!(perSecond > 0)) {
      throw new ExecutorError(
        'INVALID_CONFIG',
        `rate limit must be > 0 requests per second, got ${perSecond}`,
      );
    }
    this.#perSecond = perSecond;
    this.#intervalMs = 1000 / perSecond;
    this.#now = now;
  }

  /** This process's share of the limit: `perSecond / processes` per key from now on. */
  shareAmong(processes: number): void {
    if (!Number.isInteger(processes) || processes < 1) {
      throw new ExecutorError('INVALID_ARGUMENT', `processes must be a positive integer, got ${processes}`);
    }
    this.#intervalMs = (1000 * processes) / this.#perSecond;
  }

  get perSecond(): number {
    return 1000 / this.#intervalMs;
  }

  /** Resolves when the caller may send for `key`; reserves that slot. */
  async acquire(key: string): Promise<void> {
    const now = this.#now();
    const slot = Math.max(now, this.#nextSlot.get(key) ?? 0);
    this.#nextSlot.set(key, slot + this.#intervalMs);
    if (slot > now) await sleep(slot - now);
    else if (this.#nextSlot.size > 10_000) this.#forgetIdle(now);
  }

  penalize(key: string, backoffMs: number): void {
    const now = this.#now();
    this.#nextSlot.set(key, Math.max(this.#nextSlot.get(key) ?? 0, now + backoffMs));
  }

  #forgetIdle(now: number): void {
    for (const [key, slot] of this.#nextSlot) if (slot < now) this.#nextSlot.delete(key);
  }
}
