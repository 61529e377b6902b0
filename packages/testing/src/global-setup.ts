/**
 * vitest global setup: real Kafka and DynamoDB for the whole run, resolved once.
 *
 * 1. `KAFKA_BROKERS` and `DYNAMODB_ENDPOINT` set: use those servers (CI with managed services, or a
 *    developer's own stack).
 * 2. Java available: the native servers of `./vend infra` (reused when already up; otherwise
 *    started now and stopped at the end of the run).
 * 3. A Docker engine reachable: testcontainers.
 */
import { execFileSync } from 'node:child_process';
import {
  dynamodbEndpoint,
  kafkaBrokers,
  localStackConfigFromEnv,
  REPO_ROOT,
  stackDown,
  stackUp,
} from '@vendstream/local-infra';
import { dockerAvailable, startDockerServers } from './docker.ts';

function javaAvailable(): boolean {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const log = (line: string) => console.error(`[test-infra] ${line}`);

export default async function setup(): Promise<() => Promise<void>> {
  if (process.env.KAFKA_BROKERS && process.env.DYNAMODB_ENDPOINT) {
    log(
      `using KAFKA_BROKERS=${process.env.KAFKA_BROKERS} DYNAMODB_ENDPOINT=${process.env.DYNAMODB_ENDPOINT}`,
    );
    return async () => undefined;
  }
  const config = localStackConfigFromEnv(process.env, REPO_ROOT);
  if (javaAvailable()) {
    const started = await stackUp(config, log);
    process.env.KAFKA_BROKERS = kafkaBrokers(config);
    process.env.DYNAMODB_ENDPOINT = dynamodbEndpoint(config);
    return async () => {
      if (started.length > 0) await stackDown(config, log, started);
    };
  }
  if (await dockerAvailable()) {
    log('no Java: starting Kafka and DynamoDB Local with testcontainers');
    const servers = await startDockerServers(config.kafka.port);
    process.env.KAFKA_BROKERS = servers.kafkaBrokers;
    process.env.DYNAMODB_ENDPOINT = servers.dynamodbEndpoint;
    return servers.stop;
  }
  throw new Error(
    'no test infrastructure: set KAFKA_BROKERS and DYNAMODB_ENDPOINT, or install Java 17+ and Maven, or run a Docker engine',
  );
}
