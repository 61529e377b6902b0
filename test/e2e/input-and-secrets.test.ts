import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { createSecretSealer, isSealedValue } from '@vendstream/contracts';
import { SANDBOX_ACCOUNTS, SANDBOX_PRODUCTS } from '@vendstream/flash-sandbox';
import { generateDemoBatch, ResultCollector } from '@vendstream/harness';
import { testDynamoClient, uniqueName, waitFor } from '@vendstream/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intentMessage, type Pipeline, startPipeline } from '../src/index.ts';

const account = SANDBOX_ACCOUNTS.main.accountNumber;

describe('bad input, reused ids and secrets', () => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    pipeline = await startPipeline();
  });
  afterAll(async () => {
    await pipeline?.stop();
  });

  it('turns every invalid message into a rejected result that names the bad fields, and keeps going (invariant 6)', async () => {
    const { results, proxy } = pipeline;
    const batch = generateDemoBatch({ count: 0, invalidCount: 5 });
    const good = uniqueName('after-bad');
    await pipeline.publish([
      ...batch.invalid,
      intentMessage(good, '1voucher.purchase', { accountNumber: account, amount: 5_000 }),
    ]);
    await results.waitUntil((r) => r.byIntent.has(good) && r.byIntent.size >= 6, 60_000, 'six results');
    const rejected = [...results.byIntent.values()].filter((e) => e.data.status === 'rejected');
    expect(rejected).toHaveLength(5);
    for (const event of rejected) {
      expect(event.data.error?.source).toBe('validation');
      expect(event.data.error?.issues?.length).toBeGreaterThan(0);
      expect(event.data.references).toEqual([]);
    }
    const fields = rejected.flatMap((e) => e.data.error?.issues?.map((i) => i.field) ?? []);
    for (const expected of ['type', 'data.amount', 'data.mobileNumber']) expect(fields).toContain(expected);
    expect(results.byIntent.get(good)?.data.status).toBe('succeeded');
    // Nothing invalid reached Flash.
    expect(proxy.requests.filter((r) => r.reference?.startsWith(batch.batchId))).toEqual([]);
  }, 120_000);

  it('rejects a second intent with the same id and a different payload without sending it (invariant 4)', async () => {
    const { results, sandbox, proxy, kafka, topics } = pipeline;
    const people = await ResultCollector.start(kafka, topics.needsPerson, uniqueName('people'));
    const id = uniqueName('dup');
    await pipeline.publish([
      intentMessage(id, '1voucher.purchase', { accountNumber: account, amount: 5_000 }),
    ]);
    await results.waitUntil((r) => r.byIntent.has(id), 60_000, 'the first result');
    await pipeline.publish([
      intentMessage(id, '1voucher.purchase', { accountNumber: account, amount: 9_900 }),
    ]);
    await people.waitUntil((c) => c.byIntent.has(id), 60_000, 'the mismatch report');
    expect(people.byIntent.get(id)?.data.error?.code).toBe('PAYLOAD_MISMATCH');
    expect(results.byIntent.get(id)?.data.status).toBe('succeeded');
    expect(results.conflicts).toEqual([]);
    expect(sandbox.ledger().filter((e) => e.reference === id)).toHaveLength(1);
    expect(proxy.sentWithReference(id)).toHaveLength(1);
    // The hash kept to detect this is keyed (a plain hash of a redeem's data would expose its PIN
    // to an offline search by whoever reads the table).
    const dynamo = testDynamoClient();
    const item = await dynamo.send(
      new GetItemCommand({ TableName: pipeline.env.VEND_INTENTS_TABLE, Key: { intentId: { S: id } } }),
    );
    dynamo.destroy();
    expect(item.Item?.payloadHash?.S).toMatch(/^hmac-sha256:[^:]+:[0-9a-f]{64}$/);
    await people.stop();
  }, 120_000);

  it('seals voucher PINs in results and never writes them to any log (invariant 7)', async () => {
    const { results, workers, reconcilers, env } = pipeline;
    const ids = Array.from({ length: 20 }, () => uniqueName('pin'));
    await pipeline.publish(
      ids.map((id, i) =>
        i % 2 === 0
          ? intentMessage(id, '1voucher.purchase', { accountNumber: account, amount: 5_000 })
          : intentMessage(id, 'cash-out-pin.purchase', {
              accountNumber: account,
              amount: 5_000,
              productCode: SANDBOX_PRODUCTS.cashOutPin,
            }),
      ),
    );
    await results.waitUntil((r) => ids.every((id) => r.byIntent.has(id)), 60_000, 'twenty results');
    const [kid = '', key = ''] = (env.VEND_SEALING_KEYS ?? '').split(':');
    const sealer = createSecretSealer({ keys: { [kid]: Buffer.from(key, 'base64') }, currentKeyId: kid });
    const pins: string[] = [];
    for (const id of ids) {
      const event = results.byIntent.get(id);
      expect(event?.data.status).toBe('succeeded');
      const voucher = event?.data.providerResponse?.voucher as { pin?: unknown } | undefined;
      expect(isSealedValue(voucher?.pin), `${id} carries a sealed pin`).toBe(true);
      const opened = sealer.open(event?.data.providerResponse) as { voucher: { pin: string } };
      expect(opened.voucher.pin).toMatch(/^\d{16}$|^\d+$/);
      pins.push(opened.voucher.pin);
      expect(JSON.stringify(event)).not.toContain(opened.voucher.pin);
    }
    const logs = [...workers, ...reconcilers].flatMap((s) => s.lines).join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const pin of pins) expect(logs).not.toContain(pin);
    expect(logs).not.toContain(env.FLASH_CONSUMER_SECRET);
    expect(logs).not.toContain(key);
  }, 120_000);
});

describe('a slow provider', () => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    // Timeouts and leases far above how long the test holds the slow calls: they stay in flight.
    pipeline = await startPipeline({ env: { FLASH_TIMEOUT_MS: '90000', VEND_LEASE_MS: '120000' } });
  });
  afterAll(async () => {
    await pipeline?.stop();
  });

  it('does not stall unrelated intents, and the worker stays in its group (invariant 5)', async () => {
    const { sandbox, results, workers } = pipeline;
    // The sandbox holds every slow call unanswered until the test lets go: no race against a clock.
    const hold = sandbox.addFault({ match: { referencePattern: '^slow-' }, action: { kind: 'hold' } });
    const slow = Array.from({ length: 100 }, () => uniqueName('slow'));
    const fast = Array.from({ length: 400 }, () => uniqueName('fast'));
    const messages = [];
    // Interleaved on the same partitions: each slow intent sits among fast ones.
    for (let i = 0; i < fast.length; i++) {
      const slowId = slow[i / 4];
      if (i % 4 === 0 && slowId)
        messages.push(intentMessage(slowId, '1voucher.purchase', { accountNumber: account, amount: 5_000 }));
      messages.push(
        intentMessage(fast[i] ?? '', '1voucher.purchase', { accountNumber: account, amount: 5_000 }),
      );
    }
    await pipeline.publish(messages);
    // Every fast intent finishes while every slow call is still unanswered at the provider: a worker
    // that waited on them (in order, or with too little room in flight) would never get here.
    await results.waitUntil((r) => fast.every((id) => r.byIntent.has(id)), 90_000, 'every fast result');
    await waitFor(() => sandbox.heldRequests() === slow.length, {
      description: 'every slow call in flight at once',
      timeoutMs: 30_000,
    });
    expect(slow.filter((id) => results.byIntent.has(id))).toEqual([]);
    for (const id of fast) expect(results.byIntent.get(id)?.data.status).toBe('succeeded');

    sandbox.removeFault(hold);
    await results.waitUntil((r) => slow.every((id) => r.byIntent.has(id)), 60_000, 'every slow result');
    expect(slow.every((id) => results.byIntent.get(id)?.data.status === 'succeeded')).toBe(true);
    // Each slow call was sent once: nothing timed out and was resent while it was held.
    for (const id of slow) expect(sandbox.ledger().filter((e) => e.reference === id)).toHaveLength(1);
    // One join per worker: nobody was evicted from the group while the calls were held.
    const joins = workers.flatMap((w) => w.lines).filter((l) => l.includes('joined the consumer group'));
    expect(joins).toHaveLength(workers.length);
  }, 240_000);
});

describe('a provider that holds every slot', () => {
  const MAX_IN_FLIGHT = 20;
  const SESSION_TIMEOUT_MS = 6_000;
  let pipeline: Pipeline;
  beforeAll(async () => {
    pipeline = await startPipeline({
      env: {
        VEND_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT),
        VEND_KAFKA_SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS),
        FLASH_TIMEOUT_MS: '90000',
        VEND_LEASE_MS: '120000',
      },
    });
  });
  afterAll(async () => {
    await pipeline?.stop();
  });

  it('keeps no more than its in-flight limit, stays in its group for several session timeouts, then finishes everything (invariant 5)', async () => {
    const { sandbox, results, workers } = pipeline;
    const hold = sandbox.addFault({ match: { referencePattern: '^full-' }, action: { kind: 'hold' } });
    const ids = Array.from({ length: 3 * MAX_IN_FLIGHT }, () => uniqueName('full'));
    await pipeline.publish(
      ids.map((id) => intentMessage(id, '1voucher.purchase', { accountNumber: account, amount: 5_000 })),
    );
    await waitFor(() => sandbox.heldRequests() === MAX_IN_FLIGHT, {
      description: `${MAX_IN_FLIGHT} calls held`,
      timeoutMs: 60_000,
    });
    // The stimulus here is time itself: three session timeouts with every slot taken. A worker
    // that stopped heartbeating while it waits for a slot would be evicted and rejoin.
    await new Promise((resolve) => setTimeout(resolve, 3 * SESSION_TIMEOUT_MS));
    // Backpressure, not a queue: nothing beyond the limit was taken on while the slots were full.
    expect(sandbox.heldRequests()).toBe(MAX_IN_FLIGHT);
    expect(results.byIntent.size).toBe(0);

    sandbox.removeFault(hold);
    await results.waitUntil((r) => ids.every((id) => r.byIntent.has(id)), 90_000, 'every result');
    for (const id of ids) {
      expect(results.byIntent.get(id)?.data.status).toBe('succeeded');
      expect(sandbox.ledger().filter((e) => e.reference === id)).toHaveLength(1);
    }
    const joins = workers.flatMap((w) => w.lines).filter((l) => l.includes('joined the consumer group'));
    expect(joins).toHaveLength(workers.length);
  }, 240_000);
});
