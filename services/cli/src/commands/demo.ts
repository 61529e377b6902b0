import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startFlashSandbox } from '@vendstream/flash-sandbox';
import {
  checkLedger,
  generateDemoBatch,
  percentile,
  publishBatch,
  ResultCollector,
  ServiceProcess,
  stackEnv,
} from '@vendstream/harness';
import { createKafka, ensureTopics, topicDefinitions, topicNames } from '@vendstream/kafka';
import {
  dynamodbEndpoint,
  kafkaBrokers,
  type LocalStackConfig,
  type ServerName,
  stackUp,
} from '@vendstream/local-infra';
import { createLogger } from '@vendstream/logging';
import { Partitioners } from 'kafkajs';

export interface DemoOptions {
  count: number;
  workers: number;
  faultRatio: number;
  timeoutSec: number;
}

export function parseDemoArgs(args: string[]): DemoOptions {
  const options: DemoOptions = { count: 3000, workers: 1, faultRatio: 0.04, timeoutSec: 600 };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = Number(args[i + 1]);
    const needNumber = (name: string, min: number) => {
      if (!Number.isFinite(value) || value < min) throw new Error(`${name} needs a number >= ${min}`);
      i++;
      return value;
    };
    if (flag === '--count') options.count = needNumber('--count', 1);
    else if (flag === '--workers') options.workers = needNumber('--workers', 1);
    else if (flag === '--fault-ratio') options.faultRatio = needNumber('--fault-ratio', 0);
    else if (flag === '--timeout') options.timeoutSec = needNumber('--timeout', 1);
    else
      throw new Error(`unknown demo option ${flag} (--count N, --workers N, --fault-ratio R, --timeout S)`);
  }
  return options;
}

const fmt = (ms: number | undefined) => (ms === undefined ? '-' : `${Math.round(ms)} ms`);

/**
 * The main job on the local stack: real Kafka and DynamoDB Local, the Flash sandbox, worker and
 * reconciler processes; a mixed batch with a few percent of faults; a summary with the ledger check.
 */
export async function demoCommand(
  config: LocalStackConfig,
  args: string[],
  processEnv: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const options = parseDemoArgs(args);
  const say = (line: string) => console.log(line);
  // An existing Kafka or DynamoDB (KAFKA_BROKERS / DYNAMODB_ENDPOINT) is used as it is; only the
  // missing servers are started locally.
  const needed: ServerName[] = [];
  if (!processEnv.KAFKA_BROKERS) needed.push('kafka');
  if (!processEnv.DYNAMODB_ENDPOINT) needed.push('dynamodb');
  if (needed.length > 0) await stackUp(config, (line) => console.error(`[vend] ${line}`), needed);
  const brokers = processEnv.KAFKA_BROKERS ?? kafkaBrokers(config);
  const endpoint = processEnv.DYNAMODB_ENDPOINT ?? dynamodbEndpoint(config);
  const run = `demo-${randomBytes(3).toString('hex')}`;
  const logDir = join(config.home, 'logs', run);
  const sandbox = await startFlashSandbox({
    port: 0,
    logger: createLogger({ name: 'flash-sandbox', level: 'warn' }),
  });
  const topics = topicNames(run);
  const kafka = createKafka({ brokers: brokers.split(','), clientId: 'vend-demo' });
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topicDefinitions(topics));
  await admin.disconnect();

  const env = stackEnv({
    kafkaBrokers: brokers,
    dynamodbEndpoint: endpoint,
    flashBaseUrl: sandbox.url,
    topicPrefix: run,
    overrides: {
      LOG_LEVEL: 'info',
      // Faulted calls hang until this timeout; the reconciler resends them with the same reference.
      FLASH_TIMEOUT_MS: '3000',
      VEND_LEASE_MS: '30000',
      VEND_RETRY_INITIAL_MS: '500',
      VEND_RETRY_MAX_MS: '5000',
      VEND_OUTBOX_GRACE_MS: '10000',
    },
  });
  const services = [
    ...Array.from(
      { length: options.workers },
      (_, i) => new ServiceProcess('worker', env, logDir, `worker-${i + 1}`),
    ),
    new ServiceProcess('reconciler', env, logDir),
  ];
  const results = await ResultCollector.start(kafka, topics.results, `${run}.demo-reader`);
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  try {
    say(`vendstream demo ${run}: Flash sandbox ${sandbox.url}, Kafka ${brokers}, DynamoDB ${endpoint}`);
    say(`starting ${options.workers} worker(s) and a reconciler (logs: ${logDir})`);
    for (const s of services) s.start();
    await Promise.all(services.map((s) => s.waitForLine(/(worker|reconciler) started/)));

    const batch = generateDemoBatch({ count: options.count, faultRatio: options.faultRatio });
    const expected = batch.intents.length + batch.invalid.length;
    const faulted = batch.intents.filter((i) => i.fault).length;
    say(
      `publishing ${batch.intents.length} intents (${faulted} with injected faults) and ${batch.invalid.length} invalid messages, batch ${batch.batchId}`,
    );
    await producer.connect();
    const started = Date.now();
    const publishedAt = await publishBatch(producer, topics.intents, batch);

    const progress = setInterval(() => {
      const done = results.byIntent.size;
      const rate = done / ((Date.now() - started) / 1000);
      say(`  ${done}/${expected} results  ${rate.toFixed(0)}/s  ${JSON.stringify(results.countByStatus())}`);
    }, 1000);
    try {
      await results.waitUntil(
        (r) => r.byIntent.size >= expected,
        options.timeoutSec * 1000,
        `${expected} results`,
      );
    } finally {
      clearInterval(progress);
    }
    const elapsed = (Date.now() - started) / 1000;
    const latencies = [...results.receivedAt].map(([id, at]) => at - (publishedAt.get(id) ?? at));
    const clean = batch.intents.filter((i) => !i.fault).map((i) => i.id);
    const cleanLatencies = clean.map((id) => (results.receivedAt.get(id) ?? 0) - (publishedAt.get(id) ?? 0));
    const ledger = checkLedger(
      sandbox.ledger(),
      results,
      batch.intents.map((i) => i.id),
    );

    say('');
    say(`summary of ${run}`);
    say(
      `  results        ${results.byIntent.size} intents, ${results.received} events (duplicates are allowed, consumers dedupe)`,
    );
    for (const [status, count] of Object.entries(results.countByStatus()).sort())
      say(`  ${status.padEnd(14)} ${count}`);
    const reasons = new Map<string, number>();
    for (const event of results.byIntent.values()) {
      const { error, status } = event.data;
      if (!error) continue;
      const reason = `${status} ${error.source}:${error.code}`;
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    for (const [reason, count] of [...reasons].sort()) say(`    ${reason.padEnd(40)} ${count}`);
    say(
      `  throughput     ${(results.byIntent.size / elapsed).toFixed(0)} intents/s over ${elapsed.toFixed(1)} s`,
    );
    say(
      `  latency        p50 ${fmt(percentile(latencies, 50))}  p95 ${fmt(percentile(latencies, 95))}  p99 ${fmt(percentile(latencies, 99))}  max ${fmt(percentile(latencies, 100))}`,
    );
    say(
      `  unfaulted      p50 ${fmt(percentile(cleanLatencies, 50))}  p99 ${fmt(percentile(cleanLatencies, 99))}`,
    );
    say(
      `  ledger check   ${ledger.ok ? 'OK' : 'FAILED'}: ${ledger.effects} effects at Flash; ${ledger.doubleEffects.length} intents with two effects; ${ledger.succeededWithoutEffect.length} succeeded without effect; ${ledger.effectWithoutSuccess.length} effects reported unsold; ${results.conflicts.length} conflicting results`,
    );
    return ledger.ok && results.conflicts.length === 0 ? 0 : 1;
  } finally {
    await Promise.all(services.map((s) => s.close()));
    await results.stop();
    await producer.disconnect();
    await sandbox.close();
  }
}
