import { Kafka, logLevel } from 'kafkajs';
import { randomSuffix } from './stats.ts';

export function benchKafka(brokers: string[]): Kafka {
  return new Kafka({ clientId: 'vendstream-bench', brokers, logLevel: logLevel.NOTHING });
}

/** A fresh topic with leaders elected, so a consumer can subscribe and fetch straight away. */
export async function createBenchTopic(kafka: Kafka, partitions: number): Promise<string> {
  const topic = `bench-${randomSuffix()}`;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
    });
  } finally {
    await admin.disconnect();
  }
  return topic;
}

/** Best effort: a left-over bench topic only costs disk on the local broker. */
export async function deleteBenchTopic(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteTopics({ topics: [topic], timeout: 5_000 });
  } catch {
    // Ignored: see above.
  } finally {
    await admin.disconnect();
  }
}
