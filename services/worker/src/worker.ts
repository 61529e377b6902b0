import { storeOutageDelay } from '@vendstream/provider';
import type { Runtime } from '@vendstream/runtime';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { KeyedSerializer, Semaphore } from './concurrency.ts';
import { type HandleOutcome, handleIntentMessage } from './intent-handler.ts';
import { OffsetTracker } from './offset-tracker.ts';
import { QueueBudget } from './queue-budget.ts';

type KafkaMessage = EachBatchPayload['batch']['messages'][number];

export interface WorkerOptions {
  groupId?: string;
  /**
   * Intents being worked on at once in this process (parse, claim, provider call). Intents waiting
   * behind their ordering key hold no slot. Default from config (VEND_MAX_IN_FLIGHT, 256).
   */
  maxInFlight?: number;
  /** Messages held (waiting or in flight), in total. Default from config (VEND_MAX_QUEUED). */
  maxQueued?: number;
  /** Bytes of the messages held. Default from config (VEND_MAX_QUEUED_BYTES). */
  maxQueuedBytes?: number;
  /** Messages held for one ordering key. Default from config (VEND_MAX_QUEUED_PER_KEY). */
  maxQueuedPerKey?: number;
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
  stats(): WorkerStats;
}

export interface WorkerStats {
  /** Intents holding an in-flight slot. */
  inFlight: number;
  /** Messages taken from Kafka and not finished (waiting for their key or a slot, or in flight). */
  queued: number;
  queuedBytes: number;
  /** The most messages one ordering key holds. */
  largestKeyQueue: number;
  /** Partitions paused because one of their keys holds its limit. */
  pausedPartitions: number;
  handled: number;
  unsettledOffsets: number;
}

/** Lets a message's offset be committed once it is durably claimed or answered. */
interface Settle {
  now(): void;
  done(): boolean;
}

export function createWorker(runtime: Runtime, options: WorkerOptions = {}): Worker {
  const { config, logger, topics } = runtime;
  const groupId = options.groupId ?? `${config.VEND_TOPIC_PREFIX}.workers`;
  const slots = new Semaphore(options.maxInFlight ?? config.VEND_MAX_IN_FLIGHT);
  const budget = new QueueBudget({
    maxMessages: options.maxQueued ?? config.VEND_MAX_QUEUED,
    maxBytes: options.maxQueuedBytes ?? config.VEND_MAX_QUEUED_BYTES,
    maxPerKey: options.maxQueuedPerKey ?? config.VEND_MAX_QUEUED_PER_KEY,
  });
  // topic:partition -> the key whose full queue paused it; resumed once that key has drained.
  const pausedBy = new Map<string, { topic: string; partition: number; key: string }>();
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

  /** Resumes the partitions that `key` paused, once it has drained to half its limit. */
  function resumeDrained(key: string): void {
    if (stopping || !budget.keyDrained(key)) return;
    for (const [at, paused] of pausedBy) {
      if (paused.key !== key) continue;
      pausedBy.delete(at);
      consumer?.resume([{ topic: paused.topic, partitions: [paused.partition] }]);
      logger.debug(
        { topic: paused.topic, partition: paused.partition },
        'ordering key drained; partition resumed',
      );
    }
  }

  /** After a rebalance: forget pauses of partitions lost, resume paused ones nothing holds back. */
  function reconcilePauses(assigned: Set<string>): void {
    for (const at of pausedBy.keys()) if (!assigned.has(at)) pausedBy.delete(at);
    for (const { topic, partitions } of consumer?.paused() ?? []) {
      for (const partition of partitions) {
        const paused = pausedBy.get(OffsetTracker.key(topic, partition));
        if (!stopping && (!paused || budget.keyDrained(paused.key))) {
          pausedBy.delete(OffsetTracker.key(topic, partition));
          consumer?.resume([{ topic, partitions: [partition] }]);
        }
      }
    }
  }

  /** Same ordering key: in order. No key: the message's position, i.e. no ordering constraint. */
  const orderingKey = (message: KafkaMessage, partition: number) =>
    message.key?.length ? message.key.toString() : `${partition}:${message.offset}`;

  /**
   * One message, holding an in-flight slot: handled, or retried while the store or broker is
   * unreachable (backpressure). `settle` lets its offset be committed.
   */
  async function work(message: KafkaMessage, topic: string, partition: number, settle: Settle) {
    // Not started before a stop: left unsettled, so the partition's next owner replays it.
    if (stopping) return;
    for (let failures = 0; ; failures++) {
      try {
        const incoming = { topic, partition, offset: message.offset, value: message.value };
        const outcome = await handleIntentMessage(runtime, incoming, settle.now, maxBytes);
        handled++;
        options.onOutcome?.(outcome);
        return;
      } catch (error) {
        if (settle.done()) {
          // Claimed, then the store or broker failed: the lease expires and the reconciler
          // resends the same reference. Nothing more to do here.
          logger.error({ err: error, offset: message.offset }, 'intent left to the reconciler');
          return;
        }
        // Not claimed yet (store or broker unreachable; a failure of this message alone is answered
        // by the handler): retry the same message, holding the slot, so an outage turns into
        // backpressure rather than a skipped intent.
        if (stopping) return;
        const delay = storeOutageDelay(runtime.resend, failures + 1);
        logger.warn({ err: error, offset: message.offset, delay }, 'intent not claimed yet; retrying');
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  function dispatch(message: KafkaMessage, topic: string, partition: number, key: string) {
    const bytes = message.value?.length ?? 0;
    budget.take(key, bytes);
    offsets.begin(topic, partition, message.offset);
    let settled = false;
    const settle: Settle = {
      now: () => {
        if (!settled) offsets.settle(topic, partition, message.offset);
        settled = true;
      },
      done: () => settled,
    };
    // The slot is taken only when the message reaches the head of its key: messages waiting behind
    // a slow key hold memory (bounded by the budget), never a slot other keys need.
    ordering
      .run(key, () => slots.run(() => work(message, topic, partition, settle)))
      .catch((error: unknown) => logger.error({ err: error, offset: message.offset }, 'intent task failed'))
      .finally(() => {
        budget.give(key, bytes);
        resumeDrained(key);
      });
  }

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, pause } = payload;
    let lastBeat = Date.now();
    for (const message of batch.messages) {
      if (stopping || !isRunning() || isStale()) break;
      const key = orderingKey(message, batch.partition);
      if (budget.keyFull(key)) {
        // One key holds its limit: stop reading this partition (the message and those after it are
        // fetched again on resume, from the last resolved offset). Other partitions go on.
        pausedBy.set(OffsetTracker.key(batch.topic, batch.partition), {
          topic: batch.topic,
          partition: batch.partition,
          key,
        });
        pause();
        logger.info(
          { partition: batch.partition, queuedForKey: budget.queuedFor(key) },
          'ordering key at its queue limit; partition paused until it drains',
        );
        return;
      }
      // Backpressure: everything held is at its limit. Wait for room, heartbeating so the group does
      // not evict us while a slow provider holds every slot.
      while (!(await budget.waitForRoom(heartbeatEveryMs))) {
        await heartbeat();
        lastBeat = Date.now();
        if (stopping || !isRunning() || isStale()) return;
      }
      dispatch(message, batch.topic, batch.partition, key);
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
        const owned = Object.entries(assignment).map(([topic, partitions]) => ({ topic, partitions }));
        offsets.retain(owned);
        reconcilePauses(
          new Set(
            owned.flatMap(({ topic, partitions }) => partitions.map((p) => OffsetTracker.key(topic, p))),
          ),
        );
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
        { groupId, topic: topics.intents, maxInFlight: config.VEND_MAX_IN_FLIGHT, queue: budget.limits },
        'worker started',
      );
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      logger.info(
        { inFlight: slots.inUse, queued: budget.messages },
        'stopping: no new intents; finishing those in flight',
      );
      consumer?.pause([{ topic: topics.intents }]);
      const drained = await budget.drained(config.VEND_SHUTDOWN_GRACE_MS);
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
    stats: () => ({
      inFlight: slots.inUse,
      queued: budget.messages,
      queuedBytes: budget.bytes,
      largestKeyQueue: budget.largestKey,
      pausedPartitions: pausedBy.size,
      handled,
      unsettledOffsets: offsets.unsettled,
    }),
  };
}
