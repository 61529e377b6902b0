import { parseIntent } from '@vendstream/contracts';
import { resendAllowed, storedResultEvent } from '@vendstream/executor';
import { type IntentRecord, isTerminalState } from '@vendstream/intent-store';
import type { Runtime } from '@vendstream/runtime';

export interface ReconcilerOptions {
  /** Pause between sweeps when the last one found nothing. Default from config (1000 ms). */
  intervalMs?: number;
  /** Due items read per sweep. Default from config (100). */
  batchSize?: number;
  /** Items handled at once. Default from config (32). */
  concurrency?: number;
  /** Clock; inject one to test the window in seconds. Default the runtime's `Date.now`. */
  now?: () => number;
}

export type DueAction =
  | 'republished'
  | 'resent'
  | 'unresolved'
  | 'not-due'
  | 'taken-by-another'
  | 'nothing-to-do';

export interface SweepStats {
  found: number;
  actions: Partial<Record<DueAction, number>>;
}

export interface Reconciler {
  /** One sweep over the due index; resolves when every item found is handled. */
  sweep(): Promise<SweepStats>;
  start(): void;
  stop(): Promise<void>;
}

const SOURCE = 'urn:vendstream:reconciler';

/**
 * Finds intents whose outcome is unknown (or whose worker died mid-call) through the sparse due
 * index and resends the same request with the same reference while Flash's idempotency window is
 * open; when it has closed, marks them `unresolved` for a person. Also republishes results whose
 * outbox flag is still set. Several reconcilers may run: `claimForResend` is a conditional write,
 * so each due item is worked on by exactly one of them.
 */
export function createReconciler(runtime: Runtime, options: ReconcilerOptions = {}): Reconciler {
  const { config, store, executor, publisher, logger, sealer } = runtime;
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? config.VEND_RECONCILE_INTERVAL_MS;
  const batchSize = options.batchSize ?? config.VEND_RECONCILE_BATCH;
  const concurrency = options.concurrency ?? config.VEND_RECONCILE_CONCURRENCY;
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  async function handle(record: IntentRecord): Promise<DueAction> {
    if (isTerminalState(record.state)) {
      if (!record.outboxPending || !record.result) return 'nothing-to-do';
      await publisher.publish(storedResultEvent(record.result, { source: SOURCE, sealer }));
      return 'republished';
    }
    if (record.state === 'in_flight' && (record.leaseExpiresAt ?? 0) > now()) return 'not-due';
    const claimed = await store.claimForResend({
      intentId: record.intentId,
      owner: runtime.instanceId,
      leaseMs: config.VEND_LEASE_MS,
    });
    if (!claimed.ok) return 'taken-by-another';
    const current = claimed.record;
    const parsed = parseIntent(current.intent);
    if (!parsed.ok) {
      // Cannot happen for an intent the worker claimed; if the stored copy is damaged, a person decides.
      await executor.finish(current, undefined, 'unresolved', {
        error: {
          code: 'STORED_INTENT_UNREADABLE',
          message: 'the stored intent could not be parsed',
          source: 'vendstream',
        },
      });
      return 'unresolved';
    }
    if (!resendAllowed(runtime.window, current.firstSentAt, now())) {
      // The first attempt may have vended; after the window a resend could vend again (or be
      // refused as a duplicate), and a new reference certainly could. Stop; a person decides.
      await executor.finish(current, parsed.intent, 'unresolved', {
        error: {
          code: 'WINDOW_CLOSED',
          message: `outcome still unknown (${current.lastError?.code ?? 'no answer'}) when the idempotency window closed`,
          source: 'vendstream',
        },
      });
      logger.warn(
        { intentId: current.intentId, lastError: current.lastError?.code },
        'intent unresolved: needs a person',
      );
      return 'unresolved';
    }
    const result = await executor.execute(current, parsed.intent);
    logger.debug({ intentId: current.intentId, result: result.kind, attempts: current.attempts }, 'resent');
    return 'resent';
  }

  async function sweep(): Promise<SweepStats> {
    const due = await store.findDue({ now: now(), limit: batchSize });
    const stats: SweepStats = { found: due.length, actions: {} };
    let next = 0;
    const lane = async () => {
      while (next < due.length) {
        const record = due[next++];
        if (!record) break;
        try {
          const action = await handle(record);
          stats.actions[action] = (stats.actions[action] ?? 0) + 1;
        } catch (error) {
          // The item stays due; the next sweep tries again.
          logger.error({ err: error, intentId: record.intentId }, 'reconcile failed; will retry');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, lane));
    return stats;
  }

  async function run(): Promise<void> {
    while (running) {
      let stats: SweepStats | undefined;
      try {
        stats = await sweep();
      } catch (error) {
        logger.error({ err: error }, 'sweep failed');
      }
      // A full page means more is due: go again at once; otherwise wait (or until stopped).
      if (running && (stats?.found ?? 0) < batchSize) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, intervalMs).unref();
        });
      }
    }
  }

  return {
    sweep,
    start() {
      if (running) return;
      running = true;
      loop = run();
      logger.info(
        { intervalMs, batchSize, concurrency, windowMs: runtime.window.windowMs },
        'reconciler started',
      );
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      await runtime.close();
      logger.info('reconciler stopped');
    },
  };
}
