import type { Intent } from '@vendstream/contracts';
import type { FlashOperationName, FlashRequests } from '@vendstream/flash-client';
import { assertNever, RequestBuildError } from './errors.ts';

export type FlashCall = {
  [O in FlashOperationName]: { operation: O; request: FlashRequests[O] };
}[FlashOperationName];

export interface RequestContext {
  /** The Flash reference of this step (derived from the intent id; stable across retries). */
  reference: string;
  step: string;
  /** Responses of finished steps of this intent (e.g. the meter lookup `L`). */
  stepResponses: Record<string, unknown>;
  /** The result's provider response of an earlier intent this one refers to (cash-out-pin.cancel). */
  originalResponse?: Record<string, unknown> | undefined;
}

function withMetadata<T extends object>(request: T, metadata: Record<string, string> | undefined): T {
  return metadata === undefined ? request : { ...request, metadata };
}

/**
 * The Flash call of one step of an intent. A pure function of the intent, the step and what earlier
 * steps returned: the reconciler rebuilds exactly the request the worker sent, and Flash sees the
 * same body under the same reference (a different body would be refused with 2256).
 */
export function flashCallFor(intent: Intent, ctx: RequestContext): FlashCall {
  const { reference } = ctx;
  switch (intent.type) {
    case '1voucher.purchase':
    case '1voucher.disburse': {
      const { accountNumber, amount, metadata } = intent.data;
      return {
        operation: intent.type,
        request: withMetadata({ reference, accountNumber, amount }, metadata),
      };
    }
    case '1voucher.redeem': {
      const { accountNumber, amount, pin, mobileNumber, metadata } = intent.data;
      const request = { reference, accountNumber, amount, pin, ...(mobileNumber ? { mobileNumber } : {}) };
      return { operation: '1voucher.redeem', request: withMetadata(request, metadata) };
    }
    case '1voucher.refund': {
      const { accountNumber, amount, mobileNumber, metadata } = intent.data;
      const request = { reference, accountNumber, amount, ...(mobileNumber ? { mobileNumber } : {}) };
      return { operation: '1voucher.refund', request: withMetadata(request, metadata) };
    }
    case 'gift-voucher.purchase': {
      const { accountNumber, amount, productCode, storeId, terminalId, barcode, metadata } = intent.data;
      const request = {
        reference,
        accountNumber,
        amount,
        productCode,
        storeId,
        terminalId,
        ...(barcode ? { barcode } : {}),
      };
      return { operation: 'gift-voucher.purchase', request: withMetadata(request, metadata) };
    }
    case 'cash-out-pin.purchase':
    case 'eezi-voucher.purchase': {
      const { accountNumber, amount, productCode, metadata } = intent.data;
      return {
        operation: intent.type,
        request: withMetadata({ reference, accountNumber, amount, productCode }, metadata),
      };
    }
    case 'cash-out-pin.cancel': {
      const { accountNumber, productCode, metadata } = intent.data;
      const voucher = ctx.originalResponse?.voucher as { serialNumber?: unknown } | undefined;
      const serialNumber =
        intent.data.serialNumber ??
        (typeof voucher?.serialNumber === 'string' ? voucher.serialNumber : undefined);
      if (!serialNumber) {
        throw new RequestBuildError(
          'ORIGINAL_NOT_FOUND',
          'data.originalIntentId',
          `no serialNumber given and intent ${intent.data.originalIntentId} has no succeeded Cash Out PIN result`,
        );
      }
      return {
        operation: 'cash-out-pin.cancel',
        request: withMetadata({ reference, accountNumber, serialNumber, productCode }, metadata),
      };
    }
    case 'cellular.pinless.purchase': {
      const { accountNumber, amount, productCode, mobileNumber, metadata } = intent.data;
      return {
        operation: 'cellular.pinless.purchase',
        request: withMetadata({ reference, accountNumber, amount, productCode, mobileNumber }, metadata),
      };
    }
    case 'prepaid-utility.purchase': {
      const { accountNumber, amount, meterNumber, isFBE, metadata } = intent.data;
      const fbe = isFBE === undefined ? {} : { isFBE };
      if (ctx.step === 'L') {
        return {
          operation: 'prepaid-utility.lookup',
          request: withMetadata({ reference, accountNumber, amount, meterNumber, ...fbe }, metadata),
        };
      }
      const lookup = ctx.stepResponses.L as { transactionId?: unknown; transactionID?: unknown } | undefined;
      const transactionID = lookup?.transactionId ?? lookup?.transactionID;
      if (typeof transactionID !== 'string' && typeof transactionID !== 'number') {
        throw new RequestBuildError(
          'LOOKUP_MISSING',
          'data.meterNumber',
          'the meter lookup returned no transactionId',
        );
      }
      return {
        operation: 'prepaid-utility.purchase',
        request: withMetadata(
          { reference, accountNumber, amount, transactionID, meterNumber, ...fbe },
          metadata,
        ),
      };
    }
    default:
      return assertNever(intent, 'intent type');
  }
}

/** The Flash account an intent spends from: the rate-limit key. */
export function accountOf(intent: Intent): string {
  return intent.data.accountNumber;
}
