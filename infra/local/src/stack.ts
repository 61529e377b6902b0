import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dynamodbEndpoint, kafkaBrokers, type LocalStackConfig } from './config.ts';
import { dynamodbAnswers, dynamodbLocalJar, startDynamodb } from './dynamodb.ts';
import { fetchKafka } from './fetch-kafka.ts';
import { kafkaAnswers, startKafka } from './kafka.ts';
import { stackPaths } from './paths.ts';
import { portInUse, readPidFile, stopPid } from './process.ts';

export type ServerName = 'kafka' | 'dynamodb';

export interface ServerStatus {
  name: ServerName;
  state: 'running' | 'stopped' | 'stale-pid' | 'not-answering';
  version: string;
  port: number;
  pid?: number;
  endpoint: string;
  detail?: string;
}

export class InfraError extends Error {
  override name = 'InfraError';
}

type Log = (line: string) => void;

interface Server {
  name: ServerName;
  port: (c: LocalStackConfig) => number;
  host: (c: LocalStackConfig) => string;
  pidFile: (c: LocalStackConfig) => string;
  endpoint: (c: LocalStackConfig) => string;
  answers: (endpoint: string) => Promise<boolean>;
  start: (c: LocalStackConfig) => Promise<number>;
  configuredVersion: (c: LocalStackConfig) => string;
  runningVersion: (c: LocalStackConfig) => string | undefined;
  logFile: (c: LocalStackConfig) => string;
  portVariable: string;
}

const SERVERS: Server[] = [
  {
    name: 'kafka',
    port: (c) => c.kafka.port,
    host: (c) => c.kafka.host,
    pidFile: (c) => stackPaths(c).kafkaPidFile,
    endpoint: kafkaBrokers,
    answers: kafkaAnswers,
    start: async (c) => {
      fetchKafka(c, () => undefined);
      return startKafka(c);
    },
    configuredVersion: (c) => c.kafka.version,
    // The broker logs its own version at start-up (AppInfoParser); that is the truth, not our config.
    runningVersion: (c) => {
      const log = join(stackPaths(c).kafkaLogDir, 'server.log');
      if (!existsSync(log)) return undefined;
      const matches = [...readFileSync(log, 'utf8').matchAll(/Kafka version: (\S+)/g)];
      return matches.at(-1)?.[1];
    },
    logFile: (c) => join(stackPaths(c).kafkaLogDir, 'server.log'),
    portVariable: 'VEND_KAFKA_PORT',
  },
  {
    name: 'dynamodb',
    port: (c) => c.dynamodb.port,
    host: (c) => c.dynamodb.host,
    pidFile: (c) => stackPaths(c).dynamodbPidFile,
    endpoint: dynamodbEndpoint,
    answers: dynamodbAnswers,
    start: startDynamodb,
    configuredVersion: () => `DynamoDB Local ${dynamodbLocalJar().version}`,
    runningVersion: () => undefined,
    logFile: (c) => join(stackPaths(c).dynamodbLogDir, 'server.log'),
    portVariable: 'VEND_DYNAMODB_PORT',
  },
];

async function statusOf(server: Server, config: LocalStackConfig): Promise<ServerStatus> {
  const pidState = readPidFile(server.pidFile(config));
  const base = {
    name: server.name,
    version: server.runningVersion(config) ?? server.configuredVersion(config),
    port: server.port(config),
    endpoint: server.endpoint(config),
  };
  if (pidState.kind === 'none') return { ...base, state: 'stopped' };
  if (pidState.kind === 'stale') {
    return {
      ...base,
      state: 'stale-pid',
      pid: pidState.pid,
      detail: `pid file ${server.pidFile(config)} names pid ${pidState.pid}, which is not running`,
    };
  }
  const answers = await server.answers(server.endpoint(config));
  return { ...base, state: answers ? 'running' : 'not-answering', pid: pidState.pid };
}

export async function stackStatus(config: LocalStackConfig): Promise<ServerStatus[]> {
  return Promise.all(SERVERS.map((server) => statusOf(server, config)));
}

/**
 * Starts whatever is not running. Already up is a no-op. A stale pid file (the server died, e.g. the
 * machine rebooted) is reported and cleared; a port held by a process that is not ours is an error
 * that says how to resolve it. Returns the servers this call started.
 */
export async function stackUp(
  config: LocalStackConfig,
  log: Log,
  only?: ServerName[],
): Promise<ServerName[]> {
  const started: ServerName[] = [];
  await Promise.all(
    SERVERS.filter((s) => !only || only.includes(s.name)).map(async (server) => {
      const status = await statusOf(server, config);
      if (status.state === 'running') {
        log(`${server.name}: already running (pid ${status.pid}, ${status.endpoint})`);
        return;
      }
      if (status.state === 'not-answering') {
        throw new InfraError(
          `${server.name}: pid ${status.pid} is running but does not answer on ${status.endpoint}; ` +
            `see ${server.logFile(config)}, or run ./vend infra down and up again`,
        );
      }
      if (status.state === 'stale-pid') {
        log(`${server.name}: ${status.detail}; removing the stale pid file and starting afresh`);
        rmSync(server.pidFile(config), { force: true });
      }
      if (await portInUse(server.host(config), server.port(config))) {
        throw new InfraError(
          `${server.name}: port ${server.port(config)} is already in use by another process (not started by ./vend). ` +
            `Stop that process, or choose another port with ${server.portVariable}=<port>.`,
        );
      }
      log(`${server.name}: starting ${server.configuredVersion(config)} on ${server.endpoint(config)}`);
      const startedAt = Date.now();
      const pid = await server.start(config);
      log(`${server.name}: ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s (pid ${pid})`);
      started.push(server.name);
    }),
  );
  writeFileSync(
    join(stackPaths(config).runDir, 'stack.json'),
    JSON.stringify(await stackStatus(config), null, 2),
  );
  return started;
}

export async function stackDown(config: LocalStackConfig, log: Log, only?: ServerName[]): Promise<void> {
  await Promise.all(
    SERVERS.filter((s) => !only || only.includes(s.name)).map(async (server) => {
      const result = await stopPid(server.pidFile(config));
      log(`${server.name}: ${result === 'stopped' ? 'stopped' : 'was not running'}`);
    }),
  );
}

export function stackLogFiles(config: LocalStackConfig): Record<ServerName, string> {
  const logFile = (name: ServerName) => SERVERS.find((s) => s.name === name)?.logFile(config) ?? '';
  return { kafka: logFile('kafka'), dynamodb: logFile('dynamodb') };
}
