import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { intentMessage, stackEnv } from '@vendstream/harness';
import { createKafka, topicNames } from '@vendstream/kafka';
import { tableExists, testInfra, uniqueName } from '@vendstream/testing';
import { describe, expect, it } from 'vitest';

/**
 * A service that must not start says why on stderr, one line per problem under one heading, and
 * exits 1: no stack trace, nothing created before the configuration was checked, nothing consumed
 * when the intents topic outlives the records.
 */

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const DAY = 24 * 3_600_000;

/** Runs a service's entry point to its exit; the refusals below never get as far as Flash. */
function run(role: 'worker' | 'reconciler', env: Record<string, string>) {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'services', role, 'src', 'main.ts')], {
    cwd: REPO_ROOT,
    // As an operator runs it: no NODE_OPTIONS (the service keeps Node's warnings to what matters).
    env: {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'silent',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  // A service that starts instead of refusing would run for ever: stop it so the test fails cleanly.
  const stopper = setTimeout(() => child.kill('SIGKILL'), 45_000);
  return new Promise<{ code: number | null; stdout: string; stderr: string[] }>((resolveExit) =>
    child.once('close', (code) => {
      clearTimeout(stopper);
      resolveExit({ code, stdout, stderr: stderr.trimEnd().split('\n') });
    }),
  );
}

function env(prefix: string, overrides: Record<string, string> = {}) {
  const infra = testInfra();
  return stackEnv({
    kafkaBrokers: infra.kafkaBrokers.join(','),
    dynamodbEndpoint: infra.dynamodbEndpoint,
    flashBaseUrl: 'http://127.0.0.1:9',
    topicPrefix: prefix,
    overrides: { VEND_INTENT_PARTITIONS: '1', ...overrides },
  });
}

describe('start-up refusals', () => {
  it('a worker with a bad sealing key and a retry cap below its first delay prints one line for each and exits 1, having created nothing', async () => {
    const prefix = uniqueName('refuse-config');
    const exit = await run(
      'worker',
      env(prefix, {
        VEND_SEALING_KEYS: `k1:${randomBytes(16).toString('base64')}`,
        VEND_SEALING_KEY_ID: 'k1',
        VEND_RETRY_INITIAL_MS: '5000',
        VEND_RETRY_MAX_MS: '1000',
      }),
    );
    expect(exit.code).toBe(1);
    expect(exit.stderr).toEqual([
      'invalid configuration:',
      expect.stringMatching(/^ {2}VEND_SEALING_KEYS: entry 1: .*32-byte/),
      expect.stringMatching(
        /^ {2}VEND_RETRY_MAX_MS: .*VEND_RETRY_INITIAL_MS=5000, VEND_RETRY_MAX_MS=1000[,)]/,
      ),
    ]);
    const admin = createKafka({ brokers: testInfra().kafkaBrokers, clientId: 'refusals' }).admin();
    await admin.connect();
    try {
      expect((await admin.listTopics()).filter((t) => t.startsWith(prefix))).toEqual([]);
    } finally {
      await admin.disconnect();
    }
    expect(await tableExists(`${prefix}-intents`)).toBe(false);
  });

  it('a worker whose intents topic keeps messages 40 days prints one line naming VEND_RETENTION_DAYS and exits 1 without consuming', async () => {
    const prefix = uniqueName('refuse-retention');
    const topics = topicNames(prefix);
    const kafka = createKafka({ brokers: testInfra().kafkaBrokers, clientId: 'refusals' });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic: topics.intents,
            numPartitions: 1,
            configEntries: [{ name: 'retention.ms', value: String(40 * DAY) }],
          },
        ],
      });
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({
        topic: topics.intents,
        messages: [
          intentMessage(uniqueName('waiting'), '1voucher.purchase', {
            accountNumber: '0000000000000001',
            amount: 5_000,
          }),
        ],
      });
      await producer.disconnect();

      const exit = await run('worker', env(prefix));
      expect(exit.code).toBe(1);
      expect(exit.stderr).toEqual([
        'invalid configuration:',
        expect.stringMatching(
          new RegExp(
            `^ {2}VEND_RETENTION_DAYS: 30 d must exceed how long topic "${topics.intents}" can keep an intent, .*retention\\.ms=3456000000, segment\\.ms=\\d+, cleanup\\.policy=delete`,
          ),
        ),
      ]);
      // Nothing consumed: the worker's group never committed an offset, and no intent was claimed.
      const [offsets] = await admin.fetchOffsets({ groupId: `${prefix}.workers`, topics: [topics.intents] });
      expect(offsets?.partitions.map((p) => p.offset)).toEqual(['-1']);
      expect(await tableExists(`${prefix}-intents`)).toBe(false);
    } finally {
      await admin.disconnect();
    }
  });
});
