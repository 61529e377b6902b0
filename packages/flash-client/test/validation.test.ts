import { describe, expect, it } from 'vitest';
import { assertValidRequest, FlashValidationError, findRequestIssues } from '../src/index.ts';

const purchase = { reference: 'intent-1.a=b', accountNumber: '8444332211', amount: 5000 };

function fields(issues: readonly { field: string }[] | undefined): string[] {
  return (issues ?? []).map((issue) => issue.field);
}

describe('request validation', () => {
  it('accepts a well-formed 1Voucher purchase and allocates no issues', () => {
    expect(findRequestIssues('1voucher.purchase', purchase)).toBeUndefined();
  });

  it('rejects references with characters outside "-", ".", "=", letters and digits', () => {
    for (const reference of ['has space', 'under_score', 'slash/x', 'plus+', '', 'é']) {
      expect(fields(findRequestIssues('1voucher.purchase', { ...purchase, reference }))).toEqual([
        'reference',
      ]);
    }
  });

  it('accepts a 40 character reference and rejects a 41 character one', () => {
    expect(
      findRequestIssues('1voucher.purchase', { ...purchase, reference: 'a'.repeat(40) }),
    ).toBeUndefined();
    expect(
      fields(findRequestIssues('1voucher.purchase', { ...purchase, reference: 'a'.repeat(41) })),
    ).toEqual(['reference']);
  });

  it('requires amounts to be non-negative integer cents', () => {
    for (const amount of [-1, 1.5, '100', Number.NaN, 2 ** 60]) {
      expect(fields(findRequestIssues('1voucher.purchase', { ...purchase, amount }))).toEqual(['amount']);
    }
    expect(
      findRequestIssues('1voucher.redeem', { ...purchase, amount: 0, pin: '1234567890123456' }),
    ).toBeUndefined();
  });

  it('requires a 16 digit PIN to redeem', () => {
    for (const pin of ['123456789012345', '12345678901234567', '123456789012345x', 1234567890123456]) {
      expect(fields(findRequestIssues('1voucher.redeem', { ...purchase, pin }))).toEqual(['pin']);
    }
    expect(fields(findRequestIssues('1voucher.redeem', purchase))).toEqual(['pin']);
  });

  it('requires mobile numbers of 11 digits starting with 27', () => {
    const recharge = { ...purchase, productCode: 101, mobileNumber: '27821234567' };
    expect(findRequestIssues('cellular.pinless.purchase', recharge)).toBeUndefined();
    for (const mobileNumber of ['0821234567', '2782123456', '278212345678', '44821234567', 27821234567]) {
      expect(fields(findRequestIssues('cellular.pinless.purchase', { ...recharge, mobileNumber }))).toEqual([
        'mobileNumber',
      ]);
    }
  });

  it('limits metadata to 9 properties, names of 10 characters and values of 43', () => {
    const nine = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, 'v']));
    expect(findRequestIssues('1voucher.purchase', { ...purchase, metadata: nine })).toBeUndefined();
    expect(
      fields(findRequestIssues('1voucher.purchase', { ...purchase, metadata: { ...nine, k9: 'v' } })),
    ).toEqual(['metadata']);
    expect(
      fields(findRequestIssues('1voucher.purchase', { ...purchase, metadata: { elevenchars: 'v' } })),
    ).toEqual(['metadata.elevenchars']);
    expect(
      fields(findRequestIssues('1voucher.purchase', { ...purchase, metadata: { store: 'x'.repeat(44) } })),
    ).toEqual(['metadata.store']);
    expect(fields(findRequestIssues('1voucher.purchase', { ...purchase, metadata: { store: 7 } }))).toEqual([
      'metadata.store',
    ]);
  });

  it('requires product codes to be positive integers', () => {
    const eezi = { ...purchase, productCode: 12 };
    expect(findRequestIssues('eezi-voucher.purchase', eezi)).toBeUndefined();
    for (const productCode of [0, -3, 1.2, '12']) {
      expect(fields(findRequestIssues('eezi-voucher.purchase', { ...eezi, productCode }))).toEqual([
        'productCode',
      ]);
    }
  });

  it('requires an account number on every operation', () => {
    expect(fields(findRequestIssues('products.list', {}))).toEqual(['accountNumber']);
    expect(fields(findRequestIssues('1voucher.reverse', { reference: 'r', originalReference: 'o' }))).toEqual(
      ['accountNumber'],
    );
    expect(fields(findRequestIssues('1voucher.purchase', { ...purchase, accountNumber: '' }))).toEqual([
      'accountNumber',
    ]);
  });

  it('requires account, store, terminal, meter and serial numbers to be letters and digits only', () => {
    expect(
      fields(findRequestIssues('1voucher.purchase', { ...purchase, accountNumber: '8444-3322' })),
    ).toEqual(['accountNumber']);
    const gift = {
      reference: 'g-1',
      accountNumber: '8444332211',
      amount: 5000,
      productCode: 7,
      storeId: 'store 1',
      terminalId: 'T/1',
      barcode: 'ok123',
    };
    expect(fields(findRequestIssues('gift-voucher.purchase', gift))).toEqual(['storeId', 'terminalId']);
    expect(
      fields(
        findRequestIssues('prepaid-utility.lookup', {
          reference: 'l-1',
          accountNumber: 'A1',
          meterNumber: '0123-45',
        }),
      ),
    ).toContain('meterNumber');
  });

  it('needs a prepaid utility purchase to name the lookup or the meter', () => {
    const base = { reference: 'p-1', accountNumber: 'A1', amount: 10_000 };
    expect(fields(findRequestIssues('prepaid-utility.purchase', base))).toEqual(['transactionID']);
    expect(findRequestIssues('prepaid-utility.purchase', { ...base, transactionID: 42 })).toBeUndefined();
    expect(
      findRequestIssues('prepaid-utility.purchase', { ...base, meterNumber: '01234567890' }),
    ).toBeUndefined();
  });

  it('names every bad field at once', () => {
    const issues = findRequestIssues('gift-voucher.purchase', { reference: 'bad ref', amount: -5 });
    expect(fields(issues)).toEqual([
      'reference',
      'accountNumber',
      'amount',
      'productCode',
      'storeId',
      'terminalId',
    ]);
  });

  it('rejects an unknown operation name and a body that is not an object', () => {
    expect(fields(findRequestIssues('1voucher.steal' as never, purchase))).toEqual(['operation']);
    expect(fields(findRequestIssues('1voucher.purchase', null))).toEqual(['(body)']);
  });

  it('throws a FlashValidationError that names the field when asked to assert', () => {
    try {
      assertValidRequest('1voucher.redeem', { ...purchase, pin: '12' });
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(FlashValidationError);
      expect((error as FlashValidationError).code).toBe('FLASH_VALIDATION');
      expect((error as FlashValidationError).issues).toEqual([
        { field: 'pin', message: 'must be exactly 16 digits' },
      ]);
    }
  });
});
