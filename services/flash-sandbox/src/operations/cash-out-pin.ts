import { Code, messageFor } from '../codes.ts';
import { findProduct } from '../state/catalogue.ts';
import * as v from '../validation.ts';
import {
  activeAccount,
  commit,
  Decline,
  iso,
  type OperationDef,
  successBase,
  voucherJson,
} from './common.ts';

/** The table calls the field `serial`, the example `serialNumber`: accept either. */
function serialOf(body: v.Body): string {
  return body.serial !== undefined ? v.alphanumeric(body, 'serial') : v.alphanumeric(body, 'serialNumber');
}

/** Cancel an unredeemed Cash Out PIN, once: the merchant gets the value back. */
export const cashOutPinCancel: OperationDef = {
  name: 'cash-out-pin.cancel',
  prepare(body) {
    const reference = v.reference(body);
    const accountNumber = v.alphanumeric(body, 'accountNumber');
    const serial = serialOf(body);
    const productCode = v.positiveInteger(body, 'productCode');
    const metadata = v.metadata(body);
    return {
      reference,
      run(ctx) {
        const account = activeAccount(ctx, accountNumber);
        const voucher = ctx.state.vouchers.bySerial(serial);
        if (voucher === undefined || voucher.kind !== 'cash-out-pin')
          throw new Decline(Code.VOUCHER_NOT_FOUND);
        if (voucher.productCode !== productCode) throw new Decline(Code.INVALID_PRODUCT_FOR_TRANSACTION);
        if (voucher.accountNumber !== accountNumber) throw new Decline(Code.INVALID_ACCOUNT_FOR_TRANSACTION);
        if (voucher.status === 'cancelled') throw new Decline(Code.VOUCHER_ALREADY_CANCELLED);
        if (voucher.status === 'reversed') throw new Decline(2413);
        if (voucher.status !== 'active') throw new Decline(2414);
        voucher.status = 'cancelled';
        account.balance += voucher.amount;
        const record = commit(ctx, {
          reference,
          operation: 'cash-out-pin.cancel',
          accountNumber,
          amount: voucher.amount,
          productCode,
          voucher,
        });
        return {
          status: 200,
          payload: {
            ...successBase(ctx, accountNumber, reference, voucher.amount, record.transactionId, metadata),
            voucher: voucherJson(voucher, false),
          },
        };
      },
    };
  },
};

/** Read-only status of a Cash Out PIN by serial (a later revision's endpoint); no reference needed. */
export const cashOutPinLookup: OperationDef = {
  name: 'cash-out-pin.lookup',
  prepare(body) {
    const serial = serialOf(body);
    const productCode = v.positiveInteger(body, 'productCode');
    const accountNumber = v.optionalAlphanumeric(body, 'accountNumber');
    return {
      reference: undefined,
      run(ctx) {
        if (accountNumber !== undefined) activeAccount(ctx, accountNumber);
        const product = findProduct(productCode);
        if (product === undefined) throw new Decline(Code.PRODUCT_NOT_FOUND);
        if (product.group !== 'cash-out-pin') throw new Decline(Code.INCORRECT_PRODUCT_CODE);
        const voucher = ctx.state.vouchers.bySerial(serial);
        if (voucher === undefined || voucher.kind !== 'cash-out-pin')
          throw new Decline(Code.VOUCHER_NOT_FOUND);
        if (voucher.productCode !== productCode) throw new Decline(Code.INVALID_PRODUCT_FOR_TRANSACTION);
        return {
          status: 200,
          payload: {
            responseCode: Code.OK,
            responseMessage: messageFor(Code.OK),
            serialNumber: voucher.serialNumber,
            productCode: voucher.productCode,
            amount: voucher.amount,
            status: voucher.status,
            expiryDate: iso(voucher.expiresAt),
          },
        };
      },
    };
  },
};
