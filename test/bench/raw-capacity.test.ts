import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testInfra } from '@vendstream/testing';
import { describe, expect, it } from 'vitest';
import {
  benchDynamoConditionalWrites,
  benchHttpSandbox,
  benchKafkaLoop,
  benchSequentialEachMessage,
} from './raw-capacity.ts';
import { startSandboxProcess } from './sandbox-target.ts';

// Smoke only: tiny sizes, one run, and structure rather than speed (the machine is shared).
describe('raw capacity benchmarks', () => {
  it('the kafka loop consumes exactly what it produced and reports positive rates', async () => {
    const r = await benchKafkaLoop({
      brokers: testInfra().kafkaBrokers,
      messages: 200,
      batchSize: 50,
      runs: 1,
    });
    expect(r.perRun).toHaveLength(1);
    expect(r.perRun[0]).toMatchObject({ produced: 200, consumed: 200 });
    expect(r.produceMsgsPerSec.median).toBeGreaterThan(0);
    expect(r.endToEndMsgsPerSec.median).toBeGreaterThan(0);
    expect(r.latencyP99Ms.median).toBeGreaterThanOrEqual(r.latencyP50Ms.median);
  });

  it('dynamodb conditional writes all succeed and the table is fresh per call', async () => {
    const r = await benchDynamoConditionalWrites({
      endpoint: testInfra().dynamodbEndpoint,
      writes: 100,
      warmupWrites: 20,
      concurrency: 8,
      runs: 1,
    });
    expect(r.perRun[0]).toMatchObject({ writes: 100, failed: 0 });
    expect(r.writesPerSec.median).toBeGreaterThan(0);
    expect(r.clientCpuMsPerCall.median).toBeGreaterThan(0);
  });

  it('the http benchmark sends a distinct body per request', async () => {
    const references = new Set<string>();
    let received = 0;
    const server = createServer((request, response) => {
      let text = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => {
        text += chunk;
      });
      request.on('end', () => {
        received++;
        references.add((JSON.parse(text) as { reference: string }).reference);
        response.writeHead(request.headers.authorization === 'Bearer t0k' ? 200 : 401).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const r = await benchHttpSandbox({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        token: 't0k',
        path: '/v4/1voucher/purchase',
        body: (sequence, runId) => ({ reference: `${runId}-${sequence}`, amount: 1000 }),
        connections: 4,
        durationSec: 1,
        runs: 1,
      });
      const run = r.perRun[0];
      expect(run?.requests).toBeGreaterThan(0);
      expect(run?.non2xx).toBe(0);
      expect(run?.ok2xx).toBe(run?.requests);
      expect(references.size).toBe(received);
      expect(r.requestsPerSec.median).toBeGreaterThan(0);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('the flash sandbox accepts every benchmark purchase with its token', async () => {
    const sandbox = await startSandboxProcess();
    try {
      const r = await benchHttpSandbox({
        url: sandbox.url,
        token: sandbox.token,
        path: '/v4/1voucher/purchase',
        body: (sequence, runId) => ({
          reference: `t-${runId}-${sequence}`,
          accountNumber: sandbox.accountNumber,
          amount: 1000,
        }),
        connections: 4,
        durationSec: 1,
        serverPid: sandbox.pid,
        runs: 1,
      });
      expect(r.perRun[0]?.requests).toBeGreaterThan(0);
      expect(r.perRun[0]?.non2xx).toBe(0);
      expect(r.perRun[0]?.errors).toBe(0);
    } finally {
      await sandbox.stop();
    }
  });

  it('the sequential eachMessage baseline handles every message once', async () => {
    const r = await benchSequentialEachMessage({
      brokers: testInfra().kafkaBrokers,
      messages: 200,
      latencyMs: 0,
      runs: 1,
    });
    expect(r.perRun[0]).toMatchObject({ produced: 200, consumed: 200, completed: true });
    expect(r.msgsPerSec.median).toBeGreaterThan(0);
  });
});
