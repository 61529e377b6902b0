import { createSecretSealer } from '@vendstream/contracts';
import { SANDBOX_ACCOUNTS, SANDBOX_PRODUCTS } from '@vendstream/flash-sandbox';
import { uniqueName } from '@vendstream/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intentMessage, type Pipeline, startPipeline } from '../src/index.ts';

const account = SANDBOX_ACCOUNTS.main.accountNumber;

/**
 * The intents that act on what an earlier intent sold: redeem a voucher, refund a redemption,
 * cancel a Cash Out PIN by naming the intent that bought it. Through the whole pipeline.
 */
describe('follow-up intents', () => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    pipeline = await startPipeline();
  });
  afterAll(async () => {
    await pipeline?.stop();
  });

  async function run(id: string, type: string, data: Record<string, unknown>) {
    await pipeline.publish([intentMessage(id, type, data)]);
    await pipeline.results.waitUntil((r) => r.byIntent.has(id), 60_000, `the result of ${id}`);
    const event = pipeline.results.byIntent.get(id);
    if (event === undefined) throw new Error(`no result for ${id}`);
    return event.data;
  }

  function openPin(providerResponse: unknown): string {
    const [kid = '', key = ''] = (pipeline.env.VEND_SEALING_KEYS ?? '').split(':');
    const sealer = createSecretSealer({ keys: { [kid]: Buffer.from(key, 'base64') }, currentKeyId: kid });
    return (sealer.open(providerResponse) as { voucher: { pin: string } }).voucher.pin;
  }

  it('redeems a voucher bought by an earlier intent once, and refunds the redemption as a new voucher', async () => {
    const bought = await run(uniqueName('buy'), '1voucher.purchase', {
      accountNumber: account,
      amount: 5_000,
    });
    expect(bought.status).toBe('succeeded');
    const pin = openPin(bought.providerResponse);
    expect(pin).toMatch(/^\d{16}$/);

    const redeemId = uniqueName('redeem');
    const redeemed = await run(redeemId, '1voucher.redeem', { accountNumber: account, pin, amount: 0 });
    expect(redeemed.status).toBe('succeeded');
    expect(JSON.stringify(redeemed)).not.toContain(pin);

    // The same PIN again: Flash declines it, nothing is sold, the intent ends `failed`.
    const again = await run(uniqueName('redeem'), '1voucher.redeem', {
      accountNumber: account,
      pin,
      amount: 0,
    });
    expect(again.status).toBe('failed');
    expect(again.error?.source).toBe('provider');

    const refundId = uniqueName('refund');
    const refunded = await run(refundId, '1voucher.refund', {
      accountNumber: account,
      amount: 5_000,
      originalIntentId: redeemId,
    });
    expect(refunded.status).toBe('succeeded');
    expect(openPin(refunded.providerResponse)).not.toBe(pin);
    for (const id of [redeemId, refundId]) {
      expect(pipeline.sandbox.ledger().filter((e) => e.reference === id)).toHaveLength(1);
    }
  }, 120_000);

  it('cancels a Cash Out PIN by naming the intent that bought it', async () => {
    const buyId = uniqueName('cop');
    const bought = await run(buyId, 'cash-out-pin.purchase', {
      accountNumber: account,
      amount: 5_000,
      productCode: SANDBOX_PRODUCTS.cashOutPin,
    });
    expect(bought.status).toBe('succeeded');
    const cancelId = uniqueName('cancel');
    const cancelled = await run(cancelId, 'cash-out-pin.cancel', {
      accountNumber: account,
      originalIntentId: buyId,
      productCode: SANDBOX_PRODUCTS.cashOutPin,
    });
    expect(cancelled.status).toBe('succeeded');
    expect(pipeline.proxy.sentWithReference(cancelId)).toHaveLength(1);

    // Cancelling it a second time: Flash refuses, and the intent says so.
    const twice = await run(uniqueName('cancel'), 'cash-out-pin.cancel', {
      accountNumber: account,
      originalIntentId: buyId,
      productCode: SANDBOX_PRODUCTS.cashOutPin,
    });
    expect(twice.status).toBe('failed');
  }, 120_000);

  it('rejects a cancel that names no sold Cash Out PIN, naming the field, without calling Flash', async () => {
    const id = uniqueName('cancel');
    const rejected = await run(id, 'cash-out-pin.cancel', {
      accountNumber: account,
      originalIntentId: uniqueName('never-sold'),
      productCode: SANDBOX_PRODUCTS.cashOutPin,
    });
    expect(rejected.status).toBe('rejected');
    expect(rejected.error?.code).toBe('ORIGINAL_NOT_FOUND');
    expect(rejected.error?.issues?.map((i) => i.field)).toEqual(['data.originalIntentId']);
    expect(pipeline.proxy.sentWithReference(id)).toEqual([]);
  }, 120_000);
});
