import { describe, expect, it } from 'vitest';
import { SANDBOX_ACCOUNTS, SANDBOX_PRODUCTS } from '../src/index.ts';
import { ref, useSandbox } from './helpers.ts';

const main = SANDBOX_ACCOUNTS.main.accountNumber;

describe('request validation', () => {
  const h = useSandbox();

  it('answers 400 with 2231 and the later revisions error body for a missing field', async () => {
    const reference = ref();
    const reply = await h.post('/aggregation/4.0/1voucher/purchase', { reference, accountNumber: main });
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({
      responseCode: 2231,
      responseMessage: 'Request body validation failed.',
      reference,
      transactionId: null,
      path: '/aggregation/4.0/1voucher/purchase',
    });
    expect(h.sandbox.ledger()).toEqual([]);
  });

  it.each([
    ['a reference with forbidden characters', { reference: 'a_b', accountNumber: main, amount: 1_000 }],
    ['a missing reference', { accountNumber: main, amount: 1_000 }],
    ['a non-integer amount', { reference: 'r', accountNumber: main, amount: 10.5 }],
    ['a string amount', { reference: 'r', accountNumber: main, amount: '1000' }],
    ['a negative amount', { reference: 'r', accountNumber: main, amount: -5 }],
    ['a non-alphanumeric account', { reference: 'r', accountNumber: '80-01', amount: 1_000 }],
    [
      'metadata with 10 properties',
      {
        reference: 'r',
        accountNumber: main,
        amount: 1_000,
        metadata: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'v'])),
      },
    ],
    [
      'a metadata name over 10 characters',
      { reference: 'r', accountNumber: main, amount: 1_000, metadata: { abcdefghijk: 'v' } },
    ],
    [
      'a metadata value over 43 characters',
      { reference: 'r', accountNumber: main, amount: 1_000, metadata: { k: 'x'.repeat(44) } },
    ],
    ['a JSON array body', [1, 2]],
  ])('rejects %s with 2231', async (_name, body) => {
    const reply = await h.post('/1voucher/purchase', body);
    expect(reply.status).toBe(400);
    expect(reply.json.responseCode).toBe(2231);
  });

  it('rejects a body that is not JSON with 2231', async () => {
    const reply = await h.post('/1voucher/purchase', '{"reference": ');
    expect(reply.status).toBe(400);
    expect(reply.json.responseCode).toBe(2231);
  });

  it('rejects a reference over 40 characters with 2301', async () => {
    const reply = await h.post('/1voucher/purchase', {
      reference: 'r'.repeat(41),
      accountNumber: main,
      amount: 1_000,
    });
    expect(reply.json).toMatchObject({
      responseCode: 2301,
      responseMessage: 'The reference provided exceeds the maximum character count.',
    });
    expect(
      (
        await h.post('/1voucher/purchase', {
          reference: ref().padEnd(40, 'x'),
          accountNumber: main,
          amount: 1_000,
        })
      ).json.responseCode,
    ).toBe(0);
  });

  it('accepts productCode as a digit string, as the draft examples send it', async () => {
    const reply = await h.post('/eezi-voucher/purchase', {
      reference: ref(),
      accountNumber: main,
      amount: 1_000,
      productCode: String(SANDBOX_PRODUCTS.eeziAirtime),
    });
    expect(reply.json.responseCode).toBe(0);
  });

  it('requires a 16-digit PIN to redeem', async () => {
    const reply = await h.post('/1voucher/redeem', {
      reference: ref(),
      accountNumber: main,
      pin: '123',
      amount: 0,
    });
    expect(reply.json.responseCode).toBe(2231);
  });
});
