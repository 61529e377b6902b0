import { DEFAULT_MAX_INTENT_BYTES, MAX_REJECTED_RESULT_BYTES } from '@vendstream/contracts';
import { SANDBOX_ACCOUNTS } from '@vendstream/flash-sandbox';
import { uniqueName, waitFor } from '@vendstream/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intentMessage, type Pipeline, startPipeline } from '../src/index.ts';

const account = SANDBOX_ACCOUNTS.main.accountNumber;

/**
 * Just under the size limit, with thousands of wrongly typed metadata entries: each is a field
 * error, so an uncapped rejection runs to hundreds of KB (more than a DynamoDB item may hold).
 */
function poisonMessage(id: string): { key: string; value: string } {
  const metadata: Record<string, number> = {};
  const message = () =>
    intentMessage(id, '1voucher.purchase', { accountNumber: account, amount: 5_000, metadata });
  for (let i = 0; Buffer.byteLength(message().value) < DEFAULT_MAX_INTENT_BYTES - 4 * 1024; i++) {
    metadata[`k${i}`] = i;
  }
  return message();
}

describe('poison messages', () => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    pipeline = await startPipeline();
  });
  afterAll(async () => {
    await pipeline?.stop();
  });

  it('answers 300 poison intents mixed with 1,000 valid ones, and commits every partition to its end (invariant 6)', async () => {
    const { results, producer, topics, kafka, env } = pipeline;
    const poison = Array.from({ length: 300 }, () => uniqueName('poison'));
    const valid = Array.from({ length: 1_000 }, () => uniqueName('valid'));
    const template = poisonMessage(poison[0] ?? '');
    const entries = Object.keys(JSON.parse(template.value).data.metadata).length;
    expect(entries).toBeGreaterThan(4_000);
    // Small sends: the broker takes at most 1 MB per partition batch, and each poison is ~60 KB.
    for (let i = 0; i < valid.length; i += 10) {
      const messages = valid
        .slice(i, i + 10)
        .map((id) => intentMessage(id, '1voucher.purchase', { accountNumber: account, amount: 5_000 }));
      for (const id of poison.slice((i / 10) * 3, (i / 10) * 3 + 3)) {
        messages.push({
          key: id,
          value: template.value.replace(JSON.stringify(poison[0]), JSON.stringify(id)),
        });
      }
      await producer.send({ topic: topics.intents, acks: -1, messages });
    }

    // The bound: every message answered within this, however many poisons sit among them.
    await results.waitUntil(
      (r) => [...poison, ...valid].every((id) => r.byIntent.has(id)),
      240_000,
      'a result for every message',
    );
    for (const id of valid) expect(results.byIntent.get(id)?.data.status).toBe('succeeded');
    for (const id of poison) {
      const event = results.byIntent.get(id);
      expect(event?.data.status).toBe('rejected');
      expect(event?.data.error?.code).toBe('INVALID_INTENT');
      expect(event?.data.error?.issues?.length).toBe(20);
      expect(event?.data.error?.issueCount).toBeGreaterThanOrEqual(entries);
      expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThanOrEqual(MAX_REJECTED_RESULT_BYTES);
    }
    expect(results.conflicts).toEqual([]);

    // Nothing holds a partition back: the group's committed offsets reach the end of every one.
    const admin = kafka.admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(topics.intents);
      const groupId = `${env.VEND_TOPIC_PREFIX}.workers`;
      const behind = async () => {
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topics.intents] });
        return ends.filter(
          (end) => committed?.partitions.find((p) => p.partition === end.partition)?.offset !== end.high,
        );
      };
      let lagging: unknown[] = [];
      await waitFor(
        async () => {
          lagging = await behind();
          return lagging.length === 0;
        },
        { description: 'committed offsets at the end of every partition', timeoutMs: 60_000 },
      );
      expect(lagging).toEqual([]);
    } finally {
      await admin.disconnect();
    }
  }, 420_000);
});
