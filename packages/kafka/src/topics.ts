import type { Admin, ITopicConfig } from 'kafkajs';

export interface TopicNames {
  /** Purchase intents from producers (key: ordering key, else intent id). */
  intents: string;
  /** One terminal result per intent, published at least once (consumers dedupe by intent id). */
  results: string;
  /** Intents that ended `unresolved`: the outcome is unknown after the window, a person must look. */
  needsPerson: string;
}

export function topicNames(prefix: string): TopicNames {
  if (!/^[a-zA-Z0-9._-]{1,200}$/.test(prefix)) {
    throw new Error(`topic prefix must be 1-200 of [a-zA-Z0-9._-] (got "${prefix}")`);
  }
  return {
    intents: `${prefix}.intents`,
    results: `${prefix}.results`,
    needsPerson: `${prefix}.needs-person`,
  };
}

export interface TopicLayout {
  intentPartitions?: number;
  resultPartitions?: number;
  replicationFactor?: number;
  /** Retention of intents and results; default 7 days (replays read from here). */
  retentionMs?: number;
  /**
   * `segment.ms` of the intents topic; default 1 day. Kafka deletes a message only with its whole
   * segment, so an intent can be redelivered up to retention + segment.ms after it was published
   * (the broker's default segment is 7 days): the intent store's records must outlive that.
   */
  intentSegmentMs?: number;
}

/**
 * The topic definitions, one source for the local stack, the tests and the deployment notes.
 * Partitions bound the consumer group's parallelism across processes (inside a process the worker
 * runs many intents per partition), so intents get more than one node will ever need locally.
 */
export function topicDefinitions(names: TopicNames, layout: TopicLayout = {}): ITopicConfig[] {
  const replicationFactor = layout.replicationFactor ?? 1;
  const retention = String(layout.retentionMs ?? 7 * 24 * 3600 * 1000);
  const configEntries = [{ name: 'retention.ms', value: retention }];
  const intentConfigEntries = [
    ...configEntries,
    { name: 'segment.ms', value: String(layout.intentSegmentMs ?? 24 * 3600 * 1000) },
  ];
  return [
    {
      topic: names.intents,
      numPartitions: layout.intentPartitions ?? 12,
      replicationFactor,
      configEntries: intentConfigEntries,
    },
    { topic: names.results, numPartitions: layout.resultPartitions ?? 12, replicationFactor, configEntries },
    { topic: names.needsPerson, numPartitions: 1, replicationFactor, configEntries },
  ];
}

/**
 * Creates the topics that are missing (existing topics are left as they are) and waits until every
 * partition of them has a leader, so producers and consumers can use them straight away.
 *
 * kafkajs's own `waitForLeaders` gives up on the first UNKNOWN_TOPIC_OR_PARTITION, and a broker that
 * has just started (KRaft) answers exactly that for a topic it created a moment ago: `./vend demo`
 * on a cold stack failed there every time. So the wait is ours, and treats that answer as "not yet".
 */
export async function ensureTopics(
  admin: Admin,
  topics: ITopicConfig[],
  options: { timeoutMs?: number } = {},
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t.topic));
  if (missing.length === 0) return [];
  try {
    await admin.createTopics({ topics: missing, waitForLeaders: false });
  } catch (error) {
    // Another process created one of them at the same moment: it exists, which is what we want.
    if (kafkaErrorType(error) !== 'TOPIC_ALREADY_EXISTS') throw error;
  }
  const names = missing.map((t) => t.topic);
  await waitForLeaders(admin, names, options.timeoutMs ?? 30_000);
  return names;
}

/** Answers meaning a topic is being created and its metadata has not reached this broker yet. */
const NOT_YET = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

async function waitForLeaders(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 50; ; delay = Math.min(1_000, delay * 2)) {
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics });
      const led = found.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
      if (found.length === topics.length && led) return;
    } catch (error) {
      if (!NOT_YET.has(kafkaErrorType(error) ?? '')) throw error;
    }
    if (Date.now() > deadline) {
      throw new Error(`topics ${topics.join(', ')} still have no leader after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** kafkajs protocol errors carry the broker's error name in `type`. */
function kafkaErrorType(error: unknown): string | undefined {
  const type = (error as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : undefined;
}
