import { cashOutPinCancel, cashOutPinLookup } from './operations/cash-out-pin.ts';
import { cellularPinlessPurchase } from './operations/cellular.ts';
import type { OperationDef } from './operations/common.ts';
import {
  oneVoucherDisburse,
  oneVoucherPurchase,
  oneVoucherRedeem,
  oneVoucherRefund,
  oneVoucherReverse,
} from './operations/one-voucher.ts';
import { prepaidUtilityLookup, prepaidUtilityPurchase } from './operations/prepaid-utilities.ts';
import { productsList, productsLookup } from './operations/products.ts';
import {
  cashOutPinPurchase,
  cashOutPinReverse,
  eeziVoucherPurchase,
  eeziVoucherReverse,
  giftVoucherPurchase,
} from './operations/voucher-products.ts';

/** The draft's base path and the one every path moved under in July 2024. */
export const API_PREFIXES = ['/v4', '/aggregation/4.0'] as const;

const POST_ROUTES: ReadonlyMap<string, OperationDef> = new Map([
  ['/1voucher/purchase', oneVoucherPurchase],
  ['/1voucher/disburse', oneVoucherDisburse],
  ['/1voucher/redeem', oneVoucherRedeem],
  ['/1voucher/refund', oneVoucherRefund],
  ['/1voucher/reverse', oneVoucherReverse],
  ['/gift-vouchers/purchase', giftVoucherPurchase],
  ['/gift-voucher/purchase', giftVoucherPurchase],
  ['/cash-out-pin/purchase', cashOutPinPurchase],
  ['/cash-out-pin/cancel', cashOutPinCancel],
  ['/cash-out-pin/reverse', cashOutPinReverse],
  ['/cash-out-pin/lookup', cashOutPinLookup],
  ['/cellular/pinless/purchase', cellularPinlessPurchase],
  ['/eezi-voucher/purchase', eeziVoucherPurchase],
  ['/eezi-voucher/reverse', eeziVoucherReverse],
  ['/prepaid-utilities/lookup', prepaidUtilityLookup],
  ['/prepaid-utilities/purchase', prepaidUtilityPurchase],
]);

/** Paths that exist under one prefix only: the gift voucher path changed with the July 2024 move. */
const ONLY_UNDER: ReadonlyMap<string, (typeof API_PREFIXES)[number]> = new Map([
  ['/gift-vouchers/purchase', '/v4'],
  ['/gift-voucher/purchase', '/aggregation/4.0'],
]);

const PRODUCTS = /^\/accounts\/([^/]+)\/products(?:\/([^/]+))?$/;

export interface ResolvedRoute {
  readonly def: OperationDef;
  /** The path without its API prefix. */
  readonly route: string;
  readonly params: readonly string[];
}

export type Resolution = ResolvedRoute | 'method-not-allowed' | undefined;

export function resolveRoute(method: string, path: string): Resolution {
  let route: string | undefined;
  let apiPrefix: string | undefined;
  for (const prefix of API_PREFIXES) {
    if (path.length > prefix.length && path.startsWith(prefix) && path.charCodeAt(prefix.length) === 47) {
      route = path.slice(prefix.length);
      apiPrefix = prefix;
      break;
    }
  }
  if (route === undefined) return undefined;
  if (route.length > 1 && route.endsWith('/')) route = route.slice(0, -1);
  const onlyUnder = ONLY_UNDER.get(route);
  if (onlyUnder !== undefined && onlyUnder !== apiPrefix) return undefined;
  const post = POST_ROUTES.get(route);
  if (post !== undefined) return method === 'POST' ? { def: post, route, params: [] } : 'method-not-allowed';
  const products = PRODUCTS.exec(route);
  if (products === null) return undefined;
  if (method !== 'GET') return 'method-not-allowed';
  const account = safeDecode(products[1] ?? '');
  if (products[2] === undefined) return { def: productsList, route, params: [account] };
  return { def: productsLookup, route, params: [account, safeDecode(products[2])] };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
