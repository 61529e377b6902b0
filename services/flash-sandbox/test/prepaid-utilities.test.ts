import { describe, expect, it } from 'vitest';
import { FBE_UNITS_KWH, SANDBOX_ACCOUNTS, SANDBOX_METERS } from '../src/index.ts';
import { ref, useSandbox } from './helpers.ts';

const main = SANDBOX_ACCOUNTS.main.accountNumber;
const M = SANDBOX_METERS;

describe('prepaid utilities', () => {
  const h = useSandbox();
  const lookup = (meterNumber: string, amount: number, extra: Record<string, unknown> = {}) =>
    h.post('/prepaid-utilities/lookup', {
      reference: ref('L'),
      accountNumber: main,
      amount,
      meterNumber,
      ...extra,
    });
  const purchase = (body: Record<string, unknown>) =>
    h.post('/prepaid-utilities/purchase', { reference: ref('P'), accountNumber: main, ...body });

  it('looks up a meter, then purchases with the lookup transactionID: one 20-digit token', async () => {
    const found = await lookup(M.electricity, 10_000);
    expect(found.json).toMatchObject({
      responseCode: 0,
      transactionId: expect.stringMatching(/^\d+$/),
      billingInfo: { arrearValue: 0, minimumVendValue: 1_000, maximumVendValue: 500_000 },
      meterInfo: { meterNumber: M.electricity },
      isFBE: false,
    });
    const before = await h.balance(main);
    const bought = await purchase({ amount: 10_000, transactionID: Number(found.json.transactionId) });
    expect(bought.json).toMatchObject({
      responseCode: 0,
      amount: 10_000,
      meterInfo: { meterNumber: M.electricity },
    });
    expect(bought.json.tokens).toHaveLength(1);
    expect(bought.json.tokens[0]).toMatchObject({
      token: expect.stringMatching(/^\d{20}$/),
      units: { unitType: 'kWh' },
    });
    expect(await h.balance(main)).toBe(before - 10_000);
    expect(h.sandbox.ledger().filter((e) => e.reference === bought.json.reference)).toHaveLength(1);
  });

  it('uses a lookup once (2248) and refuses an unknown transactionID (2249)', async () => {
    const found = await lookup(M.electricity, 5_000);
    const id = Number(found.json.transactionId);
    expect((await purchase({ amount: 5_000, transactionID: id })).json.responseCode).toBe(0);
    expect((await purchase({ amount: 5_000, transactionID: id })).json.responseCode).toBe(2248);
    expect((await purchase({ amount: 5_000, transactionID: 1 })).json.responseCode).toBe(2249);
  });

  it('requires the amount to cover the arrears (2303), and clears them on purchase', async () => {
    expect((await lookup(M.withArrears, 4_000)).json.responseCode).toBe(2303);
    const found = await lookup(M.withArrears, 15_000);
    expect(found.json.billingInfo).toMatchObject({ arrearValue: 5_000 });
    const bought = await purchase({ amount: 15_000, transactionID: Number(found.json.transactionId) });
    expect(bought.json.debt).toMatchObject({ value: 5_000 });
    expect(bought.json.tokens[0].value).toBe(10_000);
    expect((await lookup(M.withArrears, 2_000)).json.billingInfo).toMatchObject({ arrearValue: 0 });
  });

  it('declines blocked (2311), unregistered (2310) and malformed (2304) meters, and out-of-range amounts (2307)', async () => {
    expect((await lookup(M.blocked, 5_000)).json.responseCode).toBe(2311);
    expect((await lookup('09999999999', 5_000)).json.responseCode).toBe(2310);
    expect((await lookup('12AB', 5_000)).json.responseCode).toBe(2304);
    expect((await lookup(M.electricity, 999)).json.responseCode).toBe(2307);
    expect((await lookup(M.electricity, 500_001)).json.responseCode).toBe(2307);
  });

  it('issues Free Basic Electricity once, for amount 0, to registered meters only', async () => {
    expect((await lookup(M.notFbe, 0, { isFBE: true })).json.responseCode).toBe(2306);
    expect((await lookup(M.electricity, 100, { isFBE: true })).json.responseCode).toBe(2230);
    const found = await lookup(M.electricity, 0, { isFBE: true });
    expect(found.json).toMatchObject({ responseCode: 0, isFBE: true });
    const bought = await purchase({ amount: 0, transactionID: Number(found.json.transactionId) });
    expect(bought.json.tokens[0]).toMatchObject({ type: 'FBE', units: { quantity: FBE_UNITS_KWH } });
    expect((await lookup(M.electricity, 0, { isFBE: true })).json.responseCode).toBe(2312);
  });

  it('accepts the 2024 purchase form with meterNumber directly', async () => {
    const bought = await purchase({ amount: 35_000, meterNumber: M.water, isFBE: false });
    expect(bought.json).toMatchObject({
      responseCode: 0,
      tokens: [{ units: { unitType: 'kL', quantity: 10 } }],
    });
  });

  it('requires either transactionID or meterNumber (2231)', async () => {
    const reply = await purchase({ amount: 5_000 });
    expect(reply.status).toBe(400);
    expect(reply.json.responseCode).toBe(2231);
  });
});
