import { Code } from '../codes.ts';
import { SANDBOX_PRODUCTS } from '../seed.ts';
import { findProduct } from '../state/catalogue.ts';
import type { OperationName } from '../types.ts';
import * as v from '../validation.ts';
import {
  activeAccount,
  checkBalance,
  commit,
  Decline,
  type OperationDef,
  productFor,
  successBase,
  voucherJson,
} from './common.ts';
import { reversal } from './reversal.ts';

/** Purchase and disburse differ only in name and product: the merchant pays, a 1Voucher is issued. */
function issue(name: OperationName, productCode: number): OperationDef {
  return {
    name,
    prepare(body) {
      const reference = v.reference(body);
      const accountNumber = v.alphanumeric(body, 'accountNumber');
      const amount = v.amount(body);
      const metadata = v.metadata(body);
      return {
        reference,
        run(ctx) {
          const account = activeAccount(ctx, accountNumber);
          productFor(productCode, '1voucher', amount);
          checkBalance(account, amount);
          account.balance -= amount;
          const voucher = ctx.state.vouchers.issue('1voucher', amount, productCode, accountNumber, ctx.now);
          const record = commit(ctx, {
            reference,
            operation: name,
            accountNumber,
            amount,
            productCode,
            voucher,
          });
          return {
            status: 200,
            payload: {
              ...successBase(ctx, accountNumber, reference, amount, record.transactionId, metadata),
              voucher: voucherJson(voucher),
            },
          };
        },
      };
    },
  };
}

export const oneVoucherPurchase = issue('1voucher.purchase', SANDBOX_PRODUCTS.oneVoucher);
export const oneVoucherDisburse = issue('1voucher.disburse', SANDBOX_PRODUCTS.oneVoucherDisbursement);

/**
 * Redeem a customer's 1Voucher: the merchant is credited. Amount 0 redeems the full value; less
 * than the value issues a change voucher for the rest (returned in the response, or "sent by SMS"
 * when mobileNumber is given: then the response carries the change voucher without its PIN).
 */
export const oneVoucherRedeem: OperationDef = {
  name: '1voucher.redeem',
  prepare(body) {
    const reference = v.reference(body);
    const accountNumber = v.alphanumeric(body, 'accountNumber');
    const pin = v.pin(body);
    const amount = v.amount(body);
    const mobileNumber = v.msisdn(body, 'mobileNumber', false);
    const metadata = v.metadata(body);
    return {
      reference,
      run(ctx) {
        const account = activeAccount(ctx, accountNumber);
        const voucher = ctx.state.vouchers.byPin(pin);
        if (voucher === undefined || voucher.kind !== '1voucher') throw new Decline(Code.VOUCHER_NOT_FOUND);
        if (voucher.status === 'redeemed') throw new Decline(Code.VOUCHER_USED);
        if (voucher.status !== 'active') throw new Decline(Code.VOUCHER_CANCELLED);
        if (ctx.now >= voucher.expiresAt) throw new Decline(Code.VOUCHER_EXPIRED);
        if (amount > voucher.amount) throw new Decline(Code.AMOUNT_TOO_LARGE);
        const redeemed = amount === 0 ? voucher.amount : amount;
        voucher.status = 'redeemed';
        account.balance += redeemed;
        const change =
          redeemed < voucher.amount
            ? ctx.state.vouchers.issue(
                '1voucher',
                voucher.amount - redeemed,
                voucher.productCode,
                voucher.accountNumber,
                ctx.now,
              )
            : undefined;
        const record = commit(ctx, {
          reference,
          operation: '1voucher.redeem',
          accountNumber,
          amount: redeemed,
          productCode: voucher.productCode,
          voucher,
        });
        const payload = successBase(ctx, accountNumber, reference, redeemed, record.transactionId, metadata);
        if (change !== undefined) payload.voucher = voucherJson(change, mobileNumber === undefined);
        return { status: 200, payload };
      },
    };
  },
};

/**
 * Refund a redemption: the merchant pays the amount back as a new 1Voucher. The draft names no
 * original; as an extension, `originalReference` (the redeem's reference) is checked when given:
 * same account, same amount (2410), refunded once (2248).
 */
export const oneVoucherRefund: OperationDef = {
  name: '1voucher.refund',
  prepare(body) {
    const reference = v.reference(body);
    const accountNumber = v.alphanumeric(body, 'accountNumber');
    const amount = v.amount(body);
    const mobileNumber = v.msisdn(body, 'mobileNumber', false);
    const originalReference =
      body.originalReference === undefined ? undefined : v.reference(body, 'originalReference');
    const metadata = v.metadata(body);
    return {
      reference,
      run(ctx) {
        const account = activeAccount(ctx, accountNumber);
        const product = findProduct(SANDBOX_PRODUCTS.oneVoucher);
        if (amount <= 0 || (product !== undefined && amount > product.maximumAmount)) {
          throw new Decline(Code.INVALID_AMOUNT_FOR_PRODUCT);
        }
        const original =
          originalReference === undefined ? undefined : ctx.state.transactions.get(originalReference);
        if (originalReference !== undefined) {
          if (original === undefined) throw new Decline(Code.TRANSACTION_NOT_FOUND);
          if (original.operation !== '1voucher.redeem') throw new Decline(Code.INVALID_ORIGINAL_STATUS);
          if (original.accountNumber !== accountNumber)
            throw new Decline(Code.INVALID_ACCOUNT_FOR_TRANSACTION);
          if (original.amount !== amount) throw new Decline(Code.REFUND_AMOUNT_MISMATCH);
          if (original.refunded) throw new Decline(Code.ALREADY_PROCESSED);
        }
        checkBalance(account, amount);
        account.balance -= amount;
        if (original !== undefined) original.refunded = true;
        const productCode = SANDBOX_PRODUCTS.oneVoucher;
        const voucher = ctx.state.vouchers.issue('1voucher', amount, productCode, accountNumber, ctx.now);
        const record = commit(ctx, {
          reference,
          operation: '1voucher.refund',
          accountNumber,
          amount,
          productCode,
          voucher,
        });
        return {
          status: 200,
          payload: {
            ...successBase(ctx, accountNumber, reference, amount, record.transactionId, metadata),
            voucher: voucherJson(voucher, mobileNumber === undefined),
          },
        };
      },
    };
  },
};

export const oneVoucherReverse = reversal('1voucher.reverse', ['1voucher.purchase', '1voucher.disburse']);
