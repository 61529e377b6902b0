import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  generateDemoBatch,
  percentile,
  publishBatch,
  ResultCollector,
  randomSealingKeys,
  ServiceProcess,
  stackEnv,
} from '@vendstream/harness';
import { createKafka, ensureTopics, topicDefinitions, topicNames } from '@vendstream/kafka';
import { Partitioners } from 'kafkajs';
import { startSandboxProcess } from './sandbox-target.ts';

export interface PipelineBenchOptions {
  brokers: string[];
  endpoint: string;
  /** Latency the sandbox adds to every call. */
  latencyMs: number;
  intents?: number;
  maxInFlight?: number;
  logDir: string;
}

export interface PipelineBenchResult {
  latencyMs: number;
  intents: number;
  intentsPerSec: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
  latencyP99Ms: number;
  workerCpuMsPerIntent: number;
  workerPeakRssMb: number;
  succeeded: number;
}

/** utime + stime of a process in ms (Linux: /proc/<pid>/stat fields 14 and 15, in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function peakRssMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) / 1024;
}

/**
 * The whole pipeline at one provider latency: a worker and a reconciler process, the sandbox in
 * its own process, N one-step intents published at once; end-to-end rate, publish-to-result latency,
 * worker CPU per intent and peak RSS. The per-account rate limit is lifted: this measures capacity.
 */
export async function benchPipeline(options: PipelineBenchOptions): Promise<PipelineBenchResult> {
  const intents = options.intents ?? 3000;
  const sandbox = await startSandboxProcess();
  const prefix = `bench-${Math.random().toString(36).slice(2, 8)}`;
  const kafka = createKafka({ brokers: options.brokers, clientId: 'bench' });
  const topics = topicNames(prefix);
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topicDefinitions(topics));
  await admin.disconnect();
  if (options.latencyMs > 0) {
    const reply = await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: { kind: 'latency', ms: options.latencyMs } }),
    });
    if (!reply.ok) throw new Error(`could not set sandbox latency: HTTP ${reply.status}`);
  }
  const env = stackEnv({
    kafkaBrokers: options.brokers.join(','),
    dynamodbEndpoint: options.endpoint,
    flashBaseUrl: sandbox.url,
    topicPrefix: prefix,
    sealingKeys: randomSealingKeys(),
    overrides: {
      LOG_LEVEL: 'warn',
      FLASH_RATE_LIMIT_PER_ACCOUNT: '1000000',
      VEND_MAX_IN_FLIGHT: String(options.maxInFlight ?? 256),
      VEND_OUTBOX_GRACE_MS: '60000',
    },
  });
  const logDir = join(options.logDir, prefix);
  const worker = new ServiceProcess('worker', { ...env, LOG_LEVEL: 'info' }, logDir);
  const reconciler = new ServiceProcess('reconciler', env, logDir);
  const results = await ResultCollector.start(kafka, topics.results, `${prefix}.reader`);
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  try {
    worker.start();
    reconciler.start();
    await worker.waitForLine(/worker started/);
    const pid = worker.pid ?? 0;
    const cpuBefore = cpuMs(pid);
    await producer.connect();
    const batch = generateDemoBatch({
      count: intents,
      faultRatio: 0,
      declineRatio: 0,
      invalidCount: 0,
      types: ['1voucher.purchase'],
    });
    const started = Date.now();
    const publishedAt = await publishBatch(producer, topics.intents, batch);
    await results.waitUntil((r) => r.byIntent.size >= intents, 600_000, `${intents} results`);
    const finished = Math.max(...results.receivedAt.values());
    const cpu = cpuMs(pid) - cpuBefore;
    const rss = peakRssMb(pid);
    const latencies = [...results.receivedAt].map(([id, at]) => at - (publishedAt.get(id) ?? at));
    return {
      latencyMs: options.latencyMs,
      intents,
      intentsPerSec: intents / ((finished - started) / 1000),
      latencyP50Ms: percentile(latencies, 50) ?? 0,
      latencyP95Ms: percentile(latencies, 95) ?? 0,
      latencyP99Ms: percentile(latencies, 99) ?? 0,
      workerCpuMsPerIntent: cpu / intents,
      workerPeakRssMb: rss,
      succeeded: results.countByStatus().succeeded ?? 0,
    };
  } finally {
    await Promise.all([worker.close(), reconciler.close()]);
    await results.stop();
    await producer.disconnect();
    await sandbox.stop();
  }
}
