import { describe, expect, it } from 'vitest';
import { SANDBOX_ACCOUNTS, SANDBOX_VOUCHERS } from '../src/index.ts';
import { ref, requestToken, useSandbox } from './helpers.ts';

const main = SANDBOX_ACCOUNTS.main.accountNumber;

describe('control API and reset', () => {
  const h = useSandbox();

  it('reports health without a token', async () => {
    const reply = await fetch(`${h.sandbox.url}/__sandbox/health`);
    expect(reply.status).toBe(200);
    expect(await reply.json()).toEqual({ status: 'ok' });
  });

  it('lists the ledger over HTTP, filterable by reference', async () => {
    const reference = ref('ledger');
    await h.post('/1voucher/purchase', { reference, accountNumber: main, amount: 1_234 });
    const reply = await fetch(`${h.sandbox.url}/__sandbox/ledger?reference=${reference}`);
    expect(await reply.json()).toEqual([
      {
        reference,
        operation: '1voucher.purchase',
        accountNumber: main,
        amount: 1_234,
        transactionId: expect.stringMatching(/^\d+$/),
        productCode: 10001,
        at: new Date(h.clock.now()).toISOString(),
      },
    ]);
    expect(h.sandbox.ledger()).toContainEqual(expect.objectContaining({ reference, amount: 1_234 }));
  });

  it('reset() restores balances and vouchers and clears ledger, idempotency, faults and tokens', async () => {
    const reference = ref('before-reset');
    await h.post('/1voucher/purchase', { reference, accountNumber: main, amount: 5_000 });
    await h.post('/1voucher/redeem', {
      reference: ref(),
      accountNumber: main,
      pin: SANDBOX_VOUCHERS.active100.pin,
      amount: 0,
    });
    h.sandbox.addFault({
      match: { operation: 'products.list' },
      action: { kind: 'http-status', status: 500 },
    });
    const oldToken = h.token;

    h.sandbox.reset();

    expect(h.sandbox.ledger()).toEqual([]);
    expect((await h.get(`/accounts/${main}/products`, { token: oldToken })).json.responseCode).toBe(2233);
    await h.refreshToken();
    expect(await h.balance(main)).toBe(SANDBOX_ACCOUNTS.main.balance);
    expect((await h.get(`/accounts/${main}/products`)).status).toBe(200);
    const redeem = await h.post('/1voucher/redeem', {
      reference: ref(),
      accountNumber: main,
      pin: SANDBOX_VOUCHERS.active100.pin,
      amount: 0,
    });
    expect(redeem.json.responseCode).toBe(0);
    const again = await h.post('/1voucher/purchase', { reference, accountNumber: main, amount: 7_000 });
    expect(again.json.responseCode).toBe(0);
  });

  it('resets over HTTP too', async () => {
    await h.post('/1voucher/purchase', { reference: ref(), accountNumber: main, amount: 1_000 });
    const reply = await fetch(`${h.sandbox.url}/__sandbox/reset`, { method: 'POST' });
    expect(reply.status).toBe(204);
    expect(h.sandbox.ledger()).toEqual([]);
    expect((await requestToken(h.sandbox.url)).status).toBe(200);
    await h.refreshToken();
  });

  it('answers 404 for unknown API and control paths', async () => {
    expect((await h.post('/nothing/here', {})).status).toBe(404);
    expect((await fetch(`${h.sandbox.url}/__sandbox/nothing`)).status).toBe(404);
    expect((await h.get('/1voucher/purchase')).status).toBe(405);
  });
});
