import { MAX_REJECTED_RESULT_BYTES, parseIntent } from '@vendstream/contracts';
import { DEFAULT_SANDBOX_CREDENTIALS, type FlashSandbox, startFlashSandbox } from '@vendstream/flash-sandbox';
import { ResultCollector, randomSealingKeys, stackEnv } from '@vendstream/harness';
import { createRuntime, parseServiceEnv, type Runtime } from '@vendstream/runtime';
import { testInfra, uniqueName } from '@vendstream/testing';
import { type HandleOutcome, handleIntentMessage } from '@vendstream/worker';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anyInput } from './arbitraries.ts';

/**
 * Property: whatever a Kafka message holds, the worker's message handler (real DynamoDB Local, Kafka
 * and the Flash sandbox over HTTP) answers it: it never throws while the servers are up, it lets the
 * offset move on (`onDurable`), and every rejection it publishes fits under MAX_REJECTED_RESULT_BYTES.
 * A poison message that loops or throws would hold its partition for good.
 */

const MAX_BYTES = 64 * 1024;
const MESSAGES_PER_RUN = 50;
const RUNS = 200; // 10,000 messages

/** Whatever arrives, as the bytes of a Kafka message value (an object is sent as its JSON). */
const messageValue = anyInput.map((raw): Buffer | null => {
  if (Buffer.isBuffer(raw)) return raw;
  if (raw instanceof Uint8Array) return Buffer.from(raw);
  if (typeof raw === 'string') return Buffer.from(raw);
  if (raw === undefined) return null; // a tombstone
  try {
    return Buffer.from(JSON.stringify(raw) ?? 'undefined');
  } catch {
    return Buffer.from(String(raw));
  }
});

let sandbox: FlashSandbox;
let runtime: Runtime;
let results: ResultCollector;
let people: ResultCollector;

beforeAll(async () => {
  const infra = testInfra();
  sandbox = await startFlashSandbox({ port: 0 });
  const prefix = uniqueName('fuzz');
  const env = stackEnv({
    kafkaBrokers: infra.kafkaBrokers.join(','),
    dynamodbEndpoint: infra.dynamodbEndpoint,
    flashBaseUrl: sandbox.url,
    topicPrefix: prefix,
    sealingKeys: randomSealingKeys(),
    overrides: {
      LOG_LEVEL: 'silent',
      VEND_INTENT_PARTITIONS: '2',
      FLASH_CONSUMER_KEY: DEFAULT_SANDBOX_CREDENTIALS.consumerKey,
      FLASH_TIMEOUT_MS: '5000',
      VEND_LEASE_MS: '30000',
    },
  });
  runtime = await createRuntime(parseServiceEnv(env), { role: 'worker' });
  results = await ResultCollector.start(runtime.kafka, runtime.topics.results, `${prefix}.results`);
  people = await ResultCollector.start(runtime.kafka, runtime.topics.needsPerson, `${prefix}.people`);
}, 120_000);

afterAll(async () => {
  await results?.stop();
  await people?.stop();
  await runtime?.close();
  await sandbox?.close();
});

describe('the worker message handler under fuzzing', () => {
  it('answers 10,000 hostile messages: never throws, always lets the offset move on, every rejection bounded', async () => {
    const { topics } = runtime;
    let offset = 0;
    const kinds = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(messageValue, { minLength: MESSAGES_PER_RUN, maxLength: MESSAGES_PER_RUN }),
        async (values) => {
          const messages = values.map((value) => ({
            topic: topics.intents,
            partition: 0,
            offset: String(offset++),
            value,
          }));
          const durable = new Set<string>();
          const outcomes: HandleOutcome[] = await Promise.all(
            messages.map((message) =>
              handleIntentMessage(runtime, message, () => durable.add(message.offset), MAX_BYTES),
            ),
          );
          expect([...durable].sort()).toEqual(messages.map((m) => m.offset).sort());
          // Where each rejection was answered: results (its own outcome) or needs-person (an id
          // that belongs to another intent, or a record that cannot be read).
          const answered: { intentId: string; topic: 'results' | 'people' }[] = [];
          outcomes.forEach((outcome, i) => {
            const label = outcome.kind === 'rejected' ? `rejected:${outcome.code}` : outcome.kind;
            kinds.set(label, (kinds.get(label) ?? 0) + 1);
            if (outcome.kind !== 'rejected') return;
            // The id the answer is published under: the message's own when it has a usable one.
            const parsed = parseIntent(messages[i]?.value ?? '', { maxBytes: MAX_BYTES });
            const id = parsed.ok ? parsed.intent.id : (parsed.id ?? `unparseable.0.${messages[i]?.offset}`);
            answered.push({
              intentId: id,
              topic:
                outcome.code === 'INVALID_INTENT' || outcome.code === 'INTENT_NOT_STORABLE'
                  ? 'results'
                  : 'people',
            });
          });
          for (const { intentId, topic } of answered) {
            const collector = topic === 'results' ? results : people;
            await collector.waitUntil((c) => c.byIntent.has(intentId), 30_000, `the answer to ${intentId}`);
            const event = collector.byIntent.get(intentId);
            expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThanOrEqual(MAX_REJECTED_RESULT_BYTES);
          }
        },
      ),
      { numRuns: RUNS },
    );
    expect(offset).toBeGreaterThanOrEqual(RUNS * MESSAGES_PER_RUN);
    // The mix reached both sides: intents that were sent and messages that were rejected.
    expect(kinds.get('rejected:INVALID_INTENT') ?? 0).toBeGreaterThan(5_000);
    expect(kinds.get('executed') ?? 0).toBeGreaterThan(500);
  }, 600_000);
});
