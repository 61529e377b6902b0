import { createTestTopics, testInfra, uniqueName, waitFor } from '@vendstream/testing';
import { describe, expect, it } from 'vitest';
import {
  BatchingProducer,
  createKafka,
  describeTopicRetention,
  ensureTopics,
  topicDefinitions,
  topicNames,
} from '../src/index.ts';

const DAY = 24 * 3_600_000;

describe('kafka plumbing on a real broker', () => {
  it('creates only the missing topics and leaves existing ones alone', async () => {
    const kafka = createKafka({ brokers: testInfra().kafkaBrokers, clientId: 'test' });
    const names = topicNames(uniqueName('vs'));
    await createTestTopics(kafka, [{ topic: names.results, numPartitions: 2 }]);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const created = await ensureTopics(admin, topicDefinitions(names, { intentPartitions: 3 }));
      expect(created.sort()).toEqual([names.intents, names.needsPerson].sort());
      expect(await ensureTopics(admin, topicDefinitions(names))).toEqual([]);
      const meta = await admin.fetchTopicMetadata({ topics: [names.intents, names.results] });
      const partitions = Object.fromEntries(meta.topics.map((t) => [t.name, t.partitions.length]));
      expect(partitions).toEqual({ [names.intents]: 3, [names.results]: 2 });
    } finally {
      await admin.disconnect();
    }
  });

  it('delivers every message of many concurrent sends, each promise settling after the broker acknowledged it', async () => {
    const kafka = createKafka({ brokers: testInfra().kafkaBrokers, clientId: 'test' });
    const topic = uniqueName('batching');
    await createTestTopics(kafka, [{ topic, numPartitions: 2 }]);
    const producer = kafka.producer();
    await producer.connect();
    const batching = new BatchingProducer(producer, { maxBatchMessages: 50, lingerMs: 2 });
    await Promise.all(
      Array.from({ length: 321 }, (_, i) => batching.send(topic, { key: `k${i}`, value: String(i) })),
    );
    await producer.disconnect();

    const seen = new Set<string>();
    const consumer = kafka.consumer({ groupId: uniqueName('g') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.add(String(message.value));
      },
    });
    await waitFor(() => seen.size === 321, { description: '321 distinct messages' });
    await consumer.disconnect();
    expect(seen.size).toBe(321);
  });

  it("reads a topic's retention as the broker applies it: its own settings, else the broker's defaults", async () => {
    const kafka = createKafka({ brokers: testInfra().kafkaBrokers, clientId: 'test' });
    const names = topicNames(uniqueName('vs'));
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, topicDefinitions(names, { intentPartitions: 1, resultPartitions: 1 }));
      expect(await describeTopicRetention(admin, names.intents)).toEqual({
        topic: names.intents,
        retentionMs: 7 * DAY,
        segmentMs: DAY,
        cleanupPolicy: ['delete'],
      });
      // Only the intents topic sets segment.ms: the results topic has the broker's (7 days here).
      const results = await describeTopicRetention(admin, names.results);
      expect(results.retentionMs).toBe(7 * DAY);
      expect(results.segmentMs).toBe(7 * DAY);

      const compacted = uniqueName('compacted');
      await admin.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic: compacted,
            configEntries: [
              { name: 'cleanup.policy', value: 'compact,delete' },
              { name: 'retention.ms', value: '-1' },
            ],
          },
        ],
      });
      expect(await describeTopicRetention(admin, compacted)).toMatchObject({
        retentionMs: -1,
        cleanupPolicy: ['compact', 'delete'],
      });
      await expect(describeTopicRetention(admin, uniqueName('missing'))).rejects.toThrow();
    } finally {
      await admin.disconnect();
    }
  });

  it('rejects a topic prefix that Kafka would refuse, naming the prefix', () => {
    expect(() => topicNames('bad prefix!')).toThrow(/topic prefix/);
  });
});
