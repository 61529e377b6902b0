import { Code, messageFor } from '../codes.ts';
import type { ProductGroup, SeedProduct } from '../seed.ts';
import type { Account } from '../state/accounts.ts';
import { findProduct } from '../state/catalogue.ts';
import type { SandboxState } from '../state/sandbox-state.ts';
import type { TransactionRecord } from '../state/transactions.ts';
import type { Voucher } from '../state/vouchers.ts';
import type { OperationName } from '../types.ts';
import type { Body } from '../validation.ts';

export interface OpContext {
  readonly state: SandboxState;
  readonly now: number;
  /** The path as received, echoed in error bodies. */
  readonly path: string;
}

export interface OpResult {
  readonly status: number;
  readonly payload: unknown;
}

/** A validated request, ready to run. Validation happens before idempotency; running, after. */
export interface Prepared {
  readonly reference: string | undefined;
  run(ctx: OpContext): OpResult;
}

export interface OperationDef {
  readonly name: OperationName;
  /** Throws ValidationError. `params` are the path parameters (GET routes). */
  prepare(body: Body, params: readonly string[]): Prepared;
}

/**
 * A business decline. Thrown before any state has changed, so an operation reads as a list of
 * checks followed by its effect; the server turns it into the error body.
 */
export class Decline extends Error {
  readonly code: number;
  readonly status: number;
  constructor(code: number, status = 400) {
    super(messageFor(code));
    this.name = 'Decline';
    this.code = code;
    this.status = status;
  }
}

/** The error body of later revisions. */
export function errorBody(
  code: number,
  reference: string | undefined,
  transactionId: string | null,
  path: string,
): Record<string, unknown> {
  return {
    responseCode: code,
    responseMessage: messageFor(code),
    reference: reference ?? null,
    transactionId,
    path,
  };
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function activeAccount(ctx: OpContext, accountNumber: string, notFoundStatus = 400): Account {
  const account = ctx.state.accounts.get(accountNumber);
  if (account === undefined) throw new Decline(Code.ACCOUNT_NOT_FOUND, notFoundStatus);
  if (account.status !== 'active') throw new Decline(Code.ACCOUNT_INACTIVE);
  return account;
}

export function productFor(productCode: number, group: ProductGroup, amount: number): SeedProduct {
  const product = findProduct(productCode);
  if (product === undefined) throw new Decline(Code.PRODUCT_NOT_FOUND);
  if (product.group !== group) throw new Decline(Code.INCORRECT_PRODUCT_CODE);
  if (!product.active) throw new Decline(Code.INVALID_PRODUCT);
  checkAmount(product, amount);
  return product;
}

export function checkAmount(product: SeedProduct, amount: number): void {
  if (product.minimumAmount === product.maximumAmount) {
    if (amount !== product.minimumAmount) throw new Decline(Code.INVALID_VALUE_FOR_PRODUCT);
  } else if (amount < product.minimumAmount || amount > product.maximumAmount) {
    throw new Decline(Code.INVALID_AMOUNT_FOR_PRODUCT);
  }
}

export function checkBalance(account: Account, amount: number): void {
  if (account.balance < amount) throw new Decline(Code.INSUFFICIENT_BALANCE);
}

export interface EffectInput {
  readonly reference: string;
  readonly operation: OperationName;
  readonly accountNumber: string;
  readonly amount: number;
  readonly productCode: number | undefined;
  readonly voucher: Voucher | undefined;
}

/** Records a committed effect: the transaction (for reversals) and the ledger entry. */
export function commit(ctx: OpContext, input: EffectInput): TransactionRecord {
  const record: TransactionRecord = {
    ...input,
    transactionId: ctx.state.ids.transactionId(),
    at: ctx.now,
    reversed: false,
    refunded: false,
  };
  ctx.state.transactions.add(record);
  ctx.state.ledger.record(
    input.productCode === undefined
      ? {
          reference: input.reference,
          operation: input.operation,
          accountNumber: input.accountNumber,
          amount: input.amount,
          transactionId: record.transactionId,
          at: iso(ctx.now),
        }
      : {
          reference: input.reference,
          operation: input.operation,
          accountNumber: input.accountNumber,
          amount: input.amount,
          transactionId: record.transactionId,
          productCode: input.productCode,
          at: iso(ctx.now),
        },
  );
  return record;
}

/** The fields every successful transaction response starts with, in the seed's order. */
export function successBase(
  ctx: OpContext,
  accountNumber: string,
  reference: string,
  amount: number,
  transactionId: string,
  metadata: Record<string, string> | undefined,
  metadataKey: 'metadata' | 'metaData' = 'metadata',
): Record<string, unknown> {
  return {
    responseCode: Code.OK,
    responseMessage: messageFor(Code.OK),
    accountNumber,
    reference,
    amount,
    transactionDate: iso(ctx.now),
    transactionId,
    [metadataKey]: metadata ?? {},
  };
}

const CONTENT: Readonly<Record<string, { redemptionInstructions: string; termsAndConditions: string }>> = {
  '1voucher': {
    redemptionInstructions: 'Redeem this 1Voucher at any participating online merchant or Flash trader.',
    termsAndConditions: 'Sandbox voucher: no real value. Valid for 3 years from purchase.',
  },
  'gift-voucher': {
    redemptionInstructions: 'Present this code at checkout.',
    termsAndConditions: 'Sandbox gift voucher: no real value.',
  },
  'cash-out-pin': {
    redemptionInstructions: 'Withdraw cash at a participating ATM with this PIN.',
    termsAndConditions: 'Sandbox Cash Out PIN: no real value.',
  },
  'eezi-voucher': {
    redemptionInstructions: 'Dial the recharge code followed by this PIN.',
    termsAndConditions: 'Sandbox Eezi voucher: no real value.',
  },
};

export function voucherJson(voucher: Voucher, withPin = true): Record<string, unknown> {
  const out: Record<string, unknown> = {
    amount: voucher.amount,
    expiryDate: iso(voucher.expiresAt),
  };
  if (withPin) out.pin = voucher.pin;
  out.serialNumber = voucher.serialNumber;
  out.content = CONTENT[voucher.kind];
  return out;
}
