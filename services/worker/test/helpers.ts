import { DEFAULT_SANDBOX_CREDENTIALS, type FlashSandbox, startFlashSandbox } from '@vendstream/flash-sandbox';
import { ResultCollector } from '@vendstream/harness';
import { createRuntime, parseServiceEnv, type Runtime } from '@vendstream/runtime';
import { flashEnv, testServiceEnv, uniqueName } from '@vendstream/testing';
import { Partitioners, type Producer } from 'kafkajs';
import { createWorker, type Worker, type WorkerOptions } from '../src/index.ts';

/**
 * A worker in this process (so a test can read its stats) against the run's real Kafka and
 * DynamoDB Local and its own Flash sandbox over HTTP, with its own topics and table.
 */
export interface WorkerStack {
  sandbox: FlashSandbox;
  runtime: Runtime;
  worker: Worker;
  results: ResultCollector;
  producer: Producer;
  stop(): Promise<void>;
}

/** The environment of a worker on the test run's servers, with its own topics and table. */
export function workerEnv(
  prefix: string,
  flashBaseUrl: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return testServiceEnv(prefix, {
    VEND_INTENT_PARTITIONS: '2',
    ...flashEnv(flashBaseUrl, DEFAULT_SANDBOX_CREDENTIALS),
    // Held calls stay in flight for the whole test: no timeout, no lease expiry, no resend.
    FLASH_TIMEOUT_MS: '120000',
    VEND_LEASE_MS: '180000',
    VEND_SHUTDOWN_GRACE_MS: '2000',
    ...overrides,
  });
}

export async function startWorkerStack(
  options: { env?: Record<string, string>; worker?: WorkerOptions } = {},
): Promise<WorkerStack> {
  const sandbox = await startFlashSandbox({ port: 0 });
  const prefix = uniqueName('worker');
  const config = parseServiceEnv(workerEnv(prefix, sandbox.url, options.env));
  const runtime = await createRuntime(config, { role: 'worker' });
  const worker = createWorker(runtime, options.worker);
  const results = await ResultCollector.start(runtime.kafka, runtime.topics.results, `${prefix}.reader`);
  const producer = runtime.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await worker.start();
  return {
    sandbox,
    runtime,
    worker,
    results,
    producer,
    async stop() {
      await worker.stop();
      await results.stop();
      await producer.disconnect();
      await sandbox.close();
    },
  };
}
