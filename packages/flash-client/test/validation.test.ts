import {
  accountNumberSchema,
  alphanumericSchema,
  amountCentsSchema,
  metadataSchema,
  meterNumberSchema,
  msisdnSchema,
  pinSchema,
  productCodeSchema,
} from '@vendstream/contracts';
import { describe, expect, it } from 'vitest';
import {
  assertValidRequest,
  type FieldRule,
  FLASH_OPERATION_NAMES,
  FLASH_OPERATIONS,
  FlashValidationError,
  findRequestIssues,
} from '../src/index.ts';

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

  it('accepts a 64 character account number and refuses a 65 character one, as an intent does', () => {
    expect(
      findRequestIssues('1voucher.purchase', { ...purchase, accountNumber: 'A'.repeat(64) }),
    ).toBeUndefined();
    expect(findRequestIssues('1voucher.purchase', { ...purchase, accountNumber: 'A'.repeat(65) })).toEqual([
      { field: 'accountNumber', message: 'must be 1-64 letters or digits' },
    ]);
    const lookup = { reference: 'l-1', accountNumber: 'A1', amount: 100 };
    expect(
      fields(findRequestIssues('prepaid-utility.lookup', { ...lookup, meterNumber: '1'.repeat(33) })),
    ).toEqual(['meterNumber']);
  });
});

/** A value of each format that the contracts accept: every field of a request is set to one. */
const VALID: Record<FieldRule, unknown> = {
  reference: 'r-1.a=b',
  'account-number': 'A'.repeat(64),
  alphanumeric: 'S'.repeat(64),
  'meter-number': '1'.repeat(32),
  cents: 0,
  'product-code': 7,
  'transaction-id': '42',
  pin: '1234567890123456',
  msisdn: '27821234567',
  metadata: Object.fromEntries(
    Array.from({ length: 9 }, (_, i) => [`key${i}`.padEnd(10, 'k'), 'v'.repeat(43)]),
  ),
  boolean: false,
};

const tenKeys = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'v']));

/** Each format the contracts define (zod), with values they refuse. */
const CONTRACT_FORMATS: Partial<
  Record<FieldRule, { schema: { safeParse(value: unknown): { success: boolean } }; refused: unknown[] }>
> = {
  'account-number': { schema: accountNumberSchema, refused: ['A'.repeat(65), '8444-3322', '', 8444332211] },
  alphanumeric: { schema: alphanumericSchema, refused: ['S'.repeat(65), 'store 1', 'T/1', 7] },
  'meter-number': { schema: meterNumberSchema, refused: ['1'.repeat(33), '0123-45', 1234] },
  cents: { schema: amountCentsSchema, refused: [-1, 1.5, '100', Number.NaN, 2 ** 60] },
  'product-code': { schema: productCodeSchema, refused: [0, -3, 1.2, '12'] },
  pin: { schema: pinSchema, refused: ['123456789012345', '123456789012345x', 1234567890123456] },
  msisdn: { schema: msisdnSchema, refused: ['0821234567', '278212345678', 27821234567] },
  metadata: {
    schema: metadataSchema,
    refused: [tenKeys, { elevenchars: 'v' }, { '': 'v' }, { k: 'x'.repeat(44) }, { k: 7 }, [], 'k=v'],
  },
};

describe('request validation derived from the contracts', () => {
  it('accepts, on every operation, a request whose fields are all at the edge of what the contracts accept', () => {
    for (const operation of FLASH_OPERATION_NAMES) {
      const body = Object.fromEntries(
        FLASH_OPERATIONS[operation].fields.map((spec) => [spec.field, VALID[spec.rule]]),
      );
      expect(findRequestIssues(operation, body), operation).toBeUndefined();
    }
  });

  it('refuses, on every operation, each value the contracts refuse for a field, naming that field', () => {
    let checked = 0;
    for (const operation of FLASH_OPERATION_NAMES) {
      const specs = FLASH_OPERATIONS[operation].fields;
      const body = Object.fromEntries(specs.map((spec) => [spec.field, VALID[spec.rule]]));
      for (const spec of specs) {
        const format = CONTRACT_FORMATS[spec.rule];
        if (format === undefined) continue;
        for (const value of format.refused) {
          const where = `${operation} ${spec.field} ${JSON.stringify(value)}`;
          expect(format.schema.safeParse(value).success, where).toBe(false);
          const issues = findRequestIssues(operation, { ...body, [spec.field]: value }) ?? [];
          expect(issues.length, where).toBeGreaterThan(0);
          for (const issue of issues) expect(issue.field, where).toMatch(new RegExp(`^${spec.field}(\\.|$)`));
          checked++;
        }
      }
    }
    // Every operation names an account number: the table reaches all of them.
    expect(checked).toBeGreaterThan(FLASH_OPERATION_NAMES.length * 4);
  });
});
