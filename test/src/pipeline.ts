import { join } from 'node:path';
import { type FlashSandbox, type FlashSandboxOptions, startFlashSandbox } from '@vendstream/flash-sandbox';
import {
  RecordingProxy,
  ResultCollector,
  randomSealingKeys,
  ServiceProcess,
  stackEnv,
} from '@vendstream/harness';
import { createKafka, ensureTopics, type TopicNames, topicDefinitions, topicNames } from '@vendstream/kafka';
import { createLogger } from '@vendstream/logging';
import { testInfra, uniqueName } from '@vendstream/testing';
import { type Kafka, Partitioners, type Producer } from 'kafkajs';

export interface PipelineOptions {
  workers?: number;
  reconcilers?: number;
  /** Extra environment for every service (e.g. a short window). */
  env?: Record<string, string>;
  sandbox?: FlashSandboxOptions;
  /** Another broker than the test run's (e.g. one the test restarts). */
  kafkaBrokers?: string[];
}

export interface Pipeline {
  sandbox: FlashSandbox;
  /** Sits between the services and the sandbox and records every request. */
  proxy: RecordingProxy;
  topics: TopicNames;
  kafka: Kafka;
  producer: Producer;
  results: ResultCollector;
  workers: ServiceProcess[];
  reconcilers: ServiceProcess[];
  env: Record<string, string>;
  logDir: string;
  publish(messages: { key: string; value: string }[]): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The whole system for one test: its own topics, table and sandbox; workers and reconcilers as OS
 * processes pointed at the real Kafka and DynamoDB Local of the test run.
 */
export async function startPipeline(options: PipelineOptions = {}): Promise<Pipeline> {
  const infra = { ...testInfra(), ...(options.kafkaBrokers ? { kafkaBrokers: options.kafkaBrokers } : {}) };
  const prefix = uniqueName('e2e');
  const logDir = join(import.meta.dirname, '..', '..', '.vend', 'logs', prefix);
  const sandbox = await startFlashSandbox({
    port: 0,
    logger: createLogger({ name: 'flash-sandbox', level: 'warn' }),
    ...options.sandbox,
  });
  const proxy = await RecordingProxy.start(sandbox.url);
  const topics = topicNames(prefix);
  const kafka = createKafka({ brokers: infra.kafkaBrokers, clientId: 'e2e' });
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topicDefinitions(topics, { intentPartitions: 6 }));
  await admin.disconnect();
  const env = stackEnv({
    kafkaBrokers: infra.kafkaBrokers.join(','),
    dynamodbEndpoint: infra.dynamodbEndpoint,
    flashBaseUrl: proxy.url,
    topicPrefix: prefix,
    sealingKeys: randomSealingKeys(),
    overrides: {
      LOG_LEVEL: 'info',
      VEND_INTENT_PARTITIONS: '6',
      FLASH_TIMEOUT_MS: '2000',
      VEND_LEASE_MS: '8000',
      VEND_RETRY_INITIAL_MS: '300',
      VEND_RETRY_MAX_MS: '2000',
      VEND_OUTBOX_GRACE_MS: '5000',
      VEND_RECONCILE_INTERVAL_MS: '300',
      VEND_SHUTDOWN_GRACE_MS: '5000',
      ...options.env,
    },
  });
  const workers = Array.from(
    { length: options.workers ?? 1 },
    (_, i) => new ServiceProcess('worker', env, logDir, `worker-${i + 1}`),
  );
  const reconcilers = Array.from(
    { length: options.reconcilers ?? 1 },
    (_, i) => new ServiceProcess('reconciler', env, logDir, `reconciler-${i + 1}`),
  );
  const results = await ResultCollector.start(kafka, topics.results, `${prefix}.reader`);
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  for (const service of [...workers, ...reconcilers]) service.start();
  await Promise.all([...workers, ...reconcilers].map((s) => s.waitForLine(/(worker|reconciler) started/)));
  return {
    sandbox,
    proxy,
    topics,
    kafka,
    producer,
    results,
    workers,
    reconcilers,
    env,
    logDir,
    async publish(messages) {
      for (let i = 0; i < messages.length; i += 500) {
        await producer.send({ topic: topics.intents, acks: -1, messages: messages.slice(i, i + 500) });
      }
    },
    async stop() {
      await Promise.all([...workers, ...reconcilers].map((s) => s.close()));
      await results.stop();
      await producer.disconnect();
      await proxy.close();
      await sandbox.close();
    },
  };
}
