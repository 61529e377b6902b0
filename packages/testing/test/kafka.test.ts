import type { Consumer, EachMessagePayload } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestTopics, testKafka, uniqueName, waitFor } from '../src/index.ts';

describe('real Kafka broker', () => {
  const consumers: Consumer[] = [];
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.disconnect()));
  });

  it('delivers every produced message to a consumer group, keyed messages in order per partition', async () => {
    const kafka = testKafka();
    const topic = uniqueName('proof-produce');
    await createTestTopics(kafka, [{ topic, numPartitions: 3 }]);
    const producer = kafka.producer();
    await producer.connect();
    const sent = Array.from({ length: 60 }, (_, i) => ({ key: `k${i % 5}`, value: String(i) }));
    await producer.send({ topic, messages: sent });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: uniqueName('proof-group') });
    consumers.push(consumer);
    const received: { key: string; value: number }[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }: EachMessagePayload) => {
        received.push({ key: String(message.key), value: Number(String(message.value)) });
      },
    });
    await waitFor(() => received.length === 60, { description: '60 messages' });
    expect(new Set(received.map((r) => r.value)).size).toBe(60);
    for (const key of ['k0', 'k1', 'k2', 'k3', 'k4']) {
      const values = received.filter((r) => r.key === key).map((r) => r.value);
      expect(values).toEqual([...values].sort((a, b) => a - b));
    }
  });

  it('rebalances partitions when a second consumer joins the group', async () => {
    const kafka = testKafka();
    const topic = uniqueName('proof-rebalance');
    const groupId = uniqueName('proof-group');
    await createTestTopics(kafka, [{ topic, numPartitions: 4 }]);

    const assignments = new Map<string, number[]>();
    const start = async (name: string) => {
      const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500 });
      consumers.push(consumer);
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        assignments.set(name, event.payload.memberAssignment[topic] ?? []);
      });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async () => undefined });
      return consumer;
    };

    await start('first');
    await waitFor(() => assignments.get('first')?.length === 4, {
      description: 'first consumer owns 4 partitions',
    });
    await start('second');
    await waitFor(
      () => (assignments.get('second')?.length ?? 0) > 0 && (assignments.get('first')?.length ?? 0) < 4,
      { description: 'partitions split between two consumers', timeoutMs: 30_000 },
    );
    const all = [...(assignments.get('first') ?? []), ...(assignments.get('second') ?? [])].sort();
    expect(all).toEqual([0, 1, 2, 3]);
  });
});
