import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  PutItemCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { type Figure, figure, nowMs, percentile, randomSuffix } from './stats.ts';

export interface DynamoWritesOptions {
  endpoint: string;
  writes?: number;
  concurrency?: number;
  warmupWrites?: number;
  runs?: number;
}

export interface DynamoWritesRun {
  writes: number;
  failed: number;
  writesPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  clientCpuMsPerCall: number;
}

export interface DynamoWritesResult {
  table: string;
  writes: number;
  concurrency: number;
  warmupWrites: number;
  writesPerSec: Figure;
  latencyP50Ms: Figure;
  latencyP99Ms: Figure;
  clientCpuMsPerCall: Figure;
  perRun: DynamoWritesRun[];
}

/**
 * Conditional PutItem (`attribute_not_exists(pk)`, the claim write of the pipeline) into a fresh
 * PAY_PER_REQUEST table, `concurrency` calls in flight. A warm-up of `warmupWrites` is not counted:
 * DynamoDB Local (a JVM) is markedly slower until its JIT has seen the path. The client CPU per
 * call is this process's `cpuUsage` delta over the run divided by the writes (SDK + sockets).
 */
export async function benchDynamoConditionalWrites(
  options: DynamoWritesOptions,
): Promise<DynamoWritesResult> {
  const { endpoint, writes = 5_000, concurrency = 32, warmupWrites = 500, runs = 3 } = options;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const table = `bench-${randomSuffix()}`;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: table });
    await writeMany(client, table, 'warmup', warmupWrites, concurrency);
    const perRun: DynamoWritesRun[] = [];
    for (let run = 0; run < runs; run++) {
      perRun.push(await writeMany(client, table, `run${run}`, writes, concurrency));
    }
    return {
      table,
      writes,
      concurrency,
      warmupWrites,
      writesPerSec: figure(perRun.map((r) => r.writesPerSec)),
      latencyP50Ms: figure(perRun.map((r) => r.latencyP50Ms)),
      latencyP99Ms: figure(perRun.map((r) => r.latencyP99Ms)),
      clientCpuMsPerCall: figure(perRun.map((r) => r.clientCpuMsPerCall)),
      perRun,
    };
  } finally {
    await client.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
    client.destroy();
  }
}

async function writeMany(
  client: DynamoDBClient,
  table: string,
  prefix: string,
  writes: number,
  concurrency: number,
): Promise<DynamoWritesRun> {
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const worker = async (): Promise<void> => {
    while (next < writes) {
      const i = next++;
      const started = nowMs();
      try {
        await client.send(
          new PutItemCommand({
            TableName: table,
            Item: {
              pk: { S: `${prefix}-${i}` },
              state: { S: 'claimed' },
              leaseUntil: { N: String(Date.now() + 30_000) },
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        latencies.push(nowMs() - started);
      } catch {
        failed++;
      }
    }
  };
  const cpuBefore = process.cpuUsage();
  const started = nowMs();
  await Promise.all(Array.from({ length: Math.min(concurrency, writes) }, worker));
  const elapsedMs = nowMs() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const sorted = latencies.sort((a, b) => a - b);
  return {
    writes: latencies.length,
    failed,
    writesPerSec: latencies.length / (elapsedMs / 1000),
    latencyP50Ms: percentile(sorted, 0.5),
    latencyP99Ms: percentile(sorted, 0.99),
    clientCpuMsPerCall: (cpu.user + cpu.system) / 1000 / Math.max(1, writes),
  };
}
