import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaBrokers, type LocalStackConfig } from './config.ts';
import { stackPaths } from './paths.ts';
import { spawnDetached, waitUntil } from './process.ts';

const TEMPLATE_DIR = join(import.meta.dirname, '..', 'kafka');

function majorVersion(config: LocalStackConfig): number {
  return Number(config.kafka.version.split('.')[0]);
}

/** Single-node KRaft: one process is both broker and controller. Tuned for a small machine. */
function serverProperties(config: LocalStackConfig, dataDir: string): string {
  const { host, port, controllerPort } = config.kafka;
  const lines = [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${host}:${controllerPort}`,
    `listeners=PLAINTEXT://${host}:${port},CONTROLLER://${host}:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://${host}:${port}`,
    'inter.broker.listener.name=PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${dataDir}`,
    // The defaults (50 partitions for __consumer_offsets, replication 3) are slow or impossible on one node.
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=1',
    'group.initial.rebalance.delay.ms=0',
    'log.cleaner.dedupe.buffer.size=1048577',
    // Topics are created explicitly (infra/kafka topic definitions), never by a typo in a producer.
    'auto.create.topics.enable=false',
    'num.partitions=1',
  ];
  if (majorVersion(config) >= 4) {
    lines.push(
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
    );
  }
  return `${lines.join('\n')}\n`;
}

function classpath(config: LocalStackConfig): string {
  return `${stackPaths(config).kafkaLibs}/*`;
}

function loggingArgs(config: LocalStackConfig, logDir: string): string[] {
  const args = [`-Dkafka.logs.dir=${logDir}`];
  if (majorVersion(config) >= 4) {
    args.push(`-Dlog4j2.configurationFile=${join(TEMPLATE_DIR, 'log4j2.properties')}`);
  } else {
    args.push(`-Dlog4j.configuration=file:${join(TEMPLATE_DIR, 'log4j.properties')}`);
  }
  return args;
}

/**
 * A cluster id as `kafka-storage random-uuid` makes it: 16 random bytes, base64url (22 chars). Like
 * Kafka's own `Uuid.randomUuid`, never one that starts with "-": the storage tool would read it as
 * an option (that failed one format in 64, and with it a whole test run).
 */
export function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Formats the storage folder once; a later start finds meta.properties and skips this. */
function formatStorage(config: LocalStackConfig): void {
  const paths = stackPaths(config);
  if (existsSync(join(paths.kafkaDataDir, 'meta.properties'))) return;
  mkdirSync(paths.kafkaDataDir, { recursive: true });
  const clusterId = randomClusterId();
  execFileSync(
    'java',
    [
      '-cp',
      classpath(config),
      ...loggingArgs(config, paths.kafkaLogDir),
      'kafka.tools.StorageTool',
      'format',
      '-t',
      clusterId,
      '-c',
      paths.kafkaProperties,
      '--ignore-formatted',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

export async function kafkaAnswers(brokers: string): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'vend-infra-probe',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 1000,
  }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export async function startKafka(config: LocalStackConfig): Promise<number> {
  const paths = stackPaths(config);
  mkdirSync(paths.runDir, { recursive: true });
  mkdirSync(paths.kafkaLogDir, { recursive: true });
  writeFileSync(paths.kafkaProperties, serverProperties(config, paths.kafkaDataDir));
  formatStorage(config);
  const heap = `${config.kafka.heapMb}m`;
  const args = [
    `-Xms256m`,
    `-Xmx${heap}`,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-Djava.awt.headless=true',
    ...loggingArgs(config, paths.kafkaLogDir),
    '-cp',
    classpath(config),
    'kafka.Kafka',
    paths.kafkaProperties,
  ];
  const logFile = join(paths.kafkaLogDir, 'stdout.log');
  const pid = spawnDetached('java', args, logFile, paths.kafkaPidFile, config.home);
  // "Kafka Server started" in the log is not enough: ready means an admin client gets an answer.
  await waitUntil(`Kafka ${config.kafka.version}`, () => kafkaAnswers(kafkaBrokers(config)), {
    timeoutMs: 90_000,
    pid,
    logFile: join(paths.kafkaLogDir, 'server.log'),
  });
  return pid;
}
