import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { intentReferences } from '@vendstream/contracts';
import { type FlashSandbox, SANDBOX_ACCOUNTS, startFlashSandbox } from '@vendstream/flash-sandbox';
import { intentMessage, ResultCollector } from '@vendstream/harness';
import { intentsTableDefinition } from '@vendstream/intent-store';
import { createRuntime, parseServiceEnv, type Runtime } from '@vendstream/runtime';
import { testInfra, testSealingKey, uniqueName } from '@vendstream/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type HandleOutcome, handleIntentMessage } from '../src/index.ts';
import { workerEnv } from './helpers.ts';

/**
 * A store failure that only one message has must end that message, never loop on it: the worker
 * would retry it forever, holding its slot and its partition's offset. Real DynamoDB Local, Kafka
 * and the sandbox; the failures come from the table itself, as they would in production.
 */

const account = SANDBOX_ACCOUNTS.main.accountNumber;

let sandbox: FlashSandbox;
const open: { runtime: Runtime; collectors: ResultCollector[] }[] = [];

beforeAll(async () => {
  sandbox = await startFlashSandbox({ port: 0 });
});
afterEach(async () => {
  for (const { runtime, collectors } of open.splice(0)) {
    await Promise.all(collectors.map((c) => c.stop()));
    await runtime.close();
  }
});
afterAll(async () => {
  await sandbox?.close();
});

async function start(prefix: string, env: Record<string, string>) {
  const runtime = await createRuntime(parseServiceEnv(workerEnv(prefix, sandbox.url, env)), {
    role: 'worker',
  });
  const results = await ResultCollector.start(runtime.kafka, runtime.topics.results, uniqueName('results'));
  const people = await ResultCollector.start(runtime.kafka, runtime.topics.needsPerson, uniqueName('people'));
  open.push({ runtime, collectors: [results, people] });
  return { runtime, results, people };
}

/** Handles one message as the worker would; reports whether its offset was let go. */
async function handle(
  runtime: Runtime,
  value: string,
): Promise<{ outcome: HandleOutcome; durable: boolean }> {
  let durable = false;
  const message = { topic: runtime.topics.intents, partition: 0, offset: '7', value: Buffer.from(value) };
  const outcome = await handleIntentMessage(runtime, message, () => (durable = true), 64 * 1024);
  return { outcome, durable };
}

describe('a message whose item the store refuses', () => {
  it('ends rejected (INTENT_NOT_STORABLE) on results with a copy for a person, sends nothing, and lets the offset go', async () => {
    // A table an operator gave an index keyed on batchId as a number: DynamoDB refuses every item
    // that carries a batchId (ValidationException), and only those.
    const prefix = uniqueName('refused');
    const table = `${prefix}-intents`;
    const definition = intentsTableDefinition(table);
    const dynamo = new DynamoDBClient({
      endpoint: testInfra().dynamodbEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await dynamo.send(
      new CreateTableCommand({
        ...definition,
        AttributeDefinitions: [
          ...(definition.AttributeDefinitions ?? []),
          { AttributeName: 'batchId', AttributeType: 'N' },
        ],
        GlobalSecondaryIndexes: [
          ...(definition.GlobalSecondaryIndexes ?? []),
          {
            IndexName: 'byBatch',
            KeySchema: [{ AttributeName: 'batchId', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ],
      }),
    );
    dynamo.destroy();
    const { runtime, results, people } = await start(prefix, {});
    const refused = uniqueName('refused');
    const event = JSON.parse(
      intentMessage(refused, '1voucher.purchase', { accountNumber: account, amount: 5_000 }).value,
    );
    const { outcome, durable } = await handle(runtime, JSON.stringify({ ...event, batchid: 'payroll-7' }));

    expect(outcome).toEqual({ kind: 'rejected', code: 'INTENT_NOT_STORABLE' });
    expect(durable).toBe(true);
    await results.waitUntil((r) => r.byIntent.has(refused), 30_000, 'the rejection');
    await people.waitUntil((p) => p.byIntent.has(refused), 30_000, 'the report');
    const result = results.byIntent.get(refused)?.data;
    expect(result?.status).toBe('rejected');
    expect(result?.error?.code).toBe('INTENT_NOT_STORABLE');
    expect(result?.batchid).toBe('payroll-7');
    expect(sandbox.ledger().filter((entry) => entry.reference === refused)).toEqual([]);
    expect(await runtime.store.get(refused)).toBeNull();

    // The refusal concerns that item only: an intent without a batchId is sold as usual.
    const sold = uniqueName('sold');
    const next = await handle(
      runtime,
      intentMessage(sold, '1voucher.purchase', { accountNumber: account, amount: 5_000 }).value,
    );
    expect(next.outcome.kind).toBe('executed');
    await results.waitUntil((r) => r.byIntent.has(sold), 30_000, 'the sale');
    expect(results.byIntent.get(sold)?.data.status).toBe('succeeded');
  }, 120_000);
});

describe('a message whose existing record cannot be read', () => {
  it('is reported for a person only (that intent may have sold), never sent, and lets the offset go', async () => {
    const prefix = uniqueName('unreadable');
    const k1 = testSealingKey('k1');
    const redeem = uniqueName('redeem');
    const message = intentMessage(redeem, '1voucher.redeem', {
      accountNumber: account,
      pin: '1234567890123456',
      amount: 0,
    });
    // First life: claimed under key k1 (its PIN sealed with it), then k1 was removed from the config.
    const before = await start(prefix, { VEND_SEALING_KEYS: k1, VEND_SEALING_KEY_ID: 'k1' });
    const intent = JSON.parse(message.value);
    await before.runtime.store.claim({
      intentId: redeem,
      type: intent.type,
      payloadHash: before.runtime.payloads.hash(intent),
      references: intentReferences(redeem, intent.type),
      intent,
      owner: before.runtime.instanceId,
      leaseMs: 60_000,
    });
    const after = await start(prefix, {
      VEND_SEALING_KEYS: testSealingKey('k2'),
      VEND_SEALING_KEY_ID: 'k2',
      VEND_RETIRED_SEALING_KEYS: 'k1',
    });

    // The same message redelivered, and an invalid one reusing the id.
    const redelivered = await handle(after.runtime, message.value);
    expect(redelivered).toEqual({ outcome: { kind: 'rejected', code: 'RECORD_UNREADABLE' }, durable: true });
    const invalid = await handle(
      after.runtime,
      intentMessage(redeem, '1voucher.redeem', { accountNumber: account, pin: 'x', amount: 0 }).value,
    );
    expect(invalid).toEqual({ outcome: { kind: 'rejected', code: 'RECORD_UNREADABLE' }, durable: true });

    await after.people.waitUntil((p) => p.byIntent.has(redeem), 30_000, 'the report');
    const report = after.people.byIntent.get(redeem)?.data;
    expect(report?.error?.code).toBe('RECORD_UNREADABLE');
    expect(report?.error?.message).toContain('k1');
    // Not on results: consumers would take it for the outcome of the intent, which is unknown here.
    expect(after.results.byIntent.has(redeem)).toBe(false);
    expect(sandbox.ledger().filter((entry) => entry.reference === redeem)).toEqual([]);
  }, 120_000);
});
