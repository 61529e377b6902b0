import { Code } from '../codes.ts';
import { findProduct } from '../state/catalogue.ts';
import type { OperationName } from '../types.ts';
import * as v from '../validation.ts';
import { activeAccount, commit, Decline, type OperationDef, successBase } from './common.ts';

/**
 * Reversals (added after the draft): body `reference` (new), `originalReference`, `accountNumber`.
 * Only products with allowReversal, only vouchers not yet redeemed or cancelled, only once, and
 * only within the reversal window (2281).
 */
export function reversal(name: OperationName, reverses: readonly OperationName[]): OperationDef {
  return {
    name,
    prepare(body) {
      const reference = v.reference(body);
      const originalReference = v.reference(body, 'originalReference');
      const accountNumber = v.alphanumeric(body, 'accountNumber');
      const metadata = v.metadata(body);
      return {
        reference,
        run(ctx) {
          const account = activeAccount(ctx, accountNumber);
          const original = ctx.state.transactions.get(originalReference);
          if (original === undefined) throw new Decline(Code.TRANSACTION_NOT_FOUND);
          if (!reverses.includes(original.operation)) throw new Decline(Code.INVALID_ORIGINAL_STATUS);
          if (original.accountNumber !== accountNumber)
            throw new Decline(Code.INVALID_ACCOUNT_FOR_TRANSACTION);
          const product = original.productCode === undefined ? undefined : findProduct(original.productCode);
          if (product !== undefined && !product.allowReversal) throw new Decline(Code.REVERSAL_NOT_ALLOWED);
          if (original.reversed) throw new Decline(Code.REVERSAL_ALREADY_PROCESSED);
          if (ctx.now > original.at + ctx.state.reversalWindowMs) throw new Decline(Code.REVERSAL_TIME_LIMIT);
          const voucher = original.voucher;
          if (voucher !== undefined) {
            if (voucher.status === 'redeemed') throw new Decline(Code.VOUCHER_NOT_REVERSIBLE);
            if (voucher.status === 'cancelled') throw new Decline(Code.VOUCHER_ALREADY_CANCELLED);
            if (voucher.status === 'reversed') throw new Decline(Code.REVERSAL_ALREADY_PROCESSED);
            voucher.status = 'reversed';
          }
          original.reversed = true;
          account.balance += original.amount;
          const record = commit(ctx, {
            reference,
            operation: name,
            accountNumber,
            amount: original.amount,
            productCode: original.productCode,
            voucher: undefined,
          });
          return {
            status: 200,
            payload: {
              ...successBase(ctx, accountNumber, reference, original.amount, record.transactionId, metadata),
              originalReference,
              originalTransactionId: original.transactionId,
            },
          };
        },
      };
    },
  };
}
