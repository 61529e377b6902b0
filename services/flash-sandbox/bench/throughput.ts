/**
 * Requests per second of the sandbox at zero added latency: 1Voucher purchases with unique
 * references and a valid token, driven by autocannon from this process against the sandbox running
 * as its own process (as `./vend sandbox flash` runs it). Reports every run and the median.
 *
 *   node services/flash-sandbox/bench/throughput.ts [runs=3] [seconds=10] [connections=64]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SANDBOX_CREDENTIALS, SANDBOX_ACCOUNTS } from '../src/index.ts';

interface AutocannonRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  pipelining: number;
  requests: Array<AutocannonRequest & { setupRequest: (req: AutocannonRequest) => AutocannonRequest }>;
}) => Promise<AutocannonResult>;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const runs = Number(process.argv[2] ?? 3);
const seconds = Number(process.argv[3] ?? 10);
const connections = Number(process.argv[4] ?? 64);
const port = 18_000 + (process.pid % 1_000) + 1_000;
const url = `http://127.0.0.1:${port}`;

const child = spawn(
  process.execPath,
  [fileURLToPath(new URL('../src/main.ts', import.meta.url)), '--port', String(port)],
  {
    env: { ...process.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  },
);

try {
  await waitForHealth();
  const { consumerKey, consumerSecret } = DEFAULT_SANDBOX_CREDENTIALS;
  const tokenReply = await fetch(`${url}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${consumerKey}:${consumerSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const { access_token: token } = (await tokenReply.json()) as { access_token: string };
  const accountNumber = SANDBOX_ACCOUNTS.main.accountNumber;
  const results: number[] = [];
  for (let run = 1; run <= runs; run++) {
    let sequence = 0;
    const cpuBefore = childCpuMs();
    const result = await autocannon({
      url,
      connections,
      duration: seconds,
      pipelining: 1,
      requests: [
        {
          method: 'POST',
          path: '/v4/1voucher/purchase',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          setupRequest(req) {
            sequence += 1;
            req.body = `{"reference":"bench-${run}-${sequence}","accountNumber":"${accountNumber}","amount":1000}`;
            return req;
          },
        },
      ],
    });
    results.push(result.requests.average);
    const cpuPerRequest = ((childCpuMs() - cpuBefore) * 1000) / Math.max(1, result.requests.total);
    console.log(
      `run ${run}: ${Math.round(result.requests.average)} req/s, ${result.requests.total} requests, ` +
        `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}, ` +
        `sandbox CPU ${cpuPerRequest.toFixed(0)} µs/request, sandbox RSS ${childRssMb()} MB`,
    );
  }
  const sorted = [...results].sort((a, b) => a - b);
  console.log(
    `median of ${runs} runs: ${Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0)} req/s ` +
      `(${connections} connections, ${seconds} s each, keep-alive)`,
  );
} finally {
  child.kill('SIGTERM');
}

/** The sandbox's own CPU time (Linux /proc; NaN elsewhere): robust to other load on the machine. */
function childCpuMs(): number {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

function childRssMb(): number {
  try {
    const line = readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
    return Math.round(Number(line?.[1] ?? Number.NaN) / 1024);
  } catch {
    return Number.NaN;
  }
}

async function waitForHealth(): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      if ((await fetch(`${url}/__sandbox/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`sandbox did not become healthy at ${url}`);
}
