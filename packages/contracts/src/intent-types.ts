import { z } from 'zod';
import {
  accountNumberSchema,
  alphanumericSchema,
  amountCentsSchema,
  intentIdSchema,
  metadataSchema,
  meterNumberSchema,
  msisdnSchema,
  pinSchema,
  productCodeSchema,
} from './fields.ts';

/**
 * The `data` of each intent type: the provider fields the worker needs to build the Flash request,
 * but never `reference`. The reference is derived from the intent id (`deriveReference`) so every
 * retry of an intent, by any process, sends the same one.
 *
 * Objects are strict: an unknown field is more likely a producer's typo (e.g. `ammount`) than
 * something to ignore silently.
 */

const base = {
  /** The merchant account at Flash (for cellular, Flash calls it `subAccountNumber`). */
  accountNumber: accountNumberSchema,
  metadata: metadataSchema.optional(),
};

export const oneVoucherPurchaseData = z.strictObject({ ...base, amount: amountCentsSchema });

export const oneVoucherDisburseData = z.strictObject({ ...base, amount: amountCentsSchema });

export const oneVoucherRedeemData = z.strictObject({
  ...base,
  /** Secret: sealed at rest and redacted in logs (key name `pin`). */
  pin: pinSchema,
  /** 0 redeems the full value of the voucher. */
  amount: amountCentsSchema,
  /** Where Flash sends the change voucher by SMS; absent: the voucher comes back in the response. */
  mobileNumber: msisdnSchema.optional(),
});

/**
 * Refund of a 1Voucher redemption. Flash's request carries no link to the redemption, so the intent
 * names it for our own records: the earlier redeem intent, or the voucher's serial number.
 */
export const oneVoucherRefundData = z
  .strictObject({
    ...base,
    amount: amountCentsSchema,
    mobileNumber: msisdnSchema.optional(),
    originalIntentId: intentIdSchema.optional(),
    voucherSerialNumber: alphanumericSchema.optional(),
  })
  .refine((d) => d.originalIntentId !== undefined || d.voucherSerialNumber !== undefined, {
    message: 'must name the refunded redemption: originalIntentId or voucherSerialNumber',
    path: ['originalIntentId'],
  })
  .meta({ anyOf: [{ required: ['originalIntentId'] }, { required: ['voucherSerialNumber'] }] });

export const giftVoucherPurchaseData = z.strictObject({
  ...base,
  amount: amountCentsSchema,
  productCode: productCodeSchema,
  storeId: alphanumericSchema,
  terminalId: alphanumericSchema,
  barcode: alphanumericSchema.optional(),
});

export const cashOutPinPurchaseData = z.strictObject({
  ...base,
  amount: amountCentsSchema,
  productCode: productCodeSchema,
});

/**
 * Cancels the Cash Out PIN bought by an earlier intent. `serialNumber` may be given; when absent
 * the worker takes it from the original intent's stored result (`voucher.serialNumber`).
 */
export const cashOutPinCancelData = z.strictObject({
  ...base,
  originalIntentId: intentIdSchema,
  productCode: productCodeSchema,
  serialNumber: alphanumericSchema.optional(),
});

export const cellularPinlessPurchaseData = z.strictObject({
  ...base,
  amount: amountCentsSchema,
  productCode: productCodeSchema,
  mobileNumber: msisdnSchema,
});

export const eeziVoucherPurchaseData = z.strictObject({
  ...base,
  amount: amountCentsSchema,
  productCode: productCodeSchema,
});

/**
 * Prepaid electricity or water: two Flash calls (meter lookup, then purchase with the lookup's
 * `transactionID`), each with its own derived reference (steps `L` and `P`).
 */
export const prepaidUtilityPurchaseData = z.strictObject({
  ...base,
  amount: amountCentsSchema,
  meterNumber: meterNumberSchema,
  /** Free Basic Electricity; Flash's default is false. */
  isFBE: z.boolean().optional(),
});

/** Every intent type, mapped to its data schema. The single source for parsing and JSON Schema. */
export const intentDataSchemas = {
  '1voucher.purchase': oneVoucherPurchaseData,
  '1voucher.disburse': oneVoucherDisburseData,
  '1voucher.redeem': oneVoucherRedeemData,
  '1voucher.refund': oneVoucherRefundData,
  'gift-voucher.purchase': giftVoucherPurchaseData,
  'cash-out-pin.purchase': cashOutPinPurchaseData,
  'cash-out-pin.cancel': cashOutPinCancelData,
  'cellular.pinless.purchase': cellularPinlessPurchaseData,
  'eezi-voucher.purchase': eeziVoucherPurchaseData,
  'prepaid-utility.purchase': prepaidUtilityPurchaseData,
} as const;

export type IntentType = keyof typeof intentDataSchemas;

export const INTENT_TYPES = Object.keys(intentDataSchemas) as IntentType[];

export function isIntentType(value: unknown): value is IntentType {
  return typeof value === 'string' && Object.hasOwn(intentDataSchemas, value);
}

/** The data of one intent type, e.g. `IntentData<'1voucher.redeem'>`. */
export type IntentData<T extends IntentType = IntentType> = z.infer<(typeof intentDataSchemas)[T]>;

/**
 * The Flash steps of each intent type, in order. Each step gets its own reference
 * (`deriveReference(id, step)`) and its own recovery point in the store. Single-step types use
 * step `V` ("vend").
 */
export const INTENT_STEPS: Record<IntentType, readonly string[]> = {
  '1voucher.purchase': ['V'],
  '1voucher.disburse': ['V'],
  '1voucher.redeem': ['V'],
  '1voucher.refund': ['V'],
  'gift-voucher.purchase': ['V'],
  'cash-out-pin.purchase': ['V'],
  'cash-out-pin.cancel': ['V'],
  'cellular.pinless.purchase': ['V'],
  'eezi-voucher.purchase': ['V'],
  'prepaid-utility.purchase': ['L', 'P'],
};
