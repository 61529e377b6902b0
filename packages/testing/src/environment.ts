import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
