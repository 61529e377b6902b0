import { Code } from '../codes.ts';
import { FBE_UNITS_KWH, SANDBOX_PRODUCTS } from '../seed.ts';
import type { MeterState } from '../state/meters.ts';
import * as v from '../validation.ts';
import {
  activeAccount,
  checkBalance,
  commit,
  Decline,
  type OpContext,
  type OperationDef,
  successBase,
} from './common.ts';

/**
 * Prepaid electricity and water. The draft's two steps: lookup (checks meter, FBE and amount, and
 * returns a transactionId) then purchase with that `transactionID`, once. The 2024 form of the
 * purchase sends `meterNumber` (+ `isFBE`) instead and does the lookup's checks itself.
 */

const METER_NUMBER = /^(\d{11}|\d{13})$/;

function checkMeter(ctx: OpContext, meterNumber: string, isFBE: boolean, amount: number): MeterState {
  if (!METER_NUMBER.test(meterNumber)) throw new Decline(Code.METER_INVALID);
  const meter = ctx.state.meters.get(meterNumber);
  if (meter === undefined) throw new Decline(Code.METER_NOT_REGISTERED);
  if (meter.seed.blocked) throw new Decline(Code.METER_BLOCKED);
  if (isFBE) {
    if (!meter.seed.fbeRegistered) throw new Decline(Code.METER_NOT_FBE);
    if (amount > 0) throw new Decline(Code.FBE_AMOUNT_NOT_ZERO);
    if (meter.fbeIssued) throw new Decline(Code.FBE_ALREADY_ISSUED);
    return meter;
  }
  if (amount < meter.arrears) throw new Decline(Code.AMOUNT_LESS_THAN_ARREARS);
  if (amount < meter.seed.minimumVend || amount > meter.seed.maximumVend) throw new Decline(2307);
  return meter;
}

function billingInfo(meter: MeterState): Record<string, unknown> {
  return {
    arrearValue: meter.arrears,
    arrearDesc: meter.arrears > 0 ? 'Municipal arrears' : 'No arrears',
    maximumVendValue: meter.seed.maximumVend,
    minimumVendValue: meter.seed.minimumVend,
    tariffName: meter.seed.tariffName,
  };
}

function meterInfo(meter: MeterState): Record<string, unknown> {
  return {
    algorithmCode: '07',
    customerInfo: { address: '1 Sandbox Street, Johannesburg', name: meter.seed.customerName },
    keyRevisionNumber: '1',
    meterNumber: meter.seed.meterNumber,
    supplyGroupCode: '600675',
    tariffIndex: '01',
    tokenTechnology: '02',
    utilityInfo: {
      address: '1 Utility Road, Johannesburg',
      callCentre: '0860 000 000',
      name: meter.seed.kind === 'water' ? 'Sandbox Water' : 'Sandbox Power',
      vatNumber: '4000000000',
    },
  };
}

export const prepaidUtilityLookup: OperationDef = {
  name: 'prepaid-utility.lookup',
  prepare(body) {
    const reference = v.reference(body);
    const accountNumber = v.alphanumeric(body, 'accountNumber');
    const amount = v.amount(body);
    const meterNumber = v.alphanumeric(body, 'meterNumber');
    const isFBE = v.optionalBoolean(body, 'isFBE') ?? false;
    const metadata = v.metadata(body);
    return {
      reference,
      run(ctx) {
        activeAccount(ctx, accountNumber);
        const meter = checkMeter(ctx, meterNumber, isFBE, amount);
        const transactionId = ctx.state.ids.transactionId();
        ctx.state.meters.addLookup({ transactionId, accountNumber, meterNumber, isFBE, used: false });
        return {
          status: 200,
          payload: {
            ...successBase(ctx, accountNumber, reference, amount, transactionId, metadata),
            billingInfo: billingInfo(meter),
            meterInfo: meterInfo(meter),
            isFBE,
          },
        };
      },
    };
  },
};

export const prepaidUtilityPurchase: OperationDef = {
  name: 'prepaid-utility.purchase',
  prepare(body) {
    const reference = v.reference(body);
    const accountNumber = v.alphanumeric(body, 'accountNumber');
    const amount = v.amount(body);
    const lookupId =
      body.transactionID === undefined ? undefined : String(v.positiveInteger(body, 'transactionID'));
    const directMeter = lookupId === undefined ? v.alphanumeric(body, 'meterNumber') : undefined;
    const directFBE = v.optionalBoolean(body, 'isFBE') ?? false;
    const metadata = v.metadata(body);
    return {
      reference,
      run(ctx) {
        const account = activeAccount(ctx, accountNumber);
        let meterNumber = directMeter ?? '';
        let isFBE = directFBE;
        const lookup = lookupId === undefined ? undefined : ctx.state.meters.lookup(lookupId);
        if (lookupId !== undefined) {
          if (lookup === undefined) throw new Decline(Code.TRANSACTION_NOT_FOUND);
          if (lookup.accountNumber !== accountNumber) throw new Decline(Code.INVALID_ACCOUNT_FOR_TRANSACTION);
          if (lookup.used) throw new Decline(Code.ALREADY_PROCESSED);
          meterNumber = lookup.meterNumber;
          isFBE = lookup.isFBE;
        }
        const meter = checkMeter(ctx, meterNumber, isFBE, amount);
        checkBalance(account, amount);
        const billing = billingInfo(meter);
        const arrearsPaid = isFBE ? 0 : meter.arrears;
        const value = amount - arrearsPaid;
        const tax = Math.round((value * 15) / 115);
        const water = meter.seed.kind === 'water';
        const quantity = isFBE ? FBE_UNITS_KWH : Math.round((value / meter.seed.centsPerUnit) * 10) / 10;
        account.balance -= amount;
        meter.arrears -= arrearsPaid;
        if (isFBE) meter.fbeIssued = true;
        if (lookup !== undefined) lookup.used = true;
        const productCode = water ? SANDBOX_PRODUCTS.water : SANDBOX_PRODUCTS.electricity;
        const record = commit(ctx, {
          reference,
          operation: 'prepaid-utility.purchase',
          accountNumber,
          amount,
          productCode,
          voucher: undefined,
        });
        return {
          status: 200,
          payload: {
            ...successBase(ctx, accountNumber, reference, amount, record.transactionId, metadata),
            billingInfo: billing,
            debt: {
              value: arrearsPaid,
              description: arrearsPaid > 0 ? 'Arrears recovered' : 'No arrears',
              outstanding: (meter.arrears / 100).toFixed(2),
              tariffDescription: meter.seed.tariffName,
              tax: 0,
              taxInvoiceNumber: `INV${record.transactionId}`,
            },
            fixedCost: [],
            meterInfo: meterInfo(meter),
            tariffBlocks: [{ name: meter.seed.tariffName }],
            tokens: [
              {
                value,
                tariffDescription: meter.seed.tariffName,
                tariffName: meter.seed.tariffName,
                tax: isFBE ? 0 : tax,
                token: ctx.state.meters.newToken(),
                tokenDescription: isFBE
                  ? 'Free Basic Electricity'
                  : water
                    ? 'Water credit'
                    : 'Electricity credit',
                type: isFBE ? 'FBE' : 'STANDARD',
                units: {
                  description: water ? 'Kilolitres' : 'Kilowatt hours',
                  quantity,
                  unitType: water ? 'kL' : 'kWh',
                },
              },
            ],
            isFBE,
          },
        };
      },
    };
  },
};
