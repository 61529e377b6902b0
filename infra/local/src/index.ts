/**
 * Real Kafka (single-node KRaft) and DynamoDB Local as plain JVM processes on 127.0.0.1: no Docker.
 *
 * ```ts
 * import { localStackConfigFromEnv, REPO_ROOT, stackUp, stackDown } from '@vendstream/local-infra';
 * const config = localStackConfigFromEnv(process.env, REPO_ROOT);
 * const started = await stackUp(config, console.log); // no-op for servers already running
 * await stackDown(config, console.log, started);
 * ```
 */
export {
  DEFAULT_KAFKA_VERSION,
  dynamodbEndpoint,
  kafkaBrokers,
  type LocalStackConfig,
  localStackConfigFromEnv,
  REPO_ROOT,
} from './config.ts';
export { dynamodbAnswers, localDynamoClient } from './dynamodb.ts';
export { kafkaAnswers } from './kafka.ts';
export {
  InfraError,
  type ServerName,
  type ServerStatus,
  stackDown,
  stackLogFiles,
  stackStatus,
  stackUp,
} from './stack.ts';
