import { describe, expect, it } from 'vitest';
import { SANDBOX_ACCOUNTS, SANDBOX_VOUCHERS } from '../src/index.ts';
import { ref, useSandbox } from './helpers.ts';

const main = SANDBOX_ACCOUNTS.main.accountNumber;

describe('1Voucher', () => {
  const h = useSandbox();

  async function purchase(amount: number, accountNumber: string = main) {
    const reference = ref('buy');
    const reply = await h.post('/1voucher/purchase', { reference, accountNumber, amount });
    return { reference, reply };
  }

  it('purchases a voucher with a 16-digit PIN, debits the account and records one ledger entry', async () => {
    const before = await h.balance(main);
    const { reference, reply } = await purchase(5_000);
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({
      responseCode: 0,
      accountNumber: main,
      reference,
      amount: 5_000,
      transactionId: expect.stringMatching(/^\d+$/),
      transactionDate: expect.any(String),
      voucher: { amount: 5_000, pin: expect.stringMatching(/^\d{16}$/), serialNumber: expect.any(String) },
    });
    expect(await h.balance(main)).toBe(before - 5_000);
    expect(h.sandbox.ledger().filter((e) => e.reference === reference)).toEqual([
      expect.objectContaining({ operation: '1voucher.purchase', accountNumber: main, amount: 5_000 }),
    ]);
  });

  it('serves the same operation under /aggregation/4.0', async () => {
    const reply = await h.post('/aggregation/4.0/1voucher/purchase', {
      reference: ref(),
      accountNumber: main,
      amount: 1_000,
    });
    expect(reply.status).toBe(200);
    expect(reply.json.responseCode).toBe(0);
  });

  it('declines with 2003 when the balance is too low, and changes nothing', async () => {
    const low = SANDBOX_ACCOUNTS.low.accountNumber;
    const { reference, reply } = await purchase(SANDBOX_ACCOUNTS.low.balance + 1_000, low);
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({
      responseCode: 2003,
      responseMessage: 'Insufficient balance to proceed with the transaction',
      reference,
      path: '/v4/1voucher/purchase',
    });
    expect(await h.balance(low)).toBe(SANDBOX_ACCOUNTS.low.balance);
    expect(h.sandbox.ledger().filter((e) => e.reference === reference)).toEqual([]);
  });

  it('declines amounts outside the product range with 2204', async () => {
    expect((await purchase(999)).reply.json.responseCode).toBe(2204);
    expect((await purchase(400_001)).reply.json.responseCode).toBe(2204);
  });

  it('declines unknown and inactive accounts', async () => {
    expect((await purchase(1_000, '9999999999')).reply.json.responseCode).toBe(2202);
    expect((await purchase(1_000, SANDBOX_ACCOUNTS.inactive.accountNumber)).reply.json.responseCode).toBe(
      2284,
    );
  });

  it('disburses a voucher like a purchase, under its own operation name', async () => {
    const reference = ref('disb');
    const reply = await h.post('/1voucher/disburse', { reference, accountNumber: main, amount: 2_000 });
    expect(reply.json).toMatchObject({ responseCode: 0, voucher: { amount: 2_000 } });
    expect(h.sandbox.ledger().find((e) => e.reference === reference)?.operation).toBe('1voucher.disburse');
  });

  it('redeems a voucher once: the second redemption answers 2401', async () => {
    const { reply: bought } = await purchase(3_000);
    const pin = bought.json.voucher.pin as string;
    const first = await h.post('/1voucher/redeem', { reference: ref(), accountNumber: main, pin, amount: 0 });
    expect(first.json).toMatchObject({ responseCode: 0, amount: 3_000 });
    expect(first.json.voucher).toBeUndefined();
    const second = await h.post('/1voucher/redeem', {
      reference: ref(),
      accountNumber: main,
      pin,
      amount: 0,
    });
    expect(second.json.responseCode).toBe(2401);
  });

  it('returns a change voucher for a partial redemption, which is itself redeemable', async () => {
    const before = await h.balance(main);
    const reply = await h.post('/1voucher/redeem', {
      reference: ref(),
      accountNumber: main,
      pin: SANDBOX_VOUCHERS.active500.pin,
      amount: 20_000,
    });
    expect(reply.json).toMatchObject({ responseCode: 0, amount: 20_000, voucher: { amount: 30_000 } });
    expect(await h.balance(main)).toBe(before + 20_000);
    const change = await h.post('/1voucher/redeem', {
      reference: ref(),
      accountNumber: main,
      pin: reply.json.voucher.pin,
      amount: 0,
    });
    expect(change.json).toMatchObject({ responseCode: 0, amount: 30_000 });
  });

  it('withholds the change voucher PIN when it is sent to a mobile number', async () => {
    const { reply: bought } = await purchase(5_000);
    const reply = await h.post('/1voucher/redeem', {
      reference: ref(),
      accountNumber: main,
      pin: bought.json.voucher.pin,
      amount: 1_000,
      mobileNumber: '27821234567',
    });
    expect(reply.json.voucher).toMatchObject({ amount: 4_000 });
    expect(reply.json.voucher.pin).toBeUndefined();
  });

  it('declines redeeming more than the voucher value (2408), unknown (2402), cancelled (2403) and expired (2405) PINs', async () => {
    const redeem = async (pin: string, amount: number) =>
      (await h.post('/1voucher/redeem', { reference: ref(), accountNumber: main, pin, amount })).json
        .responseCode;
    expect(await redeem(SANDBOX_VOUCHERS.active100.pin, 10_001)).toBe(2408);
    expect(await redeem('9999999999999999', 0)).toBe(2402);
    expect(await redeem(SANDBOX_VOUCHERS.cancelled.pin, 0)).toBe(2403);
    expect(await redeem(SANDBOX_VOUCHERS.expired.pin, 0)).toBe(2405);
    expect(await redeem(SANDBOX_VOUCHERS.redeemed.pin, 0)).toBe(2401);
  });

  it('refunds a redemption with a new voucher, checking the original when named', async () => {
    const redeemRef = ref('redeem');
    const { reply: bought } = await purchase(4_000);
    await h.post('/1voucher/redeem', {
      reference: redeemRef,
      accountNumber: main,
      pin: bought.json.voucher.pin,
      amount: 0,
    });
    const mismatch = await h.post('/1voucher/refund', {
      reference: ref(),
      accountNumber: main,
      amount: 3_999,
      originalReference: redeemRef,
    });
    expect(mismatch.json.responseCode).toBe(2410);
    const refund = await h.post('/1voucher/refund', {
      reference: ref(),
      accountNumber: main,
      amount: 4_000,
      originalReference: redeemRef,
    });
    expect(refund.json).toMatchObject({
      responseCode: 0,
      voucher: { amount: 4_000, pin: expect.stringMatching(/^\d{16}$/) },
    });
    expect(refund.json.voucher.pin).not.toBe(bought.json.voucher.pin);
    const again = await h.post('/1voucher/refund', {
      reference: ref(),
      accountNumber: main,
      amount: 4_000,
      originalReference: redeemRef,
    });
    expect(again.json.responseCode).toBe(2248);
  });

  it('reverses an unredeemed purchase once, crediting the account', async () => {
    const { reference, reply } = await purchase(6_000);
    const before = await h.balance(main);
    const reverse = await h.post('/1voucher/reverse', {
      reference: ref('rev'),
      originalReference: reference,
      accountNumber: main,
    });
    expect(reverse.json).toMatchObject({ responseCode: 0, amount: 6_000, originalReference: reference });
    expect(await h.balance(main)).toBe(before + 6_000);
    const twice = await h.post('/1voucher/reverse', {
      reference: ref('rev'),
      originalReference: reference,
      accountNumber: main,
    });
    expect(twice.json.responseCode).toBe(2280);
    const redeem = await h.post('/1voucher/redeem', {
      reference: ref(),
      accountNumber: main,
      pin: reply.json.voucher.pin,
      amount: 0,
    });
    expect(redeem.json.responseCode).toBe(2403);
  });

  it('refuses to reverse a redeemed voucher (2412), an unknown original (2249) or another account (2269)', async () => {
    const { reference, reply } = await purchase(2_500);
    const other = await h.post('/1voucher/reverse', {
      reference: ref(),
      originalReference: reference,
      accountNumber: SANDBOX_ACCOUNTS.low.accountNumber,
    });
    expect(other.json.responseCode).toBe(2269);
    await h.post('/1voucher/redeem', {
      reference: ref(),
      accountNumber: main,
      pin: reply.json.voucher.pin,
      amount: 0,
    });
    const redeemed = await h.post('/1voucher/reverse', {
      reference: ref(),
      originalReference: reference,
      accountNumber: main,
    });
    expect(redeemed.json.responseCode).toBe(2412);
    const unknown = await h.post('/1voucher/reverse', {
      reference: ref(),
      originalReference: 'nope',
      accountNumber: main,
    });
    expect(unknown.json.responseCode).toBe(2249);
  });

  it('refuses a reversal after the reversal window (2281)', async () => {
    const { reference } = await purchase(1_000);
    h.clock.advance(24 * 3_600_000 + 1);
    await h.refreshToken();
    const late = await h.post('/1voucher/reverse', {
      reference: ref(),
      originalReference: reference,
      accountNumber: main,
    });
    expect(late.json.responseCode).toBe(2281);
  });
});
