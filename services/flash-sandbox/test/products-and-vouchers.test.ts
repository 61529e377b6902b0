import { describe, expect, it } from 'vitest';
import { SANDBOX_ACCOUNTS, SANDBOX_MSISDNS, SANDBOX_PRODUCTS } from '../src/index.ts';
import { ref, useSandbox } from './helpers.ts';

const main = SANDBOX_ACCOUNTS.main.accountNumber;
const P = SANDBOX_PRODUCTS;

describe('products', () => {
  const h = useSandbox();

  it('lists the catalogue as a bare array with min and max amounts', async () => {
    const reply = await h.get(`/accounts/${main}/products`);
    expect(reply.status).toBe(200);
    expect(reply.json).toContainEqual({
      productCode: P.takealotGift,
      productName: 'Takealot Gift Voucher',
      minimumAmount: 5_000,
      maximumAmount: 500_000,
      status: 'Active',
    });
  });

  it('looks up one product by code, and answers 404 with 2101 for an unknown one', async () => {
    const one = await h.get(`/aggregation/4.0/accounts/${main}/products/${P.cashOutPin}`);
    expect(one.json).toMatchObject({
      productCode: P.cashOutPin,
      productName: 'Cash Out PIN',
      minimumAmount: 5_000,
    });
    const missing = await h.get(`/accounts/${main}/products/12345`);
    expect(missing.status).toBe(404);
    expect(missing.json.responseCode).toBe(2101);
  });

  it('looks up products by group, as later revisions allow', async () => {
    const reply = await h.get(`/accounts/${main}/products/cellular`);
    expect((reply.json as Array<{ productCode: number }>).map((p) => p.productCode)).toEqual([
      P.vodacomAirtime,
      P.mtnAirtime,
      P.cellCAirtime,
      P.telkomAirtime,
    ]);
  });

  it('answers 404 with 2202 for an unknown account', async () => {
    const reply = await h.get('/accounts/nobody/products');
    expect(reply.status).toBe(404);
    expect(reply.json.responseCode).toBe(2202);
  });
});

describe('gift vouchers', () => {
  const h = useSandbox();
  const gift = (extra: Record<string, unknown>, path = '/gift-vouchers/purchase') =>
    h.post(path, {
      reference: ref('gift'),
      accountNumber: main,
      amount: 10_000,
      productCode: P.takealotGift,
      storeId: 'store1',
      terminalId: 'till1',
      ...extra,
    });

  it('purchases under the draft path (/v4) and the later one (/aggregation/4.0), each under its own prefix only', async () => {
    for (const path of ['/v4/gift-vouchers/purchase', '/aggregation/4.0/gift-voucher/purchase']) {
      const reply = await gift({}, path);
      expect(reply.json).toMatchObject({
        responseCode: 0,
        voucher: { amount: 10_000, pin: expect.any(String) },
      });
    }
    for (const path of ['/v4/gift-voucher/purchase', '/aggregation/4.0/gift-vouchers/purchase']) {
      expect((await gift({}, path)).status).toBe(404);
    }
  });

  it('requires storeId and terminalId', async () => {
    const reply = await gift({ storeId: undefined });
    expect(reply.status).toBe(400);
    expect(reply.json.responseCode).toBe(2231);
  });

  it('declines a wrong value for a fixed-value product (2103), an inactive product (2283) and a product of another group (2257)', async () => {
    expect((await gift({ productCode: P.spotifyGiftFixed, amount: 6_000 })).json.responseCode).toBe(2103);
    expect((await gift({ productCode: P.spotifyGiftFixed, amount: 5_999 })).json.responseCode).toBe(0);
    expect((await gift({ productCode: P.inactiveGift })).json.responseCode).toBe(2283);
    expect((await gift({ productCode: P.eeziAirtime })).json.responseCode).toBe(2257);
    expect((await gift({ productCode: 999 })).json.responseCode).toBe(2101);
    expect((await gift({ amount: 4_999 })).json.responseCode).toBe(2204);
  });
});

describe('Cash Out PIN', () => {
  const h = useSandbox();
  const buy = () =>
    h.post('/cash-out-pin/purchase', {
      reference: ref('cop'),
      accountNumber: main,
      amount: 10_000,
      productCode: P.cashOutPin,
    });

  it('issues a PIN with a serial number', async () => {
    const reply = await buy();
    expect(reply.json).toMatchObject({
      responseCode: 0,
      voucher: {
        amount: 10_000,
        pin: expect.stringMatching(/^\d{16}$/),
        serialNumber: expect.stringMatching(/^CO\d+$/),
      },
    });
  });

  it('cancels once, refunding the account; the second cancel answers 2409', async () => {
    const bought = await buy();
    const serial = bought.json.voucher.serialNumber as string;
    const before = await h.balance(main);
    const cancel = await h.post('/cash-out-pin/cancel', {
      reference: ref(),
      accountNumber: main,
      serial,
      productCode: P.cashOutPin,
    });
    expect(cancel.json).toMatchObject({ responseCode: 0, amount: 10_000 });
    expect(await h.balance(main)).toBe(before + 10_000);
    const again = await h.post('/cash-out-pin/cancel', {
      reference: ref(),
      accountNumber: main,
      serialNumber: serial,
      productCode: P.cashOutPin,
    });
    expect(again.json.responseCode).toBe(2409);
    const lookup = await h.post('/cash-out-pin/lookup', { serialNumber: serial, productCode: P.cashOutPin });
    expect(lookup.json).toMatchObject({ responseCode: 0, status: 'cancelled', amount: 10_000 });
  });

  it('reverses a purchase, after which it cannot be cancelled', async () => {
    const bought = await buy();
    const reverse = await h.post('/cash-out-pin/reverse', {
      reference: ref(),
      originalReference: bought.json.reference,
      accountNumber: main,
    });
    expect(reverse.json.responseCode).toBe(0);
    const cancel = await h.post('/cash-out-pin/cancel', {
      reference: ref(),
      accountNumber: main,
      serial: bought.json.voucher.serialNumber,
      productCode: P.cashOutPin,
    });
    expect(cancel.json.responseCode).toBe(2413);
  });

  it('declines cancelling an unknown serial (2402)', async () => {
    const reply = await h.post('/cash-out-pin/cancel', {
      reference: ref(),
      accountNumber: main,
      serial: 'CO999',
      productCode: P.cashOutPin,
    });
    expect(reply.json.responseCode).toBe(2402);
  });
});

describe('cellular pinless recharge', () => {
  const h = useSandbox();
  const recharge = (mobileNumber: unknown, extra: Record<string, unknown> = {}) =>
    h.post('/cellular/pinless/purchase', {
      reference: ref('air'),
      subAccountNumber: main,
      amount: 2_900,
      productCode: P.vodacomAirtime,
      mobileNumber,
      ...extra,
    });

  it('recharges a well-formed MSISDN and answers with rechargeDetails', async () => {
    const reply = await recharge(SANDBOX_MSISDNS.vodacom);
    expect(reply.json).toMatchObject({
      responseCode: 0,
      accountNumber: main,
      amount: 2_900,
      metaData: {},
      rechargeDetails: { rechargeType: 'Pinless', rechargeVendor: 'Vodacom' },
    });
  });

  it('rejects MSISDNs that are not 11 digits starting 27 with 2231', async () => {
    for (const bad of ['0821234567', '2782123456', '28821234567', '27821234567x']) {
      const reply = await recharge(bad);
      expect(reply.status).toBe(400);
      expect(reply.json.responseCode).toBe(2231);
    }
  });

  it('passes on the network declines of the magic MSISDNs', async () => {
    expect((await recharge(SANDBOX_MSISDNS.invalidOnNetwork)).json.responseCode).toBe(2335);
    expect((await recharge(SANDBOX_MSISDNS.barred)).json.responseCode).toBe(2337);
    expect((await recharge(SANDBOX_MSISDNS.otherNetwork)).json.responseCode).toBe(2368);
  });

  it('accepts accountNumber in place of subAccountNumber, as the draft example does', async () => {
    const reply = await recharge(SANDBOX_MSISDNS.mtn, {
      subAccountNumber: undefined,
      accountNumber: main,
      productCode: P.mtnAirtime,
    });
    expect(reply.json.responseCode).toBe(0);
  });
});

describe('Eezi vouchers', () => {
  const h = useSandbox();

  it('purchases and reverses an Eezi airtime voucher', async () => {
    const bought = await h.post('/eezi-voucher/purchase', {
      reference: ref(),
      accountNumber: main,
      amount: 1_000,
      productCode: P.eeziAirtime,
    });
    expect(bought.json).toMatchObject({ responseCode: 0, voucher: { amount: 1_000 } });
    const reverse = await h.post('/eezi-voucher/reverse', {
      reference: ref(),
      originalReference: bought.json.reference,
      accountNumber: main,
    });
    expect(reverse.json.responseCode).toBe(0);
  });

  it('refuses to reverse a product without allowReversal (2273)', async () => {
    const bought = await h.post('/eezi-voucher/purchase', {
      reference: ref(),
      accountNumber: main,
      amount: 1_000,
      productCode: P.eeziDataNoReversal,
    });
    const reverse = await h.post('/eezi-voucher/reverse', {
      reference: ref(),
      originalReference: bought.json.reference,
      accountNumber: main,
    });
    expect(reverse.json.responseCode).toBe(2273);
  });

  it('refuses to reverse another operation through the Eezi endpoint (2267)', async () => {
    const bought = await h.post('/1voucher/purchase', {
      reference: ref(),
      accountNumber: main,
      amount: 1_000,
    });
    const reverse = await h.post('/eezi-voucher/reverse', {
      reference: ref(),
      originalReference: bought.json.reference,
      accountNumber: main,
    });
    expect(reverse.json.responseCode).toBe(2267);
  });
});
