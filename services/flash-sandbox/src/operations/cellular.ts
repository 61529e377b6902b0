import { Code } from '../codes.ts';
import { SANDBOX_MSISDNS } from '../seed.ts';
import * as v from '../validation.ts';
import {
  activeAccount,
  checkBalance,
  commit,
  Decline,
  type OperationDef,
  productFor,
  successBase,
} from './common.ts';

const NETWORK_DECLINES: ReadonlyMap<string, number> = new Map([
  [SANDBOX_MSISDNS.invalidOnNetwork, Code.MSISDN_INVALID_ON_NETWORK],
  [SANDBOX_MSISDNS.barred, Code.MSISDN_BARRED],
  [SANDBOX_MSISDNS.otherNetwork, Code.MSISDN_OTHER_NETWORK],
]);

/**
 * Pinless airtime straight onto a phone. The draft's table names the account `subAccountNumber`,
 * its example `accountNumber`: accept either. The response uses the example's `metaData` spelling.
 */
export const cellularPinlessPurchase: OperationDef = {
  name: 'cellular.pinless.purchase',
  prepare(body) {
    const reference = v.reference(body);
    const accountField = body.subAccountNumber !== undefined ? 'subAccountNumber' : 'accountNumber';
    const accountNumber = v.alphanumeric(body, accountField);
    const amount = v.amount(body);
    const productCode = v.positiveInteger(body, 'productCode');
    const mobileNumber = v.msisdn(body, 'mobileNumber', true) ?? '';
    const metadata = v.metadata(body);
    return {
      reference,
      run(ctx) {
        const account = activeAccount(ctx, accountNumber);
        const product = productFor(productCode, 'cellular', amount);
        const networkDecline = NETWORK_DECLINES.get(mobileNumber);
        if (networkDecline !== undefined) throw new Decline(networkDecline);
        checkBalance(account, amount);
        account.balance -= amount;
        const record = commit(ctx, {
          reference,
          operation: 'cellular.pinless.purchase',
          accountNumber,
          amount,
          productCode,
          voucher: undefined,
        });
        return {
          status: 200,
          payload: {
            ...successBase(ctx, accountNumber, reference, amount, record.transactionId, metadata, 'metaData'),
            mobileNumber,
            rechargeDetails: {
              rechargeType: 'Pinless',
              callCentre: '0800 000 000',
              rechargeVendor: product.vendorName,
            },
          },
        };
      },
    };
  },
};
