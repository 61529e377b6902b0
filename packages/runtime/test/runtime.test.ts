import { randomBytes } from 'node:crypto';
import { intentReferences } from '@vendstream/contracts';
import { createKafka, describeTopicRetention, topicNames } from '@vendstream/kafka';
import { tableExists, testInfra, testServiceEnv, uniqueName } from '@vendstream/testing';
import { describe, expect, it } from 'vitest';
import { createRuntime, parseServiceEnv } from '../src/index.ts';
import { refusal, useRuntimes } from './helpers.ts';

/**
 * createRuntime against real Kafka and DynamoDB Local: what exists after a refused start, instance
 * ids, and the retention check against the broker's own topic settings. Flash is never called.
 */

const DAY = 24 * 3_600_000;
const start = useRuntimes();

function serviceEnv(prefix: string, overrides: Record<string, string> = {}): Record<string, string> {
  return testServiceEnv(prefix, overrides);
}

const admin = async () => {
  const client = createKafka({ brokers: testInfra().kafkaBrokers, clientId: 'runtime-test' }).admin();
  await client.connect();
  return client;
};

async function topicsOf(prefix: string): Promise<string[]> {
  const client = await admin();
  try {
    return (await client.listTopics()).filter((topic) => topic.startsWith(`${prefix}.`));
  } finally {
    await client.disconnect();
  }
}

describe('createRuntime: configuration refused before any side effect', () => {
  it('starting with a bad sealing key creates neither the topics nor the table', async () => {
    const prefix = uniqueName('rt-badkey');
    const env = serviceEnv(prefix, { VEND_SEALING_KEYS: `k1:${randomBytes(16).toString('base64')}` });
    const error = await refusal(start(env));
    expect(await topicsOf(prefix)).toEqual([]);
    expect(await tableExists(`${prefix}-intents`)).toBe(false);
    expect(error.problems).toEqual([expect.stringMatching(/^VEND_SEALING_KEYS: /)]);
  });

  it('refuses a configuration built by hand that skipped parseServiceEnv, before creating anything', async () => {
    const prefix = uniqueName('rt-byhand');
    const config = {
      ...parseServiceEnv(serviceEnv(prefix)),
      VEND_RETRY_INITIAL_MS: 5_000,
      VEND_RETRY_MAX_MS: 1_000,
    };
    const error = await refusal(createRuntime(config, { role: 'worker' }));
    expect(error.problems).toEqual([expect.stringMatching(/^VEND_RETRY_MAX_MS: /)]);
    expect(await topicsOf(prefix)).toEqual([]);
    expect(await tableExists(`${prefix}-intents`)).toBe(false);
  });
});

describe('createRuntime: instance ids', () => {
  it('gives two runtimes from the same configuration different instance ids, so neither holds the other’s leases', async () => {
    const prefix = uniqueName('rt-ids');
    const env = serviceEnv(prefix, { VEND_INSTANCE_ID: 'worker-1' });
    const first = await start(env);
    const second = await start(env);
    expect(first.instanceId).toMatch(/^worker-1-[0-9a-f]{8}$/);
    expect(second.instanceId).toMatch(/^worker-1-[0-9a-f]{8}$/);
    expect(second.instanceId).not.toBe(first.instanceId);

    const intentId = uniqueName('intent');
    const intent = {
      specversion: '1.0',
      id: intentId,
      source: 'urn:test',
      type: '1voucher.purchase' as const,
      time: new Date().toISOString(),
      data: { accountNumber: '0000000000000001', amount: 5_000 },
    };
    const claimed = await first.store.claim({
      intentId,
      type: intent.type,
      payloadHash: first.payloads.hash(intent),
      references: intentReferences(intentId, intent.type),
      intent: intent as never,
      owner: first.instanceId,
      leaseMs: 60_000,
    });
    expect(claimed.kind).toBe('claimed');
    const byOther = await second.store.extendLease({ intentId, owner: second.instanceId, leaseMs: 60_000 });
    expect(byOther.ok).toBe(false);
    const byHolder = await first.store.extendLease({ intentId, owner: first.instanceId, leaseMs: 60_000 });
    expect(byHolder.ok).toBe(true);
  });
});

describe('createRuntime: records outlive the intents topic', () => {
  it('refuses to start when the intents topic keeps messages 40 days, naming VEND_RETENTION_DAYS, the topic and its values', async () => {
    const prefix = uniqueName('rt-retention');
    const intents = topicNames(prefix).intents;
    const client = await admin();
    try {
      await client.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic: intents,
            numPartitions: 1,
            configEntries: [
              { name: 'retention.ms', value: String(40 * DAY) },
              { name: 'segment.ms', value: String(DAY) },
            ],
          },
        ],
      });
    } finally {
      await client.disconnect();
    }
    const error = await refusal(start(serviceEnv(prefix)));
    expect(error.code).toBe('RETENTION_TOO_SHORT');
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(
      new RegExp(
        `^VEND_RETENTION_DAYS: 30 d must exceed .*topic "${intents}".* = 42 d \\(retention\\.ms=3456000000, segment\\.ms=86400000, cleanup\\.policy=delete\\)`,
      ),
    );
    expect(error.message).toBe(`invalid configuration:\n  ${error.problems[0]}`);
    // Refused right after the topics, before the table: no intent can have been claimed.
    expect(await tableExists(`${prefix}-intents`)).toBe(false);

    // The same topic is fine once the records are kept longer than it can keep an intent.
    const runtime = await start(serviceEnv(prefix, { VEND_RETENTION_DAYS: '43' }));
    expect(runtime.store.tableName).toBe(`${prefix}-intents`);
  });

  it('starts with the default topic layout, whose intents topic has a 1-day segment', async () => {
    const prefix = uniqueName('rt-default');
    const runtime = await start(serviceEnv(prefix), 'reconciler');
    const client = await admin();
    try {
      expect(await describeTopicRetention(client, runtime.topics.intents)).toEqual({
        topic: runtime.topics.intents,
        retentionMs: 7 * DAY,
        segmentMs: DAY,
        cleanupPolicy: ['delete'],
      });
    } finally {
      await client.disconnect();
    }
  });
});
