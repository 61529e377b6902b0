/**
 * The data every sandbox starts with (and returns to on reset). Documented in the README; exported so
 * tests and integrators never hard-code magic numbers.
 */

export const DEFAULT_SANDBOX_CREDENTIALS: { consumerKey: string; consumerSecret: string } = {
  consumerKey: 'flash-sandbox-key',
  consumerSecret: 'flash-sandbox-secret',
};

export type AccountStatus = 'active' | 'inactive';

export interface SeedAccount {
  accountNumber: string;
  /** Cents. */
  balance: number;
  status: AccountStatus;
}

/** Merchant accounts. Balances are in cents. */
export const SANDBOX_ACCOUNTS = {
  /** R1 billion: enough for any benchmark. */
  main: { accountNumber: '8000000001', balance: 100_000_000_000, status: 'active' },
  /** R100: for insufficient-balance (2003) tests. */
  low: { accountNumber: '8000000002', balance: 10_000, status: 'active' },
  /** R0. */
  empty: { accountNumber: '8000000003', balance: 0, status: 'active' },
  /** Inactive: every operation answers 2284. */
  inactive: { accountNumber: '8000000004', balance: 100_000_000, status: 'inactive' },
} as const satisfies Record<string, SeedAccount>;

export type ProductGroup =
  | '1voucher'
  | 'gift-voucher'
  | 'cash-out-pin'
  | 'cellular'
  | 'eezi-voucher'
  | 'prepaid-utility';

export interface SeedProduct {
  productCode: number;
  productName: string;
  group: ProductGroup;
  /** Cents. Equal minimum and maximum mean a fixed-value product (other amounts answer 2103). */
  minimumAmount: number;
  maximumAmount: number;
  active: boolean;
  allowReversal: boolean;
  supplierName: string;
  vendorName: string;
}

/** Product codes of the catalogue. */
export const SANDBOX_PRODUCTS = {
  oneVoucher: 10001,
  oneVoucherDisbursement: 10002,
  takealotGift: 31001,
  spotifyGiftFixed: 31002,
  inactiveGift: 31099,
  cashOutPin: 41001,
  vodacomAirtime: 51001,
  mtnAirtime: 51002,
  cellCAirtime: 51003,
  telkomAirtime: 51004,
  eeziAirtime: 61001,
  eeziDataNoReversal: 61002,
  electricity: 71001,
  water: 71002,
} as const;

const P = SANDBOX_PRODUCTS;

export const SEED_PRODUCTS: readonly SeedProduct[] = [
  p(P.oneVoucher, '1Voucher', '1voucher', 1_000, 400_000, true, true, 'Flash', '1Voucher'),
  p(
    P.oneVoucherDisbursement,
    '1Voucher Disbursement',
    '1voucher',
    1_000,
    400_000,
    true,
    true,
    'Flash',
    '1Voucher',
  ),
  p(
    P.takealotGift,
    'Takealot Gift Voucher',
    'gift-voucher',
    5_000,
    500_000,
    true,
    false,
    'Takealot',
    'Takealot',
  ),
  p(
    P.spotifyGiftFixed,
    'Spotify Premium 1 Month',
    'gift-voucher',
    5_999,
    5_999,
    true,
    false,
    'Spotify',
    'Spotify',
  ),
  p(
    P.inactiveGift,
    'Retired Gift Voucher',
    'gift-voucher',
    1_000,
    100_000,
    false,
    false,
    'Retired',
    'Retired',
  ),
  p(P.cashOutPin, 'Cash Out PIN', 'cash-out-pin', 5_000, 300_000, true, true, 'Flash', 'Cash Out'),
  p(P.vodacomAirtime, 'Vodacom Pinless Airtime', 'cellular', 200, 100_000, true, false, 'Vodacom', 'Vodacom'),
  p(P.mtnAirtime, 'MTN Pinless Airtime', 'cellular', 200, 100_000, true, false, 'MTN', 'MTN'),
  p(P.cellCAirtime, 'Cell C Pinless Airtime', 'cellular', 500, 100_000, true, false, 'Cell C', 'Cell C'),
  p(P.telkomAirtime, 'Telkom Pinless Airtime', 'cellular', 500, 100_000, true, false, 'Telkom', 'Telkom'),
  p(P.eeziAirtime, 'Eezi Airtime', 'eezi-voucher', 500, 100_000, true, true, 'Flash', 'Eezi'),
  p(P.eeziDataNoReversal, 'Eezi Data', 'eezi-voucher', 500, 100_000, true, false, 'Flash', 'Eezi'),
  p(
    P.electricity,
    'Prepaid Electricity',
    'prepaid-utility',
    1_000,
    500_000,
    true,
    false,
    'Eskom',
    'Prepaid Utilities',
  ),
  p(
    P.water,
    'Prepaid Water',
    'prepaid-utility',
    1_000,
    500_000,
    true,
    false,
    'City Water',
    'Prepaid Utilities',
  ),
];

function p(
  productCode: number,
  productName: string,
  group: ProductGroup,
  minimumAmount: number,
  maximumAmount: number,
  active: boolean,
  allowReversal: boolean,
  supplierName: string,
  vendorName: string,
): SeedProduct {
  return {
    productCode,
    productName,
    group,
    minimumAmount,
    maximumAmount,
    active,
    allowReversal,
    supplierName,
    vendorName,
  };
}

/** Pre-issued 1Vouchers for redeem tests (PINs are 16 digits; amounts in cents). */
export const SANDBOX_VOUCHERS = {
  /** R100, active. */
  active100: { pin: '1000000000000001', amount: 10_000 },
  /** R500, active. */
  active500: { pin: '1000000000000002', amount: 50_000 },
  /** Already redeemed: 2401. */
  redeemed: { pin: '1000000000000003', amount: 10_000 },
  /** Cancelled: 2403. */
  cancelled: { pin: '1000000000000004', amount: 10_000 },
  /** Expired on 2020-01-01: 2405. */
  expired: { pin: '1000000000000005', amount: 10_000 },
} as const;

export type MeterKind = 'electricity' | 'water';

export interface SeedMeter {
  meterNumber: string;
  kind: MeterKind;
  /** Cents owed; a purchase must cover it (2303) and clears it. */
  arrears: number;
  minimumVend: number;
  maximumVend: number;
  fbeRegistered: boolean;
  blocked: boolean;
  customerName: string;
  tariffName: string;
  /** Cents per unit (kWh or kL), VAT inclusive. */
  centsPerUnit: number;
}

/** Test meters for the prepaid utilities lookup -> purchase flow. Unknown meter numbers answer 2310. */
export const SANDBOX_METERS = {
  /** Electricity, no arrears, registered for FBE. */
  electricity: '01234567890',
  /** Electricity with R50 arrears. */
  withArrears: '01234567891',
  /** Blocked from purchasing: 2311. */
  blocked: '01234567892',
  /** Electricity, not registered for Free Basic Electricity: 2306 when isFBE. */
  notFbe: '01234567893',
  /** Water, units in kL. */
  water: '01234567894',
} as const;

const M = SANDBOX_METERS;

export const SEED_METERS: readonly SeedMeter[] = [
  meter(M.electricity, 'electricity', 0, true, false, 'T. Mokoena', 'Homelight 20A', 250),
  meter(M.withArrears, 'electricity', 5_000, true, false, 'S. Naidoo', 'Homelight 60A', 280),
  meter(M.blocked, 'electricity', 0, false, true, 'J. Smith', 'Homelight 20A', 250),
  meter(M.notFbe, 'electricity', 0, false, false, 'A. Botha', 'Businessrate', 310),
  meter(M.water, 'water', 0, false, false, 'N. Dlamini', 'Domestic Water', 3_500),
];

function meter(
  meterNumber: string,
  kind: MeterKind,
  arrears: number,
  fbeRegistered: boolean,
  blocked: boolean,
  customerName: string,
  tariffName: string,
  centsPerUnit: number,
): SeedMeter {
  return {
    meterNumber,
    kind,
    arrears,
    minimumVend: 1_000,
    maximumVend: 500_000,
    fbeRegistered,
    blocked,
    customerName,
    tariffName,
    centsPerUnit,
  };
}

/**
 * MSISDNs for pinless recharge. Any well-formed number (11 digits starting 27) recharges; these
 * three are declined by the simulated network.
 */
export const SANDBOX_MSISDNS = {
  vodacom: '27821234567',
  mtn: '27831234567',
  /** 2335 Invalid MSISDN on the network. */
  invalidOnNetwork: '27000000001',
  /** 2337 Barred or deactivated MSISDN. */
  barred: '27000000002',
  /** 2368 MSISDN linked to a different network. */
  otherNetwork: '27000000003',
} as const;

/** Free Basic Electricity issues this many kWh once per meter (until reset). */
export const FBE_UNITS_KWH = 50;
