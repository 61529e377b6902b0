import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SANDBOX_ACCOUNTS } from '@vendstream/flash-sandbox';
import { ResultCollector } from '@vendstream/harness';
import { testDynamoClient, uniqueName, waitFor } from '@vendstream/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Pipeline, startPipeline } from '../src/index.ts';

const WINDOW_MS = 5_000;
const MARGIN_MS = 1_500;

/** Invariant 3: an unknown outcome is resent with the same reference only inside the window. */
describe('the idempotency window', () => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    pipeline = await startPipeline({
      env: {
        VEND_WINDOW_MS: String(WINDOW_MS),
        VEND_WINDOW_MARGIN_MS: String(MARGIN_MS),
        FLASH_TIMEOUT_MS: '600',
        VEND_LEASE_MS: '3000',
        VEND_RETRY_INITIAL_MS: '200',
        VEND_RETRY_MAX_MS: '800',
        VEND_OUTBOX_GRACE_MS: '2000',
        VEND_RECONCILE_INTERVAL_MS: '100',
      },
    });
  });
  afterAll(async () => {
    await pipeline?.stop();
  });

  it('resends a timing-out intent with the same reference until the window closes, then marks it unresolved and never sends it again', async () => {
    const { sandbox, proxy, results, kafka, topics } = pipeline;
    const id = uniqueName('hangs');
    const neighbour = uniqueName('fine');
    // Every request for this reference hangs until the client times out: the outcome stays unknown.
    sandbox.addFault({ match: { referencePattern: `^${id}$` }, action: { kind: 'hang' } });
    const needsPerson = await ResultCollector.start(kafka, topics.needsPerson, uniqueName('people'));
    const intent = (intentId: string) => ({
      key: intentId,
      value: JSON.stringify({
        specversion: '1.0',
        id: intentId,
        source: 'urn:test',
        type: '1voucher.purchase',
        time: new Date().toISOString(),
        data: { accountNumber: SANDBOX_ACCOUNTS.main.accountNumber, amount: 5_000 },
      }),
    });
    await pipeline.publish([intent(id), intent(neighbour)]);

    await results.waitUntil((r) => r.byIntent.has(id) && r.byIntent.has(neighbour), 60_000, 'both results');
    const result = results.byIntent.get(id)?.data;
    expect(result?.status).toBe('unresolved');
    expect(result?.error?.code).toBe('WINDOW_CLOSED');
    expect(result?.references).toEqual([id]);
    expect(results.byIntent.get(neighbour)?.data.status).toBe('succeeded');
    await needsPerson.waitUntil((c) => c.byIntent.has(id), 30_000, 'the needs-a-person event');

    // The store no longer lists it as due: the reconciler cannot find it again.
    const dynamo = testDynamoClient();
    await waitFor(
      async () => {
        const item = await dynamo.send(
          new GetItemCommand({
            TableName: pipeline.env.VEND_INTENTS_TABLE,
            Key: { intentId: { S: id } },
            ConsistentRead: true,
          }),
        );
        return (
          item.Item?.state?.S === 'unresolved' &&
          item.Item.outboxPending?.BOOL === false &&
          !item.Item.nextActionAt
        );
      },
      { description: 'the unresolved intent to leave the due index', timeoutMs: 30_000 },
    );
    dynamo.destroy();

    const sends = proxy.sentWithReference(id);
    // The first send and at least one resend, every one with the same reference, all inside the
    // window. The reconciler decides before `firstSentAt + window - margin`, and the margin absorbs
    // the time a resend takes to reach the provider; arrivals are checked against the window less
    // half a second, which holds on a loaded machine.
    expect(sends.length).toBeGreaterThanOrEqual(2);
    const first = sends[0]?.at ?? 0;
    for (const send of sends) expect(send.at - first).toBeLessThan(WINDOW_MS - 500);
    const sentBeforeResult = sends.length;
    // After a further round trip through the whole pipeline (the reconciler sweeps every 100 ms),
    // nothing more was sent for it.
    const later = uniqueName('later');
    await pipeline.publish([intent(later)]);
    await results.waitUntil((r) => r.byIntent.has(later), 30_000, 'a later result');
    expect(proxy.sentWithReference(id)).toHaveLength(sentBeforeResult);
    expect(sandbox.ledger().filter((e) => e.reference === id)).toEqual([]);
    await needsPerson.stop();
  }, 120_000);
});
