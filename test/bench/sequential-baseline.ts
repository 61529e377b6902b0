import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { benchKafka, createBenchTopic, deleteBenchTopic } from './kafka-helpers.ts';
import { type Figure, figure, nowMs, randomSuffix, withDeadline } from './stats.ts';

export interface SequentialEachMessageOptions {
  brokers: string[];
  messages?: number;
  /** How long the local HTTP server waits before it answers each call. */
  latencyMs: number;
  partitions?: number;
  /** A run stops after this long even if not every message was handled (the rate is still valid). */
  maxDurationSec?: number;
  runs?: number;
}

export interface SequentialEachMessageRun {
  produced: number;
  consumed: number;
  completed: boolean;
  msgsPerSec: number;
}

export interface SequentialEachMessageResult {
  messages: number;
  latencyMs: number;
  partitions: number;
  maxDurationSec: number;
  msgsPerSec: Figure;
  perRun: SequentialEachMessageRun[];
  /** What one call at a time allows at this latency: 1000 / latencyMs (Infinity at 0). */
  ceilingMsgsPerSec: number;
}

/**
 * The consumer a user writes first: kafkajs `eachMessage` awaiting one HTTP call (global fetch) per
 * message, default `partitionsConsumedConcurrently: 1`, so calls never overlap. The messages are
 * produced before the consumer joins; the rate is from the first handled message to the last.
 */
export async function benchSequentialEachMessage(
  options: SequentialEachMessageOptions,
): Promise<SequentialEachMessageResult> {
  const { brokers, messages = 2_000, latencyMs, partitions = 12, maxDurationSec = 10, runs = 3 } = options;
  const kafka = benchKafka(brokers);
  const server = await startSlowServer(latencyMs);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/vend`;
  try {
    const perRun: SequentialEachMessageRun[] = [];
    for (let run = 0; run < runs; run++) {
      const topic = await createBenchTopic(kafka, partitions);
      try {
        perRun.push(await oneRun(kafka, topic, url, messages, maxDurationSec));
      } finally {
        await deleteBenchTopic(kafka, topic);
      }
    }
    return {
      messages,
      latencyMs,
      partitions,
      maxDurationSec,
      msgsPerSec: figure(perRun.map((r) => r.msgsPerSec)),
      perRun,
      ceilingMsgsPerSec: latencyMs > 0 ? 1000 / latencyMs : Number.POSITIVE_INFINITY,
    };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

async function oneRun(
  kafka: ReturnType<typeof benchKafka>,
  topic: string,
  url: string,
  messages: number,
  maxDurationSec: number,
): Promise<SequentialEachMessageRun> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (let sent = 0; sent < messages; sent += 500) {
      const count = Math.min(500, messages - sent);
      await producer.sendBatch({
        acks: -1,
        topicMessages: [
          {
            topic,
            messages: Array.from({ length: count }, (_, i) => ({
              key: `k${sent + i}`,
              value: JSON.stringify({ intentId: `i-${sent + i}`, amount: 1000 }),
            })),
          },
        ],
      });
    }
  } finally {
    await producer.disconnect();
  }

  const consumer = kafka.consumer({ groupId: `bench-group-${randomSuffix()}` });
  let consumed = 0;
  let firstAt = 0;
  let lastAt = 0;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let deadline: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (consumed === 0) {
          firstAt = nowMs();
          deadline = setTimeout(finish, maxDurationSec * 1000);
        }
        const response = await fetch(url, { method: 'POST', body: message.value });
        await response.arrayBuffer();
        consumed++;
        lastAt = nowMs();
        if (consumed >= messages) finish();
      },
    });
    await withDeadline(finished, 60_000 + maxDurationSec * 1000, `handling ${messages} messages`);
  } finally {
    clearTimeout(deadline);
    await consumer.disconnect();
  }
  // The first message's own call is part of the work: count it from its start.
  const elapsedMs = lastAt - firstAt;
  return {
    produced: messages,
    consumed,
    completed: consumed >= messages,
    msgsPerSec: elapsedMs > 0 ? consumed / (elapsedMs / 1000) : Number.NaN,
  };
}

async function startSlowServer(latencyMs: number): Promise<Server> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const answer = () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"responseCode":0}');
      };
      if (latencyMs > 0) setTimeout(answer, latencyMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
