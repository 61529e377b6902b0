import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { type Figure, figure, randomSuffix } from './stats.ts';

export interface HttpBenchOptions {
  url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  /** Called once per request; a string is sent as is, anything else as JSON. Unique references go here. */
  body: (sequence: number, runId: string) => unknown;
  connections?: number;
  durationSec?: number;
  runs?: number;
  /** The server's pid, to report its own CPU per request (Linux /proc; robust to a noisy machine). */
  serverPid?: number;
}

export interface HttpBenchRun {
  requests: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  requestsPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  serverCpuUsPerRequest: number;
}

export interface HttpBenchResult {
  url: string;
  path: string;
  connections: number;
  durationSec: number;
  requestsPerSec: Figure;
  latencyP50Ms: Figure;
  latencyP99Ms: Figure;
  serverCpuUsPerRequest: Figure;
  perRun: HttpBenchRun[];
}

/**
 * Requests per second against one HTTP endpoint with autocannon (keep-alive, no pipelining), a new
 * body per request so a sandbox never answers from its idempotency cache.
 */
export async function benchHttpSandbox(options: HttpBenchOptions): Promise<HttpBenchResult> {
  const { url, token, path, method = 'POST', body, connections = 64, durationSec = 5, runs = 3 } = options;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...options.headers,
  };
  const perRun: HttpBenchRun[] = [];
  for (let run = 0; run < runs; run++) {
    const runId = randomSuffix();
    let sequence = 0;
    const cpuBefore = processCpuMs(options.serverPid);
    const result = await autocannon({
      url,
      connections,
      duration: durationSec,
      pipelining: 1,
      timeout: 10,
      requests: [
        {
          method,
          path,
          headers,
          setupRequest(request) {
            const next = body(sequence++, runId);
            request.body = typeof next === 'string' ? next : JSON.stringify(next);
            return request;
          },
        },
      ],
    });
    const total = result.requests.total;
    perRun.push({
      requests: total,
      ok2xx: result['2xx'],
      non2xx: result.non2xx,
      errors: result.errors,
      requestsPerSec: total / Math.max(0.001, result.duration),
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
      serverCpuUsPerRequest: ((processCpuMs(options.serverPid) - cpuBefore) * 1000) / Math.max(1, total),
    });
  }
  return {
    url,
    path,
    connections,
    durationSec,
    requestsPerSec: figure(perRun.map((r) => r.requestsPerSec)),
    latencyP50Ms: figure(perRun.map((r) => r.latencyP50Ms)),
    latencyP99Ms: figure(perRun.map((r) => r.latencyP99Ms)),
    serverCpuUsPerRequest: figure(perRun.map((r) => r.serverCpuUsPerRequest)),
    perRun,
  };
}

/** User + system CPU of another process from /proc (NaN when unknown). */
function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}
