import type { Admin, ConfigResourceTypes } from 'kafkajs';

// kafkajs' enum is not a named export Node's ESM loader can see (its CommonJS exports stop being
// detectable partway through), so its value is spelled here: TOPIC in the Kafka protocol.
const TOPIC_RESOURCE = 2 as ConfigResourceTypes.TOPIC;

/** How long a topic keeps its messages: the broker's effective values (topic or broker default). */
export interface TopicRetention {
  topic: string;
  /** `retention.ms`: a segment is deleted once its newest message is older than this; -1 = never. */
  retentionMs: number;
  /** `segment.ms`: the active segment is rolled (and can then age out) after this long. */
  segmentMs: number;
  /** `cleanup.policy` entries: `delete`, `compact` or both; without `delete` nothing ages out. */
  cleanupPolicy: string[];
}

export class TopicConfigError extends Error {
  override name = 'TopicConfigError';
  readonly code = 'TOPIC_CONFIG_UNREADABLE';
}

const NAMES = ['retention.ms', 'segment.ms', 'cleanup.policy'];

/**
 * Reads a topic's retention settings from the broker (DescribeConfigs), as the broker applies them:
 * a value the topic does not set comes from the broker's default. Throws kafkajs' error when the
 * topic does not exist.
 */
export async function describeTopicRetention(admin: Admin, topic: string): Promise<TopicRetention> {
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: TOPIC_RESOURCE, name: topic, configNames: NAMES }],
  });
  const entries = new Map(
    (resources.find((r) => r.resourceName === topic)?.configEntries ?? []).map((e) => [
      e.configName,
      e.configValue,
    ]),
  );
  const read = (name: string): string => {
    const value = entries.get(name);
    if (typeof value !== 'string' || value === '') {
      throw new TopicConfigError(`topic "${topic}": the broker did not return ${name}`);
    }
    return value;
  };
  const integer = (name: string): number => {
    const value = read(name);
    if (!/^-?\d+$/.test(value)) throw new TopicConfigError(`topic "${topic}": ${name} is "${value}"`);
    return Number(value);
  };
  return {
    topic,
    retentionMs: integer('retention.ms'),
    segmentMs: integer('segment.ms'),
    cleanupPolicy: read('cleanup.policy')
      .split(',')
      .map((policy) => policy.trim()),
  };
}
