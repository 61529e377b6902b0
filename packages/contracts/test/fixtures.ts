import type { IntentType } from '../src/index.ts';

/** A valid intent of each type, as a producer would publish it. */
export const validData: Record<IntentType, Record<string, unknown>> = {
  '1voucher.purchase': { accountNumber: 'ACC123', amount: 5000, metadata: { storeId: 'S1' } },
  '1voucher.disburse': { accountNumber: 'ACC123', amount: 10000 },
  '1voucher.redeem': {
    accountNumber: 'ACC123',
    pin: '1234567890123456',
    amount: 0,
    mobileNumber: '27821234567',
  },
  '1voucher.refund': { accountNumber: 'ACC123', amount: 2500, originalIntentId: 'redeem-1' },
  'gift-voucher.purchase': {
    accountNumber: 'ACC123',
    amount: 10000,
    productCode: 42,
    storeId: 'STORE1',
    terminalId: 'T1',
  },
  'cash-out-pin.purchase': { accountNumber: 'ACC123', amount: 20000, productCode: 7 },
  'cash-out-pin.cancel': { accountNumber: 'ACC123', originalIntentId: 'cop-1', productCode: 7 },
  'cellular.pinless.purchase': {
    accountNumber: 'ACC123',
    amount: 1200,
    productCode: 3,
    mobileNumber: '27831234567',
  },
  'eezi-voucher.purchase': { accountNumber: 'ACC123', amount: 500, productCode: 9 },
  'prepaid-utility.purchase': {
    accountNumber: 'ACC123',
    amount: 15000,
    meterNumber: '01234567890',
    isFBE: false,
  },
};

export function envelope(type: string, data: unknown, extra: Record<string, unknown> = {}) {
  return {
    specversion: '1.0',
    id: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
    source: 'urn:test:producer',
    type,
    time: '2025-01-01T10:00:00Z',
    datacontenttype: 'application/json',
    data,
    ...extra,
  };
}
