/**
 * Kafka plumbing shared by the worker, the reconciler and the tools: topic names and definitions,
 * a kafkajs client that logs through pino, a producer that batches concurrent sends, and a reader of
 * a topic's effective retention settings.
 *
 * ```ts
 * import { BatchingProducer, createKafka, ensureTopics, topicDefinitions, topicNames } from '@vendstream/kafka';
 * const kafka = createKafka({ brokers: ['127.0.0.1:19092'], clientId: 'worker', logger });
 * const topics = topicNames('vendstream');
 * const admin = kafka.admin(); await admin.connect();
 * await ensureTopics(admin, topicDefinitions(topics));
 * const producer = kafka.producer(); await producer.connect();
 * await new BatchingProducer(producer).send(topics.results, { key: intentId, value: json });
 * ```
 */
export { BatchingProducer, type BatchingProducerOptions } from './batching-producer.ts';
export { createKafka, type KafkaConnection } from './client.ts';
export {
  describeTopicRetention,
  TopicConfigError,
  type TopicRetention,
} from './topic-retention.ts';
export { ensureTopics, type TopicLayout, type TopicNames, topicDefinitions, topicNames } from './topics.ts';
