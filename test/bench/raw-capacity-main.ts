/**
 * `node test/bench/raw-capacity-main.ts [--json] [--runs 3] [--latencies 0,50] [--only kafka,dynamo,http,sequential]`
 *
 * Measures each part of the local stack on its own and prints a table (or JSON). Servers come from
 * KAFKA_BROKERS (default 127.0.0.1:19092) and DYNAMODB_ENDPOINT (default http://127.0.0.1:18000);
 * the Flash sandbox is started as a child process on an ephemeral port.
 */
import { parseArgs } from 'node:util';
import {
  benchDynamoConditionalWrites,
  benchHttpSandbox,
  benchKafkaLoop,
  benchSequentialEachMessage,
  type Figure,
} from './raw-capacity.ts';
import { startSandboxProcess } from './sandbox-target.ts';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    latencies: { type: 'string', default: '0,50' },
    only: { type: 'string', default: 'kafka,dynamo,http,sequential' },
  },
});
const runs = Number(values.runs);
const latencies = values.latencies.split(',').map(Number);
const only = new Set(values.only.split(','));
if (!Number.isInteger(runs) || runs < 1 || latencies.some((l) => !Number.isFinite(l) || l < 0)) {
  console.error(
    'usage: raw-capacity-main.ts [--json] [--runs N>=1] [--latencies 0,50] [--only kafka,dynamo,http,sequential]',
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
}
