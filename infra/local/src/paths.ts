import { join } from 'node:path';
import type { LocalStackConfig } from './config.ts';

/** Every path the local stack writes, under one git-ignored home. */
export function stackPaths(config: LocalStackConfig) {
  const { home } = config;
  const kafkaVersionDir = join(home, 'kafka', config.kafka.version);
  return {
    runDir: join(home, 'run'),
    kafkaLibs: join(kafkaVersionDir, 'libs'),
    kafkaPom: join(kafkaVersionDir, 'pom.xml'),
    kafkaFetchedMarker: join(kafkaVersionDir, 'libs', '.complete'),
    kafkaDataDir: join(home, 'data', `kafka-${config.kafka.version}`),
    kafkaLogDir: join(home, 'logs', 'kafka'),
    kafkaProperties: join(home, 'run', 'kafka.properties'),
    kafkaPidFile: join(home, 'run', 'kafka.pid'),
    dynamodbDataDir: join(home, 'data', 'dynamodb'),
    dynamodbLogDir: join(home, 'logs', 'dynamodb'),
    dynamodbPidFile: join(home, 'run', 'dynamodb.pid'),
  };
}
export type StackPaths = ReturnType<typeof stackPaths>;
