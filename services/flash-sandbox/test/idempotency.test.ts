import { describe, expect, it } from 'vitest';
import { SANDBOX_ACCOUNTS } from '../src/index.ts';
import { ref, useSandbox } from './helpers.ts';

const main = SANDBOX_ACCOUNTS.main.accountNumber;
const WINDOW = 30 * 60_000;

describe('idempotency by reference', () => {
  const h = useSandbox();
  const ledgerFor = (reference: string) => h.sandbox.ledger().filter((e) => e.reference === reference);

  it('replays the original response byte for byte, with one effect', async () => {
    const reference = ref('idem');
    const body = { reference, accountNumber: main, amount: 1_500, metadata: { storeId: 's1', till: '7' } };
    const first = await h.post('/1voucher/purchase', body);
    h.clock.advance(5_000);
    const second = await h.post('/aggregation/4.0/1voucher/purchase', body);
    expect(second.status).toBe(first.status);
    expect(second.text).toBe(first.text);
    expect(ledgerFor(reference)).toHaveLength(1);
  });

  it('treats key order and whitespace as the same request (canonical JSON)', async () => {
    const reference = ref('canon');
    const first = await h.post('/1voucher/purchase', { reference, accountNumber: main, amount: 1_000 });
    const reordered = `{ "amount": 1000,\n "accountNumber": "${main}", "reference": "${reference}" }`;
    const second = await h.post('/1voucher/purchase', reordered);
    expect(second.text).toBe(first.text);
  });

  it('answers 2256 when the bodies differ only in a member named __proto__', async () => {
    const reference = ref('proto');
    const body = `"reference": "${reference}", "accountNumber": "${main}", "amount": 1000`;
    await h.post('/1voucher/purchase', `{ ${body} }`);
    const other = await h.post('/1voucher/purchase', `{ ${body}, "__proto__": { "amount": 5 } }`);
    expect(other.json.responseCode).toBe(2256);
    expect(ledgerFor(reference)).toHaveLength(1);
  });

  it('answers 2256 for the same reference with a different body, and vends nothing more', async () => {
    const reference = ref('mismatch');
    await h.post('/1voucher/purchase', { reference, accountNumber: main, amount: 1_000 });
    const other = await h.post('/1voucher/purchase', { reference, accountNumber: main, amount: 2_000 });
    expect(other.status).toBe(400);
    expect(other.json).toMatchObject({
      responseCode: 2256,
      responseMessage: 'The request does not match previous transaction values.',
      reference,
    });
    expect(ledgerFor(reference)).toHaveLength(1);
  });

  it('treats a reference as global: the same body on another operation is a mismatch', async () => {
    const reference = ref('global');
    const body = { reference, accountNumber: main, amount: 1_000 };
    await h.post('/1voucher/purchase', body);
    const disburse = await h.post('/1voucher/disburse', body);
    expect(disburse.json.responseCode).toBe(2256);
  });

  it('replays declines too: a retry after topping up does not vend', async () => {
    const reference = ref('decline');
    const body = { reference, accountNumber: SANDBOX_ACCOUNTS.empty.accountNumber, amount: 1_000 };
    const first = await h.post('/1voucher/purchase', body);
    expect(first.json.responseCode).toBe(2003);
    expect((await h.post('/1voucher/purchase', body)).text).toBe(first.text);
  });

  it('does not consume the reference on a validation failure', async () => {
    const reference = ref('invalid');
    const bad = await h.post('/1voucher/purchase', { reference, accountNumber: main, amount: -1 });
    expect(bad.json.responseCode).toBe(2231);
    const good = await h.post('/1voucher/purchase', { reference, accountNumber: main, amount: 1_000 });
    expect(good.json.responseCode).toBe(0);
  });

  it('refuses a reused reference as a duplicate (2201) once the window has passed, and never vends again', async () => {
    const reference = ref('late');
    const body = { reference, accountNumber: main, amount: 1_000 };
    await h.post('/1voucher/purchase', body);
    h.clock.advance(WINDOW - 1);
    await h.refreshToken();
    expect((await h.post('/1voucher/purchase', body)).json.responseCode).toBe(0);
    h.clock.advance(1);
    const late = await h.post('/1voucher/purchase', body);
    expect(late.status).toBe(400);
    expect(late.json).toMatchObject({
      responseCode: 2201,
      responseMessage: 'A duplicate transaction was found.',
    });
    expect(ledgerFor(reference)).toHaveLength(1);
  });

  it('keeps answering 2201 after the stored response has been swept from memory', async () => {
    const old = ref('swept');
    await h.post('/1voucher/purchase', { reference: old, accountNumber: main, amount: 1_000 });
    h.clock.advance(WINDOW + 1);
    await h.refreshToken();
    // Each new stored response sweeps the oldest expired ones.
    for (let i = 0; i < 20; i++)
      await h.post('/1voucher/purchase', { reference: ref('fill'), accountNumber: main, amount: 1_000 });
    const again = await h.post('/1voucher/purchase', { reference: old, accountNumber: main, amount: 1_000 });
    expect(again.json.responseCode).toBe(2201);
  });
});

describe('idempotency with a short configured window', () => {
  const h = useSandbox({ idempotencyWindowMs: 1_000 });

  it('uses the configured window', async () => {
    const reference = ref('short');
    const body = { reference, accountNumber: main, amount: 1_000 };
    await h.post('/1voucher/purchase', body);
    h.clock.advance(1_000);
    expect((await h.post('/1voucher/purchase', body)).json.responseCode).toBe(2201);
  });
});
