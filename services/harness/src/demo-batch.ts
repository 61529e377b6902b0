import { randomBytes } from 'node:crypto';
import type { IntentType } from '@vendstream/contracts';
import {
  SANDBOX_ACCOUNTS,
  SANDBOX_METERS,
  SANDBOX_MSISDNS,
  SANDBOX_PRODUCTS,
} from '@vendstream/flash-sandbox';

/**
 * Faults a demo intent carries, through the sandbox's magic references (a reference containing
 * `sbx-<fault>` triggers it once; the reconciler's resend with the same reference then gets through).
 */
export const DEMO_FAULTS = ['sbx-drop', 'sbx-hang', 'sbx-http503', 'sbx-refuse', 'sbx-slow1500'] as const;
export type DemoFault = (typeof DEMO_FAULTS)[number];

export interface DemoIntent {
  /** The CloudEvents JSON as published. */
  event: Record<string, unknown>;
  id: string;
  type: IntentType;
  fault?: DemoFault;
  /** Declined by the sandbox on purpose (a final failure, nothing sold). */
  expectDeclined?: boolean;
}

export interface DemoBatch {
  batchId: string;
  intents: DemoIntent[];
  /** Messages that are not valid intents: each must come back `rejected`, naming its fields. */
  invalid: { key: string; value: string; expectIssueField: string }[];
}

export interface DemoBatchOptions {
  count: number;
  /** Share of intents that carry a fault. Default 0.04. */
  faultRatio?: number;
  /** Share of intents the sandbox declines (insufficient balance, barred MSISDN). Default 0.01. */
  declineRatio?: number;
  /** Invalid messages added to the batch. Default 5. */
  invalidCount?: number;
  /** Only these types (default: the whole mix). */
  types?: IntentType[];
  random?: () => number;
}

const MIX: { type: IntentType; weight: number }[] = [
  { type: '1voucher.purchase', weight: 50 },
  { type: '1voucher.disburse', weight: 10 },
  { type: 'cellular.pinless.purchase', weight: 15 },
  { type: 'gift-voucher.purchase', weight: 5 },
  { type: 'eezi-voucher.purchase', weight: 5 },
  { type: 'cash-out-pin.purchase', weight: 5 },
  { type: 'prepaid-utility.purchase', weight: 10 },
];

function weightedType(mix: { type: IntentType; weight: number }[], roll: number): IntentType {
  let rest = roll;
  for (const entry of mix) {
    rest -= entry.weight;
    if (rest < 0) return entry.type;
  }
  return mix[0]?.type ?? '1voucher.purchase';
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

function dataFor(type: IntentType, declined: boolean, random: () => number): Record<string, unknown> {
  const accountNumber =
    declined && type !== 'cellular.pinless.purchase'
      ? SANDBOX_ACCOUNTS.empty.accountNumber
      : SANDBOX_ACCOUNTS.main.accountNumber;
  const amount = (50 + Math.floor(random() * 100)) * 100;
  switch (type) {
    case '1voucher.purchase':
    case '1voucher.disburse':
      return { accountNumber, amount };
    case 'cellular.pinless.purchase':
      return {
        accountNumber,
        amount,
        productCode: SANDBOX_PRODUCTS.vodacomAirtime,
        mobileNumber: declined ? SANDBOX_MSISDNS.barred : SANDBOX_MSISDNS.vodacom,
      };
    case 'gift-voucher.purchase':
      return {
        accountNumber,
        amount,
        productCode: SANDBOX_PRODUCTS.takealotGift,
        storeId: 'store1',
        terminalId: 'till7',
      };
    case 'eezi-voucher.purchase':
      return { accountNumber, amount, productCode: SANDBOX_PRODUCTS.eeziAirtime };
    case 'cash-out-pin.purchase':
      return { accountNumber, amount, productCode: SANDBOX_PRODUCTS.cashOutPin };
    case 'prepaid-utility.purchase':
      return { accountNumber, amount: amount * 2, meterNumber: SANDBOX_METERS.electricity };
    default:
      throw new Error(`the demo batch does not generate ${type}`);
  }
}

/** A mixed batch like a disbursement run: mostly 1Vouchers, some airtime and electricity, a few faults. */
export function generateDemoBatch(options: DemoBatchOptions): DemoBatch {
  const random = options.random ?? Math.random;
  const batchId = `b${randomBytes(3).toString('hex')}`;
  const faultRatio = options.faultRatio ?? 0.04;
  const declineRatio = options.declineRatio ?? 0.01;
  const mix = options.types ? MIX.filter((m) => options.types?.includes(m.type)) : MIX;
  const totalWeight = mix.reduce((sum, m) => sum + m.weight, 0);
  const intents: DemoIntent[] = [];
  for (let n = 0; n < options.count; n++) {
    const type = weightedType(mix, random() * totalWeight);
    const fault = random() < faultRatio ? pick(DEMO_FAULTS, random) : undefined;
    const declined = !fault && random() < declineRatio;
    const id = `${batchId}-${String(n).padStart(6, '0')}${fault ? `-${fault}` : ''}`;
    intents.push({
      id,
      type,
      ...(fault ? { fault } : {}),
      ...(declined ? { expectDeclined: true } : {}),
      event: {
        specversion: '1.0',
        id,
        source: 'urn:vendstream:demo',
        type,
        time: new Date().toISOString(),
        datacontenttype: 'application/json',
        batchid: batchId,
        data: dataFor(type, declined, random),
      },
    });
  }
  const invalidCount = options.invalidCount ?? 5;
  const invalidKinds = (i: number) => [
    { value: '{"specversion":"1.0", not json', expectIssueField: '' },
    {
      value: JSON.stringify({
        specversion: '1.0',
        id: `${batchId}-bad-type-${i}`,
        source: 'urn:x',
        type: 'gold.purchase',
        data: {},
      }),
      expectIssueField: 'type',
    },
    {
      value: JSON.stringify({
        specversion: '1.0',
        id: `${batchId}-bad-amount-${i}`,
        source: 'urn:x',
        type: '1voucher.purchase',
        data: { accountNumber: SANDBOX_ACCOUNTS.main.accountNumber, amount: 12.5 },
      }),
      expectIssueField: 'data.amount',
    },
    {
      value: JSON.stringify({
        specversion: '1.0',
        id: `${batchId}-bad-msisdn-${i}`,
        source: 'urn:x',
        type: 'cellular.pinless.purchase',
        data: { accountNumber: '8000000001', amount: 1000, productCode: 51001, mobileNumber: '0821234567' },
      }),
      expectIssueField: 'data.mobileNumber',
    },
    {
      value: JSON.stringify({ specversion: '1.0', id: `${batchId}-oversize-${i}`, pad: 'x'.repeat(70_000) }),
      expectIssueField: '',
    },
  ];
  const invalid = Array.from({ length: invalidCount }, (_, i) => {
    const kinds = invalidKinds(i);
    const kind = kinds[i % kinds.length];
    return {
      key: `${batchId}-invalid-${i}`,
      value: kind?.value ?? '',
      expectIssueField: kind?.expectIssueField ?? '',
    };
  });
  return { batchId, intents, invalid };
}
