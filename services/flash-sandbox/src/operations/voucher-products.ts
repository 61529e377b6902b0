import type { ProductGroup } from '../seed.ts';
import type { VoucherKind } from '../state/vouchers.ts';
import type { OperationName } from '../types.ts';
import * as v from '../validation.ts';
import {
  activeAccount,
  checkBalance,
  commit,
  type OperationDef,
  productFor,
  successBase,
  voucherJson,
} from './common.ts';
import { reversal } from './reversal.ts';

/** Purchase of a PIN-based product chosen by productCode: gift vouchers, Cash Out PINs, Eezi vouchers. */
function voucherPurchase(
  name: OperationName,
  kind: VoucherKind & ProductGroup,
  validateExtra: (body: v.Body) => void = () => {},
): OperationDef {
  return {
    name,
    prepare(body) {
      const reference = v.reference(body);
      const accountNumber = v.alphanumeric(body, 'accountNumber');
      const amount = v.amount(body);
      const productCode = v.positiveInteger(body, 'productCode');
      validateExtra(body);
      const metadata = v.metadata(body);
      return {
        reference,
        run(ctx) {
          const account = activeAccount(ctx, accountNumber);
          productFor(productCode, kind, amount);
          checkBalance(account, amount);
          account.balance -= amount;
          const voucher = ctx.state.vouchers.issue(kind, amount, productCode, accountNumber, ctx.now);
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

export const giftVoucherPurchase = voucherPurchase('gift-voucher.purchase', 'gift-voucher', (body) => {
  v.alphanumeric(body, 'storeId');
  v.alphanumeric(body, 'terminalId');
  v.optionalAlphanumeric(body, 'barcode');
});

export const eeziVoucherPurchase = voucherPurchase('eezi-voucher.purchase', 'eezi-voucher');
export const eeziVoucherReverse = reversal('eezi-voucher.reverse', ['eezi-voucher.purchase']);

export const cashOutPinPurchase = voucherPurchase('cash-out-pin.purchase', 'cash-out-pin');
export const cashOutPinReverse = reversal('cash-out-pin.reverse', ['cash-out-pin.purchase']);
