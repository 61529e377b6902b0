import { SANDBOX_ACCOUNTS } from '@vendstream/flash-sandbox';
import { describe, expect, it } from 'vitest';
import { ref, useSandbox } from './harness.ts';

const TTL_SECONDS = 60;
const h = useSandbox({ tokenTtlSeconds: TTL_SECONDS });
const account = SANDBOX_ACCOUNTS.main.accountNumber;
const purchase = () => ({ reference: ref('auth'), accountNumber: account, amount: 1_000 });

describe('contract: tokens', () => {
  it('makes exactly one token request for 50 concurrent first calls', async () => {
    const client = h.newClient();
    h.sandbox.addFault({ match: { operation: 'token' }, action: { kind: 'latency', ms: 100 }, times: 1 });
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () => client.oneVoucher.purchase(purchase())),
    );
    expect(outcomes.map((o) => o.kind)).toEqual(Array(50).fill('succeeded'));
    expect(client.stats().tokenRequests).toBe(1);
  });

  it('reuses the token until shortly before it expires, then fetches a new one', async () => {
    const client = h.newClient({ tokenRefreshSkewMs: 10_000 });
    expect((await client.oneVoucher.purchase(purchase())).kind).toBe('succeeded');
    h.clock.advance((TTL_SECONDS - 11) * 1000);
    expect((await client.oneVoucher.purchase(purchase())).kind).toBe('succeeded');
    expect(client.stats().tokenRequests).toBe(1);
    h.clock.advance(2_000);
    expect((await client.oneVoucher.purchase(purchase())).kind).toBe('succeeded');
    expect(client.stats().tokenRequests).toBe(2);
  });

  it('refreshes once and retries once when Flash rejects a token the client still trusts', async () => {
    // The client's own clock stands still, so only Flash (the sandbox) sees the token expire.
    const frozen = h.clock.now();
    const client = h.newClient({ now: () => frozen });
    expect((await client.oneVoucher.purchase(purchase())).kind).toBe('succeeded');
    h.clock.advance((TTL_SECONDS + 1) * 1000);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => client.oneVoucher.purchase(purchase())),
    );
    expect(outcomes.map((o) => o.kind)).toEqual(Array(20).fill('succeeded'));
    expect(client.stats().tokenRequests).toBe(2);
  });

  it('returns unknown(auth) when the retry with a fresh token is rejected too', async () => {
    const client = h.newClient();
    h.sandbox.addFault({
      match: { operation: '1voucher.purchase' },
      action: { kind: 'http-status', status: 401 },
      times: 2,
    });
    const outcome = await client.oneVoucher.purchase(purchase());
    expect(outcome).toMatchObject({ kind: 'unknown', reason: 'auth' });
    expect(client.stats().tokenRequests).toBe(2);
  });

  it('treats an auth response code like a 401: one refresh, one retry', async () => {
    const client = h.newClient();
    h.sandbox.addFault({
      match: { operation: '1voucher.purchase' },
      action: { kind: 'response-code', code: 2233 },
      times: 1,
    });
    const outcome = await client.oneVoucher.purchase(purchase());
    expect(outcome.kind).toBe('succeeded');
    expect(client.stats().tokenRequests).toBe(2);
  });

  it('is not-sent(token-rejected) with wrong credentials, and never logs the secret', async () => {
    const client = h.newClient({ credentials: { consumerKey: 'wrong', consumerSecret: 'wrong-secret-xyz' } });
    const reference = ref('badcreds');
    const outcome = await client.oneVoucher.purchase({ reference, accountNumber: account, amount: 1_000 });
    expect(outcome).toMatchObject({ kind: 'not-sent', reason: 'token-rejected' });
    expect(h.sandbox.ledger().filter((e) => e.reference === reference)).toEqual([]);
  });
});
