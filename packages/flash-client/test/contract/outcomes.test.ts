import { DEFAULT_SANDBOX_CREDENTIALS, SANDBOX_ACCOUNTS } from '@vendstream/flash-sandbox';
import { describe, expect, it } from 'vitest';
import { createFlashClient } from '../../src/index.ts';
import { closedPort } from '../closed-port.ts';
import { capturedLogger, ref, useSandbox } from './harness.ts';

const h = useSandbox();
const account = SANDBOX_ACCOUNTS.main.accountNumber;

function ledgerFor(reference: string) {
  return h.sandbox.ledger().filter((entry) => entry.reference === reference);
}

describe('contract: outcome classes over real HTTP', () => {
  it('succeeds for HTTP 200 with responseCode 0', async () => {
    const outcome = await h.client.oneVoucher.purchase({
      reference: ref('ok'),
      accountNumber: account,
      amount: 1_000,
    });
    expect(outcome.kind).toBe('succeeded');
  });

  it('is declined, with the code and nothing in the ledger, when the balance is too low', async () => {
    const reference = ref('low');
    const outcome = await h.client.oneVoucher.purchase({
      reference,
      accountNumber: SANDBOX_ACCOUNTS.low.accountNumber,
      amount: SANDBOX_ACCOUNTS.low.balance + 1_000,
    });
    expect(outcome).toMatchObject({ kind: 'declined', code: 2003 });
    expect(ledgerFor(reference)).toEqual([]);
  });

  it('is unknown(timeout) when Flash never answers', async () => {
    h.sandbox.addFault({ match: { operation: '1voucher.purchase' }, action: { kind: 'hang' }, times: 1 });
    const outcome = await h.client.oneVoucher.purchase(
      { reference: ref('hang'), accountNumber: account, amount: 1_000 },
      { timeoutMs: 300 },
    );
    expect(outcome).toMatchObject({ kind: 'unknown', reason: 'timeout' });
  });

  it('is unknown(timeout) when the answer comes later than the operation’s timeout', async () => {
    const slow = h.newClient({ timeouts: { perOperationMs: { '1voucher.purchase': 200 } } });
    h.sandbox.addFault({
      match: { operation: '1voucher.purchase' },
      action: { kind: 'latency', ms: 2_000 },
      times: 1,
    });
    const outcome = await slow.oneVoucher.purchase({
      reference: ref('slow'),
      accountNumber: account,
      amount: 1_000,
    });
    expect(outcome).toMatchObject({ kind: 'unknown', reason: 'timeout' });
  });

  it('is unknown(http-5xx) for a 500 or 503', async () => {
    for (const status of [500, 503]) {
      h.sandbox.addFault({
        match: { operation: '1voucher.purchase' },
        action: { kind: 'http-status', status },
        times: 1,
      });
      const outcome = await h.client.oneVoucher.purchase({
        reference: ref('5xx'),
        accountNumber: account,
        amount: 1_000,
      });
      expect(outcome).toMatchObject({ kind: 'unknown', reason: 'http-5xx', httpStatus: status });
    }
  });

  it('is unknown(resubmit-code) for 2210, and resending the same reference then succeeds once', async () => {
    const reference = ref('resubmit');
    h.sandbox.addFault({
      match: { referencePattern: `^${reference}$` },
      action: { kind: 'response-code', code: 2210 },
      times: 1,
    });
    const request = { reference, accountNumber: account, amount: 1_000 };
    const first = await h.client.oneVoucher.purchase(request);
    expect(first).toMatchObject({ kind: 'unknown', reason: 'resubmit-code', code: 2210 });
    const resent = await h.client.oneVoucher.purchase(request);
    expect(resent.kind).toBe('succeeded');
    expect(ledgerFor(reference)).toHaveLength(1);
  });

  it('is unknown(unparseable) for an HTTP 200 whose body is not Flash JSON, and nothing is sold', async () => {
    const reference = ref('garbage');
    h.sandbox.addFault({
      match: { referencePattern: `^${reference}$` },
      action: { kind: 'unparseable-body' },
      times: 1,
    });
    const outcome = await h.client.oneVoucher.purchase({ reference, accountNumber: account, amount: 1_000 });
    expect(outcome).toMatchObject({ kind: 'unknown', reason: 'unparseable', httpStatus: 200 });
    expect(ledgerFor(reference)).toEqual([]);
  });

  it('is unknown(reset) when the connection is dropped without an answer', async () => {
    h.sandbox.addFault({ match: { operation: '1voucher.purchase' }, action: { kind: 'refuse' }, times: 1 });
    const outcome = await h.client.oneVoucher.purchase({
      reference: ref('refuse'),
      accountNumber: account,
      amount: 1_000,
    });
    expect(outcome).toMatchObject({ kind: 'unknown', reason: 'reset' });
  });

  it('is not-sent when nothing listens on the port, and no ledger entry appears', async () => {
    const port = await closedPort();
    const client = createFlashClient({
      baseUrl: `http://127.0.0.1:${port}`,
      tokenUrl: `${h.sandbox.url}/token`,
      credentials: DEFAULT_SANDBOX_CREDENTIALS,
      logger: capturedLogger('info').logger,
    });
    try {
      const reference = ref('closed');
      const outcome = await client.oneVoucher.purchase({ reference, accountNumber: account, amount: 1_000 });
      expect(outcome).toMatchObject({ kind: 'not-sent', reason: 'connection-refused' });
      expect(client.stats().tokenRequests).toBe(1);
      expect(ledgerFor(reference)).toEqual([]);
    } finally {
      client.close();
    }
  });

  it('is throttled for 2373 and 2377', async () => {
    for (const code of [2373, 2377]) {
      h.sandbox.addFault({
        match: { operation: '1voucher.purchase' },
        action: { kind: 'response-code', code },
        times: 1,
      });
      const outcome = await h.client.oneVoucher.purchase({
        reference: ref('tps'),
        accountNumber: account,
        amount: 1_000,
      });
      expect(outcome).toMatchObject({ kind: 'throttled', code });
    }
  });

  it('is throttled (HTTP 429) when the rate limit is exceeded, and has no effect', async () => {
    h.sandbox.addFault({
      match: { operation: '1voucher.purchase' },
      action: { kind: 'http-status', status: 429 },
      times: 1,
    });
    const reference = ref('429');
    const outcome = await h.client.oneVoucher.purchase({ reference, accountNumber: account, amount: 1_000 });
    expect(outcome).toMatchObject({ kind: 'throttled', httpStatus: 429 });
    expect(ledgerFor(reference)).toEqual([]);
  });

  it('throttles calls beyond maxPerSecond within one second of the sandbox clock', async () => {
    h.sandbox.addFault({
      match: { operation: 'eezi-voucher.purchase' },
      action: { kind: 'throttle', maxPerSecond: 2 },
    });
    const kinds: string[] = [];
    for (let i = 0; i < 4; i++) {
      const outcome = await h.client.eeziVoucher.purchase({
        reference: ref('rate'),
        accountNumber: account,
        amount: 1_000,
        productCode: 61001,
      });
      kinds.push(outcome.kind);
    }
    expect(kinds).toEqual(['succeeded', 'succeeded', 'throttled', 'throttled']);
  });
});
