/**
 * Per-call CPU cost of the client versus a bare got call with the same options, against a trivial
 * local HTTP server (in the same process, so its CPU is included equally in both figures).
 *
 *   node packages/flash-client/bench/overhead.ts [calls=20000] [concurrency=64]
 */
import { Agent, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@vendstream/logging';
import got from 'got';
import { createFlashClient } from '../src/index.ts';

const calls = Number(process.argv[2] ?? 20_000);
const concurrency = Number(process.argv[3] ?? 64);
const success = JSON.stringify({
  responseCode: 0,
  responseMessage: 'Success',
  accountNumber: '8000000001',
  reference: 'r',
  amount: 5000,
  transactionDate: '2026-01-01T00:00:00Z',
  transactionId: 123456,
  voucher: { amount: 5000, pin: '1234567890123456', serialNumber: 'S1', expiryDate: '2029-01-01' },
});

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.url === '/token') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ access_token: 'tok', token_type: 'Bearer', expires_in: 3600 }));
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(success);
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function run(label: string, once: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 2_000; i++) await once(i); // warm-up
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) await once(next++);
    }),
  );
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMsPerCall = (used.user + used.system) / 1000 / calls;
  console.log(
    `${label}: ${(calls / (wall / 1000)).toFixed(0)} calls/s, ${(cpuMsPerCall * 1000).toFixed(0)} µs CPU/call (server included)`,
  );
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });
const bare = got.extend({
  agent: { http: agent },
  retry: { limit: 0 },
  throwHttpErrors: false,
  followRedirect: false,
  responseType: 'text',
});
await run('bare got + JSON.parse', async (i) => {
  const res = await bare.post(`${base}/v4/1voucher/purchase`, {
    json: { reference: `r-${i}`, accountNumber: '8000000001', amount: 5000 },
    headers: { authorization: 'Bearer tok' },
    timeout: { request: 15_000 },
  });
  return JSON.parse(res.body);
});

const client = createFlashClient({
  baseUrl: base,
  credentials: { consumerKey: 'k', consumerSecret: 's' },
  logger: createLogger({ name: 'bench', level: 'info' }),
});
await run('flash-client send', (i) =>
  client.send('1voucher.purchase', { reference: `r-${i}`, accountNumber: '8000000001', amount: 5000 }),
);

client.close();
agent.destroy();
server.close();
