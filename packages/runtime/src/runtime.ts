import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  createPayloadHasher,
  createSecretSealer,
  type PayloadHasher,
  type SecretSealer,
} from '@vendstream/contracts';
import {
  createIntentExecutor,
  type IntentExecutor,
  RateLimiter,
  ResultPublisher,
} from '@vendstream/executor';
import { createFlashClient, type FlashClient } from '@vendstream/flash-client';
import { ensureIntentsTable, type IntentStore } from '@vendstream/intent-store';
import {
  BatchingProducer,
  createKafka,
  describeTopicRetention,
  ensureTopics,
  type TopicNames,
  topicDefinitions,
  topicNames,
} from '@vendstream/kafka';
import { createLogger, type Logger } from '@vendstream/logging';
import type { IdempotencyWindow, ResendPolicy } from '@vendstream/provider';
import { type Kafka, Partitioners, type Producer } from 'kafkajs';
import { configProblems, instanceId, intentsTableName, resendPolicy, type ServiceEnv } from './config.ts';
import { ConfigError } from './errors.ts';
import { openStore } from './open-store.ts';
import { recordRetentionProblem } from './retention.ts';
import { parseSealingKeys } from './sealing-keys.ts';

/** The typed bag of resources a service passes to its parts (built once, closed once). */
export interface Runtime {
  config: ServiceEnv;
  role: string;
  instanceId: string;
  logger: Logger;
  kafka: Kafka;
  topics: TopicNames;
  producer: Producer;
  dynamo: DynamoDBClient;
  store: IntentStore;
  sealer: SecretSealer;
  /** Keyed payload hashes stored with claims (same keys as the sealer). */
  payloads: PayloadHasher;
  flash: FlashClient;
  publisher: ResultPublisher;
  rateLimiter: RateLimiter;
  /** The one resend policy: the executor's, and the worker's store-outage wait. */
  resend: ResendPolicy;
  /** `resend.window`, Flash's idempotency window. */
  window: IdempotencyWindow;
  executor: IntentExecutor;
  /** The clock every part uses (store leases, window checks, result times). */
  now: () => number;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  role: 'worker' | 'reconciler';
  now?: () => number;
}

/**
 * Connects everything a worker or reconciler needs, creating the topics and the table when missing
 * (idempotent; in production they are provisioned from the same definitions, see infra/).
 *
 * Refuses to start (ConfigError) before any side effect when the configuration is inconsistent, and
 * right after the topics exist, before the table or any consumer, when the intents topic can keep
 * an intent longer than the store keeps its record (RETENTION_TOO_SHORT, see retention.ts).
 */
export async function createRuntime(config: ServiceEnv, options: RuntimeOptions): Promise<Runtime> {
  // parseServiceEnv already ran these checks; a configuration built by hand must not skip them.
  const problems = configProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
  const now = options.now ?? Date.now;
  const id = instanceId(config, options.role);
  const logger = createLogger({ name: options.role, level: config.LOG_LEVEL }).child({ instance: id });
  const topics = topicNames(config.VEND_TOPIC_PREFIX);
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS.split(','), clientId: id, logger });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, topicDefinitions(topics, { intentPartitions: config.VEND_INTENT_PARTITIONS }));
    // The topic may predate us, or have been altered: read what the broker applies.
    const retention = recordRetentionProblem(
      config.VEND_RETENTION_DAYS,
      await describeTopicRetention(admin, topics.intents),
    );
    if (retention) throw new ConfigError([retention], 'RETENTION_TOO_SHORT');
  } finally {
    await admin.disconnect();
  }
  const dynamo = new DynamoDBClient({
    region: config.AWS_REGION,
    ...(config.DYNAMODB_ENDPOINT
      ? {
          endpoint: config.DYNAMODB_ENDPOINT,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
  });
  const tableName = intentsTableName(config);
  await ensureIntentsTable(dynamo, tableName);
  const sealingKeys = parseSealingKeys(config.VEND_SEALING_KEYS, config.VEND_SEALING_KEY_ID);
  const sealer = createSecretSealer(sealingKeys);
  const payloads = createPayloadHasher(sealingKeys);
  const store = await openStore(config, {
    client: dynamo,
    tableName,
    sealer,
    sealingKeyIds: Object.keys(sealingKeys.keys),
    now,
    logger,
  });
  const flash = createFlashClient({
    baseUrl: config.FLASH_BASE_URL,
    pathPrefix: config.FLASH_PATH_PREFIX,
    credentials: { consumerKey: config.FLASH_CONSUMER_KEY, consumerSecret: config.FLASH_CONSUMER_SECRET },
    timeouts: { requestMs: config.FLASH_TIMEOUT_MS },
    maxSockets: config.FLASH_MAX_SOCKETS,
    logger: logger.child({ component: 'flash-client' }),
    now,
  });
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const publisher = new ResultPublisher({ producer: new BatchingProducer(producer), topics, store, logger });
  const rateLimiter = new RateLimiter(config.FLASH_RATE_LIMIT_PER_ACCOUNT);
  const resend = resendPolicy(config);
  const executor = createIntentExecutor({
    flash,
    store,
    publisher,
    sealer,
    logger,
    owner: id,
    leaseMs: config.VEND_LEASE_MS,
    source: `urn:vendstream:${options.role}`,
    policy: resend,
    rateLimiter,
    now,
  });
  return {
    config,
    role: options.role,
    instanceId: id,
    logger,
    kafka,
    topics,
    producer,
    dynamo,
    store,
    sealer,
    payloads,
    flash,
    publisher,
    rateLimiter,
    resend,
    window: resend.window,
    executor,
    now,
    async close() {
      await publisher.close();
      await producer.disconnect();
      flash.close();
      dynamo.destroy();
    },
  };
}
