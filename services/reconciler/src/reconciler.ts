import { buildResultEvent, parseIntent } from '@vendstream/contracts';
import { storedResultEvent } from '@vendstream/executor';
import { type IntentRecord, isTerminalState, type UndecodableDueItem } from '@vendstream/intent-store';
import type { Runtime } from '@vendstream/runtime';

export interface ReconcilerOptions {
  /** Pause between sweeps when the last one found nothing. Default from config (1000 ms). */
  intervalMs?: number;
  /** Due items read per sweep. Default from config (100). */
  batchSize?: number;
  /** Items handled at once. Default from config (32). */
  concurrency?: number;
}

export type DueAction =
  | 'republished'
  | 'resent'
  | 'unresolved'
  | 'not-due'
  | 'taken-by-another'
  | 'nothing-to-do'
  | 'quarantined';

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
 * so each due item is worked on by exactly one of them. A due record it cannot decode (e.g. sealed
 * with a key no longer configured) is reported for a person once and moved out of the due index,
 * so it never blocks the head of its shard.
 */
export function createReconciler(runtime: Runtime, options: ReconcilerOptions = {}): Reconciler {
  const { config, store, executor, publisher, logger, sealer } = runtime;
  // One clock for the store, the executor and the sweep: inject it through the runtime.
  const { now } = runtime;
  const intervalMs = options.intervalMs ?? config.VEND_RECONCILE_INTERVAL_MS;
  const batchSize = options.batchSize ?? config.VEND_RECONCILE_BATCH;
  const concurrency = options.concurrency ?? config.VEND_RECONCILE_CONCURRENCY;
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  async function handle(record: IntentRecord): Promise<DueAction> {
    if (isTerminalState(record.state)) {
      if (!record.outboxPending || !record.result || record.nextActionAt === undefined)
        return 'nothing-to-do';
      // Take it first (one write, only on this recovery path), so that neither another reconciler
      // nor our next sweep republishes it again before the publisher clears the flag.
      const taken = await store.deferOutbox({
        intentId: record.intentId,
        seenNextActionAt: record.nextActionAt,
        until: now() + config.VEND_OUTBOX_GRACE_MS,
      });
      if (!taken.ok) return 'taken-by-another';
      await publisher.publish(storedResultEvent(record.result, { source: SOURCE, sealer }));
      return 'republished';
    }
    if (record.state === 'in_flight' && (record.leaseExpiresAt ?? 0) > now()) return 'not-due';
    // Only from the state this sweep read: an `in_flight` intent whose lease expired lost its
    // worker mid-call, so that call may have reached Flash.
    const takeover = record.state === 'in_flight';
    const claimed = await store.claimForResend({
      intentId: record.intentId,
      owner: runtime.instanceId,
      leaseMs: config.VEND_LEASE_MS,
      expect: takeover ? 'in_flight' : 'unknown',
      markMayHaveSent: takeover,
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
    // The executor checks the window before every attempt and marks the intent unresolved when it
    // has closed.
    const result = await executor.execute(current, parsed.intent);
    logger.debug({ intentId: current.intentId, result: result.kind, attempts: current.attempts }, 'resent');
    return result.kind === 'terminal' && result.status === 'unresolved' ? 'unresolved' : 'resent';
  }

  /**
   * A due record this process cannot decode: reported on the needs-a-person topic, then moved out
   * of the due index (its place kept in `quarantinedFrom`, so a tool can put it back once its key
   * is restored). Held first with a conditional write, so that of several reconcilers one reports
   * it; report before quarantine, so that a crash in between reports it twice, never zero times.
   */
  async function quarantine(item: UndecodableDueItem): Promise<DueAction> {
    const until = now() + config.VEND_LEASE_MS;
    const held = await store.holdUndecodable({
      intentId: item.intentId,
      seenNextActionAt: item.nextActionAt,
      until,
    });
    if (!held.ok) return 'taken-by-another';
    const message =
      item.keyId !== undefined
        ? `the record of this intent is sealed with key "${item.keyId}", which this reconciler does not have (VEND_SEALING_KEYS); it was moved out of the due index until the key is restored`
        : `the record of this intent cannot be decoded (${item.code}); it was moved out of the due index`;
    await publisher.reportToPerson(
      buildResultEvent(
        {
          intentId: item.intentId,
          intentType: item.type,
          status: 'unresolved',
          error: { code: 'RECORD_UNDECODABLE', message, source: 'vendstream' },
          batchid: item.batchId,
        },
        { source: SOURCE, now },
      ),
    );
    const moved = await store.quarantine({
      intentId: item.intentId,
      seenNextActionAt: until,
      from: { dueShard: item.dueShard, nextActionAt: item.nextActionAt },
      reason: { code: item.code, message: item.message, keyId: item.keyId },
    });
    logger.error(
      { intentId: item.intentId, code: item.code, keyId: item.keyId, quarantined: moved.ok },
      'due record cannot be decoded: reported for a person and moved out of the due index',
    );
    return moved.ok ? 'quarantined' : 'taken-by-another';
  }

  async function sweep(): Promise<SweepStats> {
    const due = await store.findDue({ now: now(), limit: batchSize });
    const work = [
      ...due.undecodable.map((item) => ({ intentId: item.intentId, run: () => quarantine(item) })),
      ...due.records.map((record) => ({ intentId: record.intentId, run: () => handle(record) })),
    ];
    const stats: SweepStats = { found: work.length, actions: {} };
    let next = 0;
    const lane = async () => {
      while (next < work.length) {
        const item = work[next++];
        if (!item) break;
        try {
          const action = await item.run();
          stats.actions[action] = (stats.actions[action] ?? 0) + 1;
        } catch (error) {
          // The item stays due; the next sweep tries again.
          logger.error({ err: error, intentId: item.intentId }, 'reconcile failed; will retry');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, work.length) }, lane));
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
        // The timer stays referenced: between sweeps it may be the only thing keeping the process
        // alive (while the broker is away there is no socket), and an unreferenced one let the
        // reconciler exit with code 0 in the middle of a broker restart.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, intervalMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
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
