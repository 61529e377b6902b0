/**
 * `node test/bench/main.ts [--json] [--runs 3] [--latencies 0,50,200] [--only kafka,dynamo,http,sequential]`
 *
 * Measures each part of the local stack on its own and prints a table (or JSON). Servers come from
 * KAFKA_BROKERS (default 127.0.0.1:19092) and DYNAMODB_ENDPOINT (default http://127.0.0.1:18000);
 * the Flash sandbox is started as a child process on an ephemeral port.
 */
import { parseArgs } from 'node:util';
import { benchPipeline, type PipelineBenchResult } from './pipeline.ts';
import {
  benchDynamoConditionalWrites,
  benchHttpSandbox,
  benchKafkaLoop,
  benchSequentialEachMessage,
  type Figure,
  figure,
} from './raw-capacity.ts';
import { startSandboxProcess } from './sandbox-target.ts';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    latencies: { type: 'string', default: '0,50,200' },
    only: { type: 'string', default: 'kafka,dynamo,http,sequential,pipeline' },
    intents: { type: 'string', default: '3000' },
  },
});
const runs = Number(values.runs);
const latencies = values.latencies.split(',').map(Number);
const only = new Set(values.only.split(','));
if (!Number.isInteger(runs) || runs < 1 || latencies.some((l) => !Number.isFinite(l) || l < 0)) {
  console.error(
    'usage: main.ts [--json] [--runs N>=1] [--latencies 0,50,200] [--only kafka,dynamo,http,sequential]',
  );
  process.exit(2);
}
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
const endpoint = process.env.DYNAMODB_ENDPOINT ?? 'http://127.0.0.1:18000';

interface Row {
  part: string;
  figure: string;
  value: Figure;
  unit: string;
}
const rows: Row[] = [];
const results: Record<string, unknown> = {};
const progress = (what: string): void => {
  if (!values.json) process.stderr.write(`… ${what}\n`);
};

if (only.has('kafka')) {
  progress('kafka produce -> consume loop');
  const r = await benchKafkaLoop({ brokers, runs });
  results.kafkaLoop = r;
  const part = `kafka loop (${r.messages} × ${r.valueBytes} B, ${r.partitions} partitions)`;
  rows.push(
    { part, figure: 'produce', value: r.produceMsgsPerSec, unit: 'msgs/s' },
    { part, figure: 'end to end', value: r.endToEndMsgsPerSec, unit: 'msgs/s' },
    { part, figure: 'latency p50', value: r.latencyP50Ms, unit: 'ms' },
    { part, figure: 'latency p99', value: r.latencyP99Ms, unit: 'ms' },
  );
}

if (only.has('dynamo')) {
  progress('dynamodb conditional writes');
  const r = await benchDynamoConditionalWrites({ endpoint, runs });
  results.dynamoConditionalWrites = r;
  const part = `dynamodb conditional put (${r.writes} warm, ${r.concurrency} in flight)`;
  rows.push(
    { part, figure: 'writes', value: r.writesPerSec, unit: 'writes/s' },
    { part, figure: 'latency p50', value: r.latencyP50Ms, unit: 'ms' },
    { part, figure: 'latency p99', value: r.latencyP99Ms, unit: 'ms' },
    { part, figure: 'client CPU', value: r.clientCpuMsPerCall, unit: 'ms/call' },
  );
}

if (only.has('http')) {
  progress('flash sandbox 1Voucher purchases');
  const sandbox = await startSandboxProcess();
  try {
    const r = await benchHttpSandbox({
      url: sandbox.url,
      token: sandbox.token,
      path: '/v4/1voucher/purchase',
      body: (sequence, runId) => ({
        reference: `b-${runId}-${sequence}`,
        accountNumber: sandbox.accountNumber,
        amount: 1000,
      }),
      serverPid: sandbox.pid,
      runs,
    });
    results.flashSandbox = r;
    const part = `flash sandbox purchase (${r.connections} conns, ${r.durationSec} s, own process)`;
    const non2xx = r.perRun.reduce((sum, run) => sum + run.non2xx + run.errors, 0);
    rows.push(
      {
        part,
        figure: `requests${non2xx > 0 ? ` (${non2xx} non-2xx/errors!)` : ''}`,
        value: r.requestsPerSec,
        unit: 'req/s',
      },
      { part, figure: 'latency p50', value: r.latencyP50Ms, unit: 'ms' },
      { part, figure: 'latency p99', value: r.latencyP99Ms, unit: 'ms' },
      { part, figure: 'sandbox CPU', value: r.serverCpuUsPerRequest, unit: 'µs/req' },
    );
  } finally {
    await sandbox.stop();
  }
}

if (only.has('sequential')) {
  const sequential: unknown[] = [];
  for (const latencyMs of latencies) {
    progress(`sequential eachMessage baseline at ${latencyMs} ms`);
    const r = await benchSequentialEachMessage({ brokers, latencyMs, runs });
    sequential.push(r);
    const handled = r.perRun.map((run) => run.consumed).join('/');
    rows.push({
      part: `baseline eachMessage + await HTTP (${latencyMs} ms)`,
      figure: `handled ${handled} of ${r.messages}`,
      value: r.msgsPerSec,
      unit: 'msgs/s',
    });
  }
  results.sequentialEachMessage = sequential;
}

const pipelineRuns: PipelineBenchResult[][] = [];
if (only.has('pipeline')) {
  const logDir = new URL('../../.vend/logs/bench', import.meta.url).pathname;
  for (const latencyMs of latencies) {
    const perRun: PipelineBenchResult[] = [];
    for (let run = 0; run < runs; run++) {
      progress(`pipeline at ${latencyMs} ms provider latency (run ${run + 1}/${runs})`);
      perRun.push(
        await benchPipeline({ brokers, endpoint, latencyMs, intents: Number(values.intents), logDir }),
      );
    }
    pipelineRuns.push(perRun);
    const part = `pipeline: worker + reconciler, ${perRun[0]?.intents} intents (${latencyMs} ms)`;
    const of = (pick: (r: PipelineBenchResult) => number) => figure(perRun.map(pick));
    rows.push(
      { part, figure: 'end to end', value: of((r) => r.intentsPerSec), unit: 'intents/s' },
      { part, figure: 'latency p50', value: of((r) => r.latencyP50Ms), unit: 'ms' },
      { part, figure: 'latency p99', value: of((r) => r.latencyP99Ms), unit: 'ms' },
      { part, figure: 'worker CPU', value: of((r) => r.workerCpuMsPerIntent), unit: 'ms/intent' },
      { part, figure: 'worker peak RSS', value: of((r) => r.workerPeakRssMb), unit: 'MB' },
    );
  }
  results.pipeline = pipelineRuns;
}

if (values.json) {
  console.log(JSON.stringify(results, (_, v) => (v === Number.POSITIVE_INFINITY ? null : v), 2));
} else {
  printTable(rows);
}

function printTable(table: Row[]): void {
  const format = (n: number): string =>
    Number.isNaN(n) ? '-' : n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(n >= 10 ? 1 : 2);
  const lines = [
    ['part', 'figure', 'median', 'min', 'max', 'unit'],
    ...table.map((r) => [
      r.part,
      r.figure,
      format(r.value.median),
      format(r.value.min),
      format(r.value.max),
      r.unit,
    ]),
  ];
  const widths = lines[0]?.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length))) ?? [];
  const numeric = new Set([2, 3, 4]);
  for (const [index, line] of lines.entries()) {
    console.log(
      line
        .map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
        .join('  '),
    );
    if (index === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  console.log(`\n${runs} run(s) per figure; median, min and max over runs. Machine: shared, noisy.`);
  printRatios();
}

/** The pipeline's rate as a fraction of each part's raw capacity, and against the naive baseline. */
function printRatios(): void {
  const median = (key: string, pick: (r: Row) => boolean) =>
    rows.find((r) => r.part.startsWith(key) && pick(r))?.value.median;
  const dynamo = median('dynamodb', (r) => r.figure === 'writes');
  const kafka = median('kafka loop', (r) => r.figure === 'end to end');
  const http = median('flash sandbox', (r) => r.figure.startsWith('requests'));
  const lines: string[] = [];
  for (const latencyMs of latencies) {
    const pipeline = median(
      `pipeline: worker + reconciler`,
      (r) => r.part.endsWith(`(${latencyMs} ms)`) && r.figure === 'end to end',
    );
    const baseline = median(`baseline eachMessage + await HTTP (${latencyMs} ms)`, () => true);
    if (pipeline === undefined) continue;
    const parts = [`pipeline at ${latencyMs} ms: ${Math.round(pipeline)} intents/s`];
    // Three store writes per intent: claim, terminal state, outbox flag cleared (batched, off the hot path).
    if (dynamo)
      parts.push(
        `${((pipeline * 3 * 100) / dynamo).toFixed(0)}% of DynamoDB Local's write capacity (3 writes/intent)`,
      );
    if (kafka)
      parts.push(`${((pipeline * 2 * 100) / kafka).toFixed(1)}% of the Kafka loop (2 messages/intent)`);
    if (http) parts.push(`${((pipeline * 100) / http).toFixed(0)}% of the sandbox's capacity`);
    if (baseline) parts.push(`${(pipeline / baseline).toFixed(1)}x the sequential eachMessage baseline`);
    lines.push(parts.join('; '));
  }
  if (lines.length > 0) console.log(`\n${lines.join('\n')}`);
}
