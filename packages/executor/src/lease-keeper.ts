import type { IntentStore } from '@vendstream/intent-store';
import type { Logger } from '@vendstream/logging';

export interface LeaseKeeperOptions {
  store: IntentStore;
  owner: string;
  leaseMs: number;
  logger: Logger;
}

/**
 * Runs `work` while renewing this process's lease on the intent every third of it, so that a call
 * slower than the lease (or a long rate-limit wait, or a local back-off) is not mistaken for a dead
 * worker. A failed renewal means another process owns the intent now: the call in progress uses
 * the same reference, and our later write is refused by its lease condition.
 */
export function createLeaseKeeper(options: LeaseKeeperOptions) {
  const { store, owner, leaseMs, logger } = options;
  const renewEveryMs = Math.max(1, Math.floor(leaseMs / 3));
  return async function withLease<T>(intentId: string, work: () => Promise<T>): Promise<T> {
    let renewing: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      renewing = renewing.then(async () => {
        try {
          const renewed = await store.extendLease({ intentId, owner, leaseMs });
          if (!renewed.ok) logger.warn({ intentId }, 'lease lost while the call was in progress');
        } catch (error) {
          logger.warn({ err: error, intentId }, 'lease renewal failed; will try again');
        }
      });
    }, renewEveryMs);
    try {
      return await work();
    } finally {
      clearInterval(timer);
      await renewing;
    }
  };
}
