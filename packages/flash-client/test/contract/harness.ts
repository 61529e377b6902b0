import { Writable } from 'node:stream';
import { DEFAULT_SANDBOX_CREDENTIALS, type FlashSandbox, startFlashSandbox } from '@vendstream/flash-sandbox';
import { createLogger } from '@vendstream/logging';
import { type ManualClock, manualClock } from '@vendstream/testing';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createFlashClient, type FlashClient, type FlashClientOptions } from '../../src/index.ts';

let counter = 0;
/** A reference unique within the run (sandbox state persists across tests in a file). */
export function ref(label: string): string {
  counter += 1;
  return `ct-${label}-${process.pid}-${counter}`;
}

/** Everything logged by a client, as raw lines, for assertions about secrets. */
export function capturedLogger(level: 'trace' | 'debug' | 'info' = 'trace') {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger({ name: 'flash-client-contract', level, destination }) };
}

export interface Harness {
  readonly sandbox: FlashSandbox;
  readonly client: FlashClient;
  /** Read by both the sandbox and the client, so tests move time without waiting. */
  readonly clock: ManualClock;
  /** Another client on the same sandbox (own token cache and agent), closed after the file. */
  newClient(overrides?: Partial<FlashClientOptions>): FlashClient;
}

/**
 * One sandbox per test file on an ephemeral port, with an injected clock; faults are cleared after
 * every test so one test's fault cannot leak into the next.
 */
export function useSandbox(
  sandboxOptions: { idempotencyWindowMs?: number; tokenTtlSeconds?: number } = {},
  clientOptions: Partial<FlashClientOptions> = {},
): Harness {
  const clock = manualClock();
  const clients: FlashClient[] = [];
  let sandbox: FlashSandbox | undefined;
  let client: FlashClient | undefined;

  const harness: Harness = {
    get sandbox() {
      if (!sandbox) throw new Error('sandbox not started');
      return sandbox;
    },
    get client() {
      if (!client) throw new Error('client not created');
      return client;
    },
    clock,
    newClient(overrides = {}) {
      const created = createFlashClient({
        baseUrl: harness.sandbox.url,
        credentials: DEFAULT_SANDBOX_CREDENTIALS,
        now: clock.now,
        logger: capturedLogger('info').logger,
        ...clientOptions,
        ...overrides,
      });
      clients.push(created);
      return created;
    },
  };

  beforeAll(async () => {
    sandbox = await startFlashSandbox({ port: 0, now: clock.now, ...sandboxOptions });
    client = harness.newClient();
  });
  afterEach(() => {
    sandbox?.clearFaults();
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await sandbox?.close();
  });
  return harness;
}
