/**
 * vitest global setup: real Kafka and DynamoDB for the whole run, resolved once.
 *
 * 1. `KAFKA_BROKERS` / `DYNAMODB_ENDPOINT` set: use that server (CI with managed services, or a
 *    developer's own stack). Each variable counts on its own; only what is missing is started.
 * 2. Java available: the native servers of `./vend infra` (reused when already up; otherwise
 *    started now and stopped at the end of the run).
 * 3. No Java, or the native start failed (e.g. no Maven to fetch Kafka), and a Docker engine is
 *    reachable: testcontainers.
 */
import { execFileSync } from 'node:child_process';
import {
  dynamodbEndpoint,
  kafkaBrokers,
  localStackConfigFromEnv,
  REPO_ROOT,
  type ServerName,
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
  // Each variable on its own: an existing Kafka with a local DynamoDB, or the other way round.
  const needed: ServerName[] = [];
  if (!process.env.KAFKA_BROKERS) needed.push('kafka');
  if (!process.env.DYNAMODB_ENDPOINT) needed.push('dynamodb');
  if (needed.length === 0) {
    log(
      `using KAFKA_BROKERS=${process.env.KAFKA_BROKERS} DYNAMODB_ENDPOINT=${process.env.DYNAMODB_ENDPOINT}`,
    );
    return async () => undefined;
  }
  const config = localStackConfigFromEnv(process.env, REPO_ROOT);
  let nativeFailure: unknown;
  if (javaAvailable()) {
    try {
      const started = await stackUp(config, log, needed);
      if (needed.includes('kafka')) process.env.KAFKA_BROKERS = kafkaBrokers(config);
      if (needed.includes('dynamodb')) process.env.DYNAMODB_ENDPOINT = dynamodbEndpoint(config);
      return async () => {
        if (started.length > 0) await stackDown(config, log, started);
      };
    } catch (error) {
      // E.g. Kafka could not be fetched (no Maven): Docker may still serve.
      nativeFailure = error;
      log(`native servers unavailable: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (await dockerAvailable()) {
    log(`starting ${needed.join(' and ')} with testcontainers`);
    const servers = await startDockerServers(config.kafka.port);
    process.env.KAFKA_BROKERS ??= servers.kafkaBrokers;
    process.env.DYNAMODB_ENDPOINT ??= servers.dynamodbEndpoint;
    return servers.stop;
  }
  if (nativeFailure !== undefined) throw nativeFailure;
  throw new Error(
    'no test infrastructure: set KAFKA_BROKERS and DYNAMODB_ENDPOINT, or install Java 17+ and Maven, or run a Docker engine',
  );
}
