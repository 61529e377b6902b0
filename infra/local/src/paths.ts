import { join } from 'node:path';
import type { LocalStackConfig } from './config.ts';

/** Every path the local stack writes, under one git-ignored home. */
export function stackPaths(config: LocalStackConfig) {
  const { home } = config;
  // Fetched jars are shared; an instance (e.g. a test's private broker) gets its own run, data and logs.
  const state = config.instance ? join(home, 'instances', config.instance) : home;
  const kafkaVersionDir = join(home, 'kafka', config.kafka.version);
  return {
    runDir: join(state, 'run'),
    kafkaLibs: join(kafkaVersionDir, 'libs'),
    kafkaPom: join(kafkaVersionDir, 'pom.xml'),
    kafkaFetchedMarker: join(kafkaVersionDir, 'libs', '.complete'),
    kafkaDataDir: join(state, 'data', `kafka-${config.kafka.version}`),
    kafkaLogDir: join(state, 'logs', 'kafka'),
    kafkaProperties: join(state, 'run', 'kafka.properties'),
    kafkaPidFile: join(state, 'run', 'kafka.pid'),
    dynamodbDataDir: join(state, 'data', 'dynamodb'),
    dynamodbLogDir: join(state, 'logs', 'dynamodb'),
    dynamodbPidFile: join(state, 'run', 'dynamodb.pid'),
  };
}
export type StackPaths = ReturnType<typeof stackPaths>;
