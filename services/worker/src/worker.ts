import type { Runtime } from '@vendstream/runtime';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { KeyedSerializer, Semaphore } from './concurrency.ts';
import { type HandleOutcome, handleIntentMessage } from './intent-handler.ts';
import { OffsetTracker } from './offset-tracker.ts';

export interface WorkerOptions {
  groupId?: string;
  /** Intents in flight in this process (claimed or being claimed). Default from config (256). */
  maxInFlight?: number;
  /** How often settled offsets are committed. Default 1000 ms. */
  commitIntervalMs?: number;
  /** Largest intent message accepted, in bytes. Default 64 KiB. */
  maxMessageBytes?: number;
  onOutcome?: (outcome: HandleOutcome) => void;
}

export interface Worker {
  start(): Promise<void>;
  /** Graceful stop: take no new intents, finish those in flight (within the grace), commit, leave the group. */
  stop(): Promise<void>;
  stats(): { inFlight: number; handled: number; unsettledOffsets: number };
}

export function createWorker(runtime: Runtime, options: WorkerOptions = {}): Worker {
  const { config, logger, topics } = runtime;
  const groupId = options.groupId ?? `${config.VEND_TOPIC_PREFIX}.workers`;
  const slots = new Semaphore(options.maxInFlight ?? config.VEND_MAX_IN_FLIGHT);
  const ordering = new KeyedSerializer();
  const offsets = new OffsetTracker();
  const maxBytes = options.maxMessageBytes ?? 64 * 1024;
  const sessionTimeout = config.VEND_KAFKA_SESSION_TIMEOUT_MS;
  // Several heartbeats per session, so one late beat on a busy machine does not cost the membership.
  const heartbeatEveryMs = Math.min(2_000, Math.floor(sessionTimeout / 4));
  let consumer: Consumer | undefined;
  let commitTimer: NodeJS.Timeout | undefined;
  let stopping = false;
  let handled = 0;

  /**
   * Flash's per-account limit holds for all workers together: after each rebalance, take a share
   * of it by the group's size. On failure the previous share stays (the next rebalance retries).
   */
  async function shareRateLimit(): Promise<void> {
    try {
      const group = await consumer?.describeGroup();
      const members = Math.max(1, group?.members.length ?? 1);
      runtime.rateLimiter.shareAmong(members);
      logger.info({ members, perSecondPerAccount: runtime.rateLimiter.perSecond }, 'rate limit shared');
    } catch (error) {
      logger.warn({ err: error }, 'could not read the group size; rate limit share unchanged');
    }
  }

  async function commit(): Promise<void> {
    const due = offsets.committable();
    if (!consumer || due.length === 0) return;
    try {
      await consumer.commitOffsets(due);
      offsets.markCommitted(due);
    } catch (error) {
      // A rebalance in progress or a lost partition: the next member replays from the last commit.
      logger.warn({ err: error }, 'offset commit failed; will retry');
    }
  }

  function dispatch(
    message: EachBatchPayload['batch']['messages'][number],
    topic: string,
    partition: number,
  ) {
    offsets.begin(topic, partition, message.offset);
    let settled = false;
    const settle = () => {
      if (!settled) offsets.settle(topic, partition, message.offset);
      settled = true;
    };
    // Same ordering key: in order. No key: the intent id is the key, i.e. no ordering constraint.
    const key = message.key?.length ? message.key.toString() : `${partition}:${message.offset}`;
    void ordering
      .run(key, async () => {
        for (let failures = 0; ; failures++) {
          try {
            const incoming = { topic, partition, offset: message.offset, value: message.value };
            const outcome = await handleIntentMessage(runtime, incoming, settle, maxBytes);
            handled++;
            options.onOutcome?.(outcome);
            return;
          } catch (error) {
            if (settled) {
              // Claimed, then the store or broker failed: the lease expires and the reconciler
              // resends the same reference. Nothing more to do here.
              logger.error({ err: error, offset: message.offset }, 'intent left to the reconciler');
              return;
            }
            // Not claimed yet (store or broker unreachable): retry the same message, holding the
            // slot, so an outage turns into backpressure rather than a skipped intent.
            if (stopping) return;
            const delay = Math.min(30_000, 250 * 2 ** failures);
            logger.warn({ err: error, offset: message.offset, delay }, 'intent not claimed yet; retrying');
            await new Promise((r) => setTimeout(r, delay));
          }
        }
      })
      .finally(() => slots.release());
  }

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    let lastBeat = Date.now();
    for (const message of batch.messages) {
      if (stopping || !isRunning() || isStale()) break;
      // Backpressure: wait for a slot, heartbeating so the group does not evict us while a slow
      // provider holds every slot.
      while (!(await slots.acquire(heartbeatEveryMs))) {
        await heartbeat();
        lastBeat = Date.now();
        if (stopping || !isRunning() || isStale()) return;
      }
      dispatch(message, batch.topic, batch.partition);
      // Moves kafkajs's fetch position only; what is committed is decided by the OffsetTracker.
      resolveOffset(message.offset);
      if (Date.now() - lastBeat > heartbeatEveryMs) {
        await heartbeat();
        lastBeat = Date.now();
      }
    }
  }

  return {
    async start() {
      consumer = runtime.kafka.consumer({
        groupId,
        sessionTimeout,
        heartbeatInterval: heartbeatEveryMs,
        rebalanceTimeout: 60_000,
        maxBytesPerPartition: 256 * 1024,
        maxBytes: 8 * 1024 * 1024,
        allowAutoTopicCreation: false,
      });
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        const assignment = event.payload.memberAssignment;
        offsets.retain(Object.entries(assignment).map(([topic, partitions]) => ({ topic, partitions })));
        logger.info({ assignment }, 'joined the consumer group');
        void shareRateLimit();
      });
      await consumer.connect();
      await consumer.subscribe({ topic: topics.intents, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: config.VEND_INTENT_PARTITIONS,
        eachBatch,
      });
      commitTimer = setInterval(() => void commit(), options.commitIntervalMs ?? 1_000);
      logger.info(
        { groupId, topic: topics.intents, maxInFlight: config.VEND_MAX_IN_FLIGHT },
        'worker started',
      );
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      logger.info({ inFlight: slots.inUse }, 'stopping: no new intents; finishing those in flight');
      consumer?.pause([{ topic: topics.intents }]);
      const drained = await slots.drained(config.VEND_SHUTDOWN_GRACE_MS);
      if (!drained) {
        // Their leases expire and the reconciler resends them with the same references.
        logger.warn({ inFlight: slots.inUse }, 'grace period over; handing the rest back via their leases');
      }
      if (commitTimer) clearInterval(commitTimer);
      await commit();
      await consumer?.disconnect();
      await runtime.close();
      logger.info({ handled }, 'worker stopped');
    },
    stats: () => ({ inFlight: slots.inUse, handled, unsettledOffsets: offsets.unsettled }),
  };
}
