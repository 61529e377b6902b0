import { randomBytes } from 'node:crypto';
import { DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { Kafka, logLevel } from 'kafkajs';

/** Where the test servers are. Set by the global setup (or by the caller, to use existing servers). */
export function testInfra(): { kafkaBrokers: string[]; dynamodbEndpoint: string } {
  const brokers = process.env.KAFKA_BROKERS;
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!brokers || !endpoint) {
    throw new Error(
      'KAFKA_BROKERS and DYNAMODB_ENDPOINT are not set: run tests through ./vend test (or vitest with the root config, whose global setup starts the servers)',
    );
  }
  return { kafkaBrokers: brokers.split(','), dynamodbEndpoint: endpoint };
}

export function testKafka(clientId = 'vendstream-test'): Kafka {
  return new Kafka({ clientId, brokers: testInfra().kafkaBrokers, logLevel: logLevel.NOTHING });
}

export function testDynamoClient(): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: testInfra().dynamodbEndpoint,
    region: process.env.AWS_REGION ?? 'us-east-1',
    // DynamoDB Local accepts any key made of letters and digits; a real endpoint uses the default chain.
    ...(process.env.DYNAMODB_ENDPOINT?.includes('127.0.0.1') ||
    process.env.DYNAMODB_ENDPOINT?.includes('localhost')
      ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
}

/** Whether a table exists on the test DynamoDB: for asserting that a refused start created nothing. */
export async function tableExists(name: string): Promise<boolean> {
  const dynamo = testDynamoClient();
  try {
    await dynamo.send(new DescribeTableCommand({ TableName: name }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  } finally {
    dynamo.destroy();
  }
}

/** Creates topics and waits until they have leaders, so consumers can subscribe straight away. */
export async function createTestTopics(kafka: Kafka, topics: { topic: string; numPartitions?: number }[]) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((t) => ({
        topic: t.topic,
        numPartitions: t.numPartitions ?? 1,
        replicationFactor: 1,
      })),
    });
  } finally {
    await admin.disconnect();
  }
}

/** A random sealing key spec `<kid>:<base64 of 32 bytes>`, fresh for each test. */
export function testSealingKey(kid = 'k1'): string {
  return `${kid}:${randomBytes(32).toString('base64')}`;
}

/**
 * A service's Flash variables for a Flash at `url` that accepts `credentials`: spread into
 * `testServiceEnv`'s overrides with a sandbox's url and the credentials it was started with.
 */
export function flashEnv(
  url: string,
  credentials: { consumerKey: string; consumerSecret: string },
): Record<string, string> {
  return {
    FLASH_BASE_URL: url,
    FLASH_CONSUMER_KEY: credentials.consumerKey,
    FLASH_CONSUMER_SECRET: credentials.consumerSecret,
  };
}

/**
 * The environment of a worker or reconciler on the test run's servers, with its own topics and
 * table (named after `prefix`) and a fresh sealing key `k1`. Flash defaults to a closed port (for
 * tests that never reach it); spread `flashEnv(sandbox.url, credentials)` into `overrides` otherwise.
 */
export function testServiceEnv(
  prefix: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  const infra = testInfra();
  return {
    LOG_LEVEL: 'silent',
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    DYNAMODB_ENDPOINT: infra.dynamodbEndpoint,
    VEND_TOPIC_PREFIX: prefix,
    VEND_INTENT_PARTITIONS: '1',
    ...flashEnv('http://127.0.0.1:9', { consumerKey: 'key', consumerSecret: 'secret' }),
    VEND_SEALING_KEYS: testSealingKey('k1'),
    VEND_SEALING_KEY_ID: 'k1',
    ...overrides,
  };
}
