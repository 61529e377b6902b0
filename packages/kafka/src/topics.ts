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

/** Creates the topics that are missing; existing topics are left as they are. Waits for leaders. */
export async function ensureTopics(admin: Admin, topics: ITopicConfig[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t.topic));
  if (missing.length === 0) return [];
  await admin.createTopics({ topics: missing, waitForLeaders: true });
  return missing.map((t) => t.topic);
}
