/**
 * Every Flash Partner API v4 operation: its name (as used in intents), HTTP method, path below the
 * configured prefix, the request's field rules, and the typed request/response shapes.
 *
 * Requests follow the March 2023 draft (shared/seeds); the reversal endpoints come from later
 * revisions (shared/reference/flash-api-notes.md). Responses are typed loosely on purpose: Flash adds
 * fields the docs do not list, and every response keeps them (index signature).
 */

export type FlashOperationName =
  | '1voucher.purchase'
  | '1voucher.disburse'
  | '1voucher.redeem'
  | '1voucher.refund'
  | '1voucher.reverse'
  | 'gift-voucher.purchase'
  | 'cash-out-pin.purchase'
  | 'cash-out-pin.cancel'
  | 'cash-out-pin.reverse'
  | 'cellular.pinless.purchase'
  | 'eezi-voucher.purchase'
  | 'eezi-voucher.reverse'
  | 'prepaid-utility.lookup'
  | 'prepaid-utility.purchase'
  | 'products.list'
  | 'products.lookup';

/** Up to 9 properties; names up to 10 characters; values up to 43 characters. */
export type FlashMetadata = Record<string, string>;

interface TransactionRequestBase {
  /** Client-defined, unique across all transactions: `-`, `.`, `=`, letters, digits; 1..40 chars. */
  reference: string;
  accountNumber: string;
  metadata?: FlashMetadata;
}

export interface OneVoucherPurchaseRequest extends TransactionRequestBase {
  /** Cents (ZAR). */
  amount: number;
}
export type OneVoucherDisburseRequest = OneVoucherPurchaseRequest;
export interface OneVoucherRedeemRequest extends TransactionRequestBase {
  /** 16 digits. */
  pin: string;
  /** Cents; 0 redeems the full value. */
  amount: number;
  /** 11 digits, `27` then the number without its leading 0; change vouchers go there by SMS. */
  mobileNumber?: string;
}
export interface OneVoucherRefundRequest extends TransactionRequestBase {
  amount: number;
  mobileNumber?: string;
}
/** Later revisions: undo an earlier transaction, named by its reference. */
export interface ReversalRequest {
  /** The reversal's own new reference. */
  reference: string;
  originalReference: string;
  accountNumber: string;
}
export interface GiftVoucherPurchaseRequest extends TransactionRequestBase {
  amount: number;
  productCode: number;
  storeId: string;
  terminalId: string;
  barcode?: string;
}
export interface CashOutPinPurchaseRequest extends TransactionRequestBase {
  amount: number;
  productCode: number;
}
export interface CashOutPinCancelRequest extends TransactionRequestBase {
  /** The serial number issued with the Cash Out PIN (the draft's table calls it `serial`). */
  serialNumber: string;
  productCode: number;
}
export interface CellularPinlessPurchaseRequest extends TransactionRequestBase {
  amount: number;
  productCode: number;
  mobileNumber: string;
  /** The draft's table names the merchant account `subAccountNumber`; its example uses `accountNumber`. */
  subAccountNumber?: string;
}
export interface EeziVoucherPurchaseRequest extends TransactionRequestBase {
  amount: number;
  productCode: number;
}
export interface PrepaidUtilityLookupRequest extends TransactionRequestBase {
  amount: number;
  meterNumber: string;
  isFBE?: boolean;
}
export interface PrepaidUtilityPurchaseRequest extends TransactionRequestBase {
  amount: number;
  /**
   * The meter lookup's transaction id (draft). A digit string is accepted and sent as given.
   * Either this or `meterNumber` (the 2024 form, which skips the lookup) is required.
   */
  transactionID?: number | string;
  /** Later revisions identify the meter directly. */
  meterNumber?: string;
  isFBE?: boolean;
}
export interface ProductsListRequest {
  accountNumber: string;
}
export interface ProductsLookupRequest {
  accountNumber: string;
  productCode: number;
}

export interface FlashVoucher {
  amount?: number;
  expiryDate?: string;
  /** Secret: never log (the shared logger redacts `pin`). */
  pin?: string;
  serialNumber?: string;
  content?: { redemptionInstructions?: string; termsAndConditions?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** Fields every transactional response carries; anything else Flash sends is kept. */
export interface FlashTransactionResponse {
  responseCode: number;
  responseMessage?: string;
  accountNumber?: string;
  reference?: string;
  amount?: number;
  transactionDate?: string;
  /** As Flash sent it: a string in the draft, an integer in later revisions. See `outcome.transactionId`. */
  transactionId?: string | number;
  metadata?: FlashMetadata;
  [key: string]: unknown;
}
export interface VoucherResponse extends FlashTransactionResponse {
  voucher?: FlashVoucher;
}
export interface CellularPinlessPurchaseResponse extends FlashTransactionResponse {
  rechargeDetails?: {
    rechargeType?: string;
    callCentre?: string;
    rechargeVendor?: string;
    [key: string]: unknown;
  };
}
export interface PrepaidUtilityLookupResponse extends FlashTransactionResponse {
  billingInfo?: Record<string, unknown>;
  meterInfo?: Record<string, unknown>;
  isFBE?: boolean;
}
export interface PrepaidUtilityToken {
  value?: number;
  /** Secret: never log (the shared logger redacts `token` and `tokens`). */
  token?: string;
  tokenDescription?: string;
  type?: string;
  units?: { description?: string; quantity?: number; unitType?: string };
  [key: string]: unknown;
}
export interface PrepaidUtilityPurchaseResponse extends PrepaidUtilityLookupResponse {
  tokens?: PrepaidUtilityToken[];
}
export interface FlashProductSummary {
  productCode: number;
  productName?: string;
  minimumAmount?: number;
  maximumAmount?: number;
  status?: string | number;
  [key: string]: unknown;
}
export interface FlashProduct extends FlashProductSummary {
  supplierName?: string;
  vendorName?: string;
  productType?: number;
  productParameters?: Record<string, string>;
}

/** Request type of each operation. */
export interface FlashRequests {
  '1voucher.purchase': OneVoucherPurchaseRequest;
  '1voucher.disburse': OneVoucherDisburseRequest;
  '1voucher.redeem': OneVoucherRedeemRequest;
  '1voucher.refund': OneVoucherRefundRequest;
  '1voucher.reverse': ReversalRequest;
  'gift-voucher.purchase': GiftVoucherPurchaseRequest;
  'cash-out-pin.purchase': CashOutPinPurchaseRequest;
  'cash-out-pin.cancel': CashOutPinCancelRequest;
  'cash-out-pin.reverse': ReversalRequest;
  'cellular.pinless.purchase': CellularPinlessPurchaseRequest;
  'eezi-voucher.purchase': EeziVoucherPurchaseRequest;
  'eezi-voucher.reverse': ReversalRequest;
  'prepaid-utility.lookup': PrepaidUtilityLookupRequest;
  'prepaid-utility.purchase': PrepaidUtilityPurchaseRequest;
  'products.list': ProductsListRequest;
  'products.lookup': ProductsLookupRequest;
}

/** Response type of each operation (on success). */
export interface FlashResponses {
  '1voucher.purchase': VoucherResponse;
  '1voucher.disburse': VoucherResponse;
  '1voucher.redeem': VoucherResponse;
  '1voucher.refund': VoucherResponse;
  '1voucher.reverse': FlashTransactionResponse;
  'gift-voucher.purchase': VoucherResponse;
  'cash-out-pin.purchase': VoucherResponse;
  'cash-out-pin.cancel': FlashTransactionResponse;
  'cash-out-pin.reverse': FlashTransactionResponse;
  'cellular.pinless.purchase': CellularPinlessPurchaseResponse;
  'eezi-voucher.purchase': VoucherResponse;
  'eezi-voucher.reverse': FlashTransactionResponse;
  'prepaid-utility.lookup': PrepaidUtilityLookupResponse;
  'prepaid-utility.purchase': PrepaidUtilityPurchaseResponse;
  'products.list': FlashProductSummary[];
  'products.lookup': FlashProduct;
}

/**
 * The format of a request field. Each names a definition in `@vendstream/contracts` (zod, shared with
 * the intent schemas) except the three no intent carries: `reference` (derived, checked against
 * the contracts' `REFERENCE_PATTERN`), `transaction-id` (a meter lookup's answer) and `boolean`.
 */
export type FieldRule =
  | 'reference'
  | 'account-number'
  /** Letters and digits only (store, terminal, serial numbers and barcodes in the draft). */
  | 'alphanumeric'
  | 'meter-number'
  | 'cents'
  | 'product-code'
  | 'transaction-id'
  | 'pin'
  | 'msisdn'
  | 'metadata'
  | 'boolean';

export interface FieldSpec {
  readonly field: string;
  readonly rule: FieldRule;
  readonly required: boolean;
}

export interface OperationSpec {
  readonly name: FlashOperationName;
  readonly method: 'GET' | 'POST';
  /** Below the prefix; GET paths carry `{accountNumber}` and `{productCode}` placeholders. */
  readonly path: string;
  /**
   * Reads answer with a bare product list or product, without `responseCode`: HTTP 200 with JSON is
   * success. Transactions need `responseCode` 0.
   */
  readonly read: boolean;
  readonly fields: readonly FieldSpec[];
  /** At least one of these (optional) fields must be present. */
  readonly oneOf?: readonly string[];
}

const req = (field: string, rule: FieldRule): FieldSpec => ({ field, rule, required: true });
const opt = (field: string, rule: FieldRule): FieldSpec => ({ field, rule, required: false });

const BASE = [
  req('reference', 'reference'),
  req('accountNumber', 'account-number'),
  opt('metadata', 'metadata'),
];
const REVERSAL = [
  req('reference', 'reference'),
  req('originalReference', 'reference'),
  req('accountNumber', 'account-number'),
];

function post(name: FlashOperationName, path: string, fields: readonly FieldSpec[]): OperationSpec {
  return { name, method: 'POST', path, read: false, fields };
}

/** The path prefix of the July 2024 and later revisions (the draft's is `/v4`). */
export const AGGREGATION_PREFIX = '/aggregation/4.0';

/** Paths that changed with the later revisions, used by default under `AGGREGATION_PREFIX`. */
export const LATER_REVISION_PATHS: Readonly<Partial<Record<FlashOperationName, string>>> = {
  'gift-voucher.purchase': '/gift-voucher/purchase',
};

export const FLASH_OPERATIONS: Readonly<Record<FlashOperationName, OperationSpec>> = {
  '1voucher.purchase': post('1voucher.purchase', '/1voucher/purchase', [...BASE, req('amount', 'cents')]),
  '1voucher.disburse': post('1voucher.disburse', '/1voucher/disburse', [...BASE, req('amount', 'cents')]),
  '1voucher.redeem': post('1voucher.redeem', '/1voucher/redeem', [
    ...BASE,
    req('pin', 'pin'),
    req('amount', 'cents'),
    opt('mobileNumber', 'msisdn'),
  ]),
  '1voucher.refund': post('1voucher.refund', '/1voucher/refund', [
    ...BASE,
    req('amount', 'cents'),
    opt('mobileNumber', 'msisdn'),
  ]),
  '1voucher.reverse': post('1voucher.reverse', '/1voucher/reverse', REVERSAL),
  'gift-voucher.purchase': post('gift-voucher.purchase', '/gift-vouchers/purchase', [
    ...BASE,
    req('amount', 'cents'),
    req('productCode', 'product-code'),
    req('storeId', 'alphanumeric'),
    req('terminalId', 'alphanumeric'),
    opt('barcode', 'alphanumeric'),
  ]),
  'cash-out-pin.purchase': post('cash-out-pin.purchase', '/cash-out-pin/purchase', [
    ...BASE,
    req('amount', 'cents'),
    req('productCode', 'product-code'),
  ]),
  'cash-out-pin.cancel': post('cash-out-pin.cancel', '/cash-out-pin/cancel', [
    ...BASE,
    req('serialNumber', 'alphanumeric'),
    req('productCode', 'product-code'),
  ]),
  'cash-out-pin.reverse': post('cash-out-pin.reverse', '/cash-out-pin/reverse', REVERSAL),
  'cellular.pinless.purchase': post('cellular.pinless.purchase', '/cellular/pinless/purchase', [
    ...BASE,
    req('amount', 'cents'),
    req('productCode', 'product-code'),
    req('mobileNumber', 'msisdn'),
    opt('subAccountNumber', 'account-number'),
  ]),
  'eezi-voucher.purchase': post('eezi-voucher.purchase', '/eezi-voucher/purchase', [
    ...BASE,
    req('amount', 'cents'),
    req('productCode', 'product-code'),
  ]),
  'eezi-voucher.reverse': post('eezi-voucher.reverse', '/eezi-voucher/reverse', REVERSAL),
  'prepaid-utility.lookup': post('prepaid-utility.lookup', '/prepaid-utilities/lookup', [
    ...BASE,
    req('amount', 'cents'),
    req('meterNumber', 'meter-number'),
    opt('isFBE', 'boolean'),
  ]),
  'prepaid-utility.purchase': {
    // The draft purchases with the lookup's transactionID; from 2024 the meter can be named instead.
    ...post('prepaid-utility.purchase', '/prepaid-utilities/purchase', [
      ...BASE,
      req('amount', 'cents'),
      opt('transactionID', 'transaction-id'),
      opt('meterNumber', 'meter-number'),
      opt('isFBE', 'boolean'),
    ]),
    oneOf: ['transactionID', 'meterNumber'],
  },
  'products.list': {
    name: 'products.list',
    method: 'GET',
    path: '/accounts/{accountNumber}/products',
    read: true,
    fields: [req('accountNumber', 'account-number')],
  },
  'products.lookup': {
    name: 'products.lookup',
    method: 'GET',
    path: '/accounts/{accountNumber}/products/{productCode}',
    read: true,
    fields: [req('accountNumber', 'account-number'), req('productCode', 'product-code')],
  },
};

export const FLASH_OPERATION_NAMES: readonly FlashOperationName[] = Object.keys(
  FLASH_OPERATIONS,
) as FlashOperationName[];

export function isFlashOperationName(value: unknown): value is FlashOperationName {
  return typeof value === 'string' && Object.hasOwn(FLASH_OPERATIONS, value);
}
