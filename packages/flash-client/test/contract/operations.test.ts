import {
  SANDBOX_ACCOUNTS,
  SANDBOX_METERS,
  SANDBOX_MSISDNS,
  SANDBOX_PRODUCTS,
  SANDBOX_VOUCHERS,
} from '@vendstream/flash-sandbox';
import { describe, expect, it } from 'vitest';
import type { FlashOutcome, FlashSucceeded } from '../../src/index.ts';
import { ref, useSandbox } from './harness.ts';

const h = useSandbox();
const account = SANDBOX_ACCOUNTS.main.accountNumber;

function expectSucceeded<R>(outcome: FlashOutcome<R>): FlashSucceeded<R> {
  if (outcome.kind !== 'succeeded') throw new Error(`expected succeeded, got ${JSON.stringify(outcome)}`);
  return outcome;
}

describe('contract: every operation against the sandbox', () => {
  it('lists the account’s products and looks one up', async () => {
    const list = expectSucceeded(await h.client.products.list({ accountNumber: account }));
    expect(list.response.map((p) => p.productCode)).toContain(SANDBOX_PRODUCTS.oneVoucher);
    const one = expectSucceeded(
      await h.client.products.lookup({ accountNumber: account, productCode: SANDBOX_PRODUCTS.takealotGift }),
    );
    expect(one.response.productCode).toBe(SANDBOX_PRODUCTS.takealotGift);
  });

  it('declines a lookup of a product that does not exist with a documented code', async () => {
    const outcome = await h.client.products.lookup({ accountNumber: account, productCode: 999_999 });
    expect(outcome.kind).toBe('declined');
  });

  it('purchases a 1Voucher and records exactly one ledger entry for its reference', async () => {
    const reference = ref('1v-buy');
    const outcome = expectSucceeded(
      await h.client.oneVoucher.purchase({ reference, accountNumber: account, amount: 5_000 }),
    );
    expect(outcome.response.voucher?.pin).toMatch(/^\d{16}$/);
    expect(typeof outcome.transactionId).toBe('string');
    const entries = h.sandbox.ledger().filter((e) => e.reference === reference);
    expect(entries).toEqual([
      expect.objectContaining({
        operation: '1voucher.purchase',
        amount: 5_000,
        transactionId: outcome.transactionId,
      }),
    ]);
  });

  it('disburses a 1Voucher', async () => {
    const outcome = await h.client.oneVoucher.disburse({
      reference: ref('1v-dis'),
      accountNumber: account,
      amount: 2_000,
    });
    expect(expectSucceeded(outcome).response.voucher?.pin).toMatch(/^\d{16}$/);
  });

  it('redeems a seeded 1Voucher and one it has just bought', async () => {
    const seeded = await h.client.oneVoucher.redeem({
      reference: ref('1v-red'),
      accountNumber: account,
      pin: SANDBOX_VOUCHERS.active100.pin,
      amount: 0,
    });
    expectSucceeded(seeded);
    const bought = expectSucceeded(
      await h.client.oneVoucher.purchase({
        reference: ref('1v-buy2'),
        accountNumber: account,
        amount: 3_000,
      }),
    );
    const pin = bought.response.voucher?.pin ?? '';
    expectSucceeded(
      await h.client.oneVoucher.redeem({
        reference: ref('1v-red2'),
        accountNumber: account,
        pin,
        amount: 3_000,
      }),
    );
  });

  it('declines redeeming a voucher that was already redeemed', async () => {
    const outcome = await h.client.oneVoucher.redeem({
      reference: ref('1v-red3'),
      accountNumber: account,
      pin: SANDBOX_VOUCHERS.redeemed.pin,
      amount: 0,
    });
    expect(outcome).toMatchObject({ kind: 'declined', code: 2401 });
  });

  it('refunds a 1Voucher redemption', async () => {
    const outcome = await h.client.oneVoucher.refund({
      reference: ref('1v-ref'),
      accountNumber: account,
      amount: 1_500,
      mobileNumber: SANDBOX_MSISDNS.vodacom,
    });
    expectSucceeded(outcome);
  });

  it('reverses a 1Voucher purchase', async () => {
    const original = ref('1v-orig');
    expectSucceeded(
      await h.client.oneVoucher.purchase({ reference: original, accountNumber: account, amount: 2_500 }),
    );
    const outcome = await h.client.oneVoucher.reverse({
      reference: ref('1v-rev'),
      originalReference: original,
      accountNumber: account,
    });
    expectSucceeded(outcome);
  });

  it('purchases a gift voucher', async () => {
    const outcome = await h.client.giftVoucher.purchase({
      reference: ref('gift'),
      accountNumber: account,
      amount: 10_000,
      productCode: SANDBOX_PRODUCTS.takealotGift,
      storeId: 'store1',
      terminalId: 'till1',
    });
    expect(expectSucceeded(outcome).response.voucher).toBeDefined();
  });

  it('purchases, cancels and reverses Cash Out PINs', async () => {
    const bought = expectSucceeded(
      await h.client.cashOutPin.purchase({
        reference: ref('cop-buy'),
        accountNumber: account,
        amount: 10_000,
        productCode: SANDBOX_PRODUCTS.cashOutPin,
      }),
    );
    const serialNumber = bought.response.voucher?.serialNumber ?? '';
    expect(serialNumber).not.toBe('');
    expectSucceeded(
      await h.client.cashOutPin.cancel({
        reference: ref('cop-cancel'),
        accountNumber: account,
        serialNumber,
        productCode: SANDBOX_PRODUCTS.cashOutPin,
      }),
    );
    const original = ref('cop-orig');
    expectSucceeded(
      await h.client.cashOutPin.purchase({
        reference: original,
        accountNumber: account,
        amount: 10_000,
        productCode: SANDBOX_PRODUCTS.cashOutPin,
      }),
    );
    expectSucceeded(
      await h.client.cashOutPin.reverse({
        reference: ref('cop-rev'),
        originalReference: original,
        accountNumber: account,
      }),
    );
  });

  it('recharges a phone (cellular pinless)', async () => {
    const outcome = await h.client.cellular.pinlessPurchase({
      reference: ref('cell'),
      accountNumber: account,
      amount: 1_000,
      productCode: SANDBOX_PRODUCTS.vodacomAirtime,
      mobileNumber: SANDBOX_MSISDNS.vodacom,
    });
    expectSucceeded(outcome);
  });

  it('purchases and reverses an Eezi voucher', async () => {
    const original = ref('eezi');
    expectSucceeded(
      await h.client.eeziVoucher.purchase({
        reference: original,
        accountNumber: account,
        amount: 1_000,
        productCode: SANDBOX_PRODUCTS.eeziAirtime,
      }),
    );
    expectSucceeded(
      await h.client.eeziVoucher.reverse({
        reference: ref('eezi-rev'),
        originalReference: original,
        accountNumber: account,
      }),
    );
  });

  it('looks up a meter and buys electricity with the lookup’s transaction id', async () => {
    const lookup = expectSucceeded(
      await h.client.prepaidUtility.lookup({
        reference: ref('pu-l'),
        accountNumber: account,
        amount: 10_000,
        meterNumber: SANDBOX_METERS.electricity,
      }),
    );
    expect(lookup.transactionId).toBeDefined();
    const purchase = expectSucceeded(
      await h.client.prepaidUtility.purchase({
        reference: ref('pu-p'),
        accountNumber: account,
        amount: 10_000,
        transactionID: lookup.transactionId ?? '',
      }),
    );
    expect(purchase.response.tokens?.[0]?.token).toBeTruthy();
  });

  it('buys electricity in one step with the meter number (the 2024 form, no lookup)', async () => {
    const later = h.newClient({ pathPrefix: '/aggregation/4.0' });
    const purchase = expectSucceeded(
      await later.prepaidUtility.purchase({
        reference: ref('pu-direct'),
        accountNumber: account,
        amount: 10_000,
        meterNumber: SANDBOX_METERS.electricity,
        isFBE: false,
      }),
    );
    expect(purchase.response.tokens?.[0]?.token).toBeTruthy();
  });

  it('serves the same operations under the /aggregation/4.0 prefix of later revisions', async () => {
    // The later gift voucher path is the default under this prefix (the sandbox 404s the draft's).
    const later = h.newClient({ pathPrefix: '/aggregation/4.0' });
    expectSucceeded(
      await later.oneVoucher.purchase({ reference: ref('agg'), accountNumber: account, amount: 1_000 }),
    );
    expectSucceeded(
      await later.giftVoucher.purchase({
        reference: ref('agg-gift'),
        accountNumber: account,
        amount: 10_000,
        productCode: SANDBOX_PRODUCTS.takealotGift,
        storeId: 'store1',
        terminalId: 'till1',
      }),
    );
    expectSucceeded(await later.products.list({ accountNumber: account }));
  });

  it('dispatches by operation name through send', async () => {
    const outcome = await h.client.send('eezi-voucher.purchase', {
      reference: ref('send'),
      accountNumber: account,
      amount: 1_000,
      productCode: SANDBOX_PRODUCTS.eeziAirtime,
    });
    expectSucceeded(outcome);
  });
});
