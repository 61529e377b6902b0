import type { Kafka } from 'kafkajs';
import { benchKafka, createBenchTopic, deleteBenchTopic } from './kafka-helpers.ts';
import { type Figure, figure, nowMs, percentile, randomSuffix, withDeadline } from './stats.ts';

export interface KafkaLoopOptions {
  brokers: string[];
  messages?: number;
  valueBytes?: number;
  partitions?: number;
  batchSize?: number;
  runs?: number;
}

export interface KafkaLoopRun {
  produced: number;
  consumed: number;
  produceMsgsPerSec: number;
  endToEndMsgsPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

export interface KafkaLoopResult {
  messages: number;
  valueBytes: number;
  partitions: number;
  batchSize: number;
  produceMsgsPerSec: Figure;
  endToEndMsgsPerSec: Figure;
  latencyP50Ms: Figure;
  latencyP99Ms: Figure;
  perRun: KafkaLoopRun[];
}

/**
 * kafkajs produce -> consume on one broker: `sendBatch` of `batchSize` messages (acks -1, one batch
 * in flight) while a consumer in a fresh group reads them with `eachBatch`. Each value carries its
 * send time (float64 ms at offset 0), so the latency is produce call -> consumer callback.
 */
export async function benchKafkaLoop(options: KafkaLoopOptions): Promise<KafkaLoopResult> {
  const {
    brokers,
    messages = 20_000,
    valueBytes = 300,
    partitions = 12,
    batchSize = 500,
    runs = 3,
  } = options;
  const kafka = benchKafka(brokers);
  const perRun: KafkaLoopRun[] = [];
  for (let run = 0; run < runs; run++) {
    perRun.push(await oneRun(kafka, messages, Math.max(8, valueBytes), partitions, batchSize));
  }
  return {
    messages,
    valueBytes,
    partitions,
    batchSize,
    produceMsgsPerSec: figure(perRun.map((r) => r.produceMsgsPerSec)),
    endToEndMsgsPerSec: figure(perRun.map((r) => r.endToEndMsgsPerSec)),
    latencyP50Ms: figure(perRun.map((r) => r.latencyP50Ms)),
    latencyP99Ms: figure(perRun.map((r) => r.latencyP99Ms)),
    perRun,
  };
}

async function oneRun(
  kafka: Kafka,
  messages: number,
  valueBytes: number,
  partitions: number,
  batchSize: number,
): Promise<KafkaLoopRun> {
  const topic = await createBenchTopic(kafka, partitions);
  const consumer = kafka.consumer({ groupId: `bench-group-${randomSuffix()}` });
  const producer = kafka.producer();
  const latencies: number[] = [];
  let lastConsumedAt = 0;
  let allConsumed: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    allConsumed = resolve;
  });
  try {
    await Promise.all([consumer.connect(), producer.connect()]);
    await consumer.subscribe({ topic, fromBeginning: true });
    const joined = new Promise<void>((resolve) => {
      const remove = consumer.on(consumer.events.GROUP_JOIN, () => {
        remove();
        resolve();
      });
    });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        const receivedAt = nowMs();
        for (const message of batch.messages) {
          if (message.value) latencies.push(receivedAt - message.value.readDoubleBE(0));
        }
        if (latencies.length >= messages) {
          lastConsumedAt = receivedAt;
          allConsumed();
        }
      },
    });
    await withDeadline(joined, 30_000, 'consumer group join');

    const firstProducedAt = nowMs();
    for (let sent = 0; sent < messages; sent += batchSize) {
      const count = Math.min(batchSize, messages - sent);
      const sentAt = nowMs();
      await producer.sendBatch({
        acks: -1,
        topicMessages: [
          {
            topic,
            messages: Array.from({ length: count }, (_, i) => {
              const value = Buffer.alloc(valueBytes, 0x61);
              value.writeDoubleBE(sentAt, 0);
              return { key: `k${sent + i}`, value };
            }),
          },
        ],
      });
    }
    const producedAt = nowMs();
    await withDeadline(done, 120_000, `consuming ${messages} messages`);
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      produced: messages,
      consumed: latencies.length,
      produceMsgsPerSec: messages / ((producedAt - firstProducedAt) / 1000),
      endToEndMsgsPerSec: messages / ((lastConsumedAt - firstProducedAt) / 1000),
      latencyP50Ms: percentile(sorted, 0.5),
      latencyP99Ms: percentile(sorted, 0.99),
    };
  } finally {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
    await deleteBenchTopic(kafka, topic);
  }
}
