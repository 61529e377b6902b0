import { Code } from '../codes.ts';
import type { SeedProduct } from '../seed.ts';
import {
  findProduct,
  isProductGroup,
  listProducts,
  PRODUCT_TYPE,
  productsInGroup,
} from '../state/catalogue.ts';
import { activeAccount, Decline, type OperationDef } from './common.ts';

/** The draft answers product queries with the bare list or object, without a responseCode. */

const CATALOGUE_DATE = '2023-03-15T09:07:02.246Z';

function summary(p: SeedProduct): Record<string, unknown> {
  return {
    productCode: p.productCode,
    productName: p.productName,
    minimumAmount: p.minimumAmount,
    maximumAmount: p.maximumAmount,
    status: p.active ? 'Active' : 'Inactive',
  };
}

function detail(p: SeedProduct): Record<string, unknown> {
  return {
    id: p.productCode,
    productCode: p.productCode,
    productName: p.productName,
    minimumAmount: p.minimumAmount,
    maximumAmount: p.maximumAmount,
    status: p.active ? 1 : 0,
    supplierName: p.supplierName,
    supplierCode: p.productCode * 10,
    vendorName: p.vendorName,
    vendorCode: p.productCode * 10 + 1,
    productType: PRODUCT_TYPE[p.group],
    productUPC: `600${p.productCode}`,
    redemptionInstructions: `Sandbox ${p.productName}.`,
    termsAndConditions: 'Sandbox product: no real value.',
    productParameters: { productGroup: p.group, allowReversal: String(p.allowReversal) },
    created: CATALOGUE_DATE,
    updated: CATALOGUE_DATE,
  };
}

export const productsList: OperationDef = {
  name: 'products.list',
  prepare(_body, params) {
    const accountNumber = params[0] ?? '';
    return {
      reference: undefined,
      run(ctx) {
        activeAccount(ctx, accountNumber, 404);
        return { status: 200, payload: listProducts().map(summary) };
      },
    };
  },
};

/** By productCode (the draft), or by product group (a later revision) when the segment is a group. */
export const productsLookup: OperationDef = {
  name: 'products.lookup',
  prepare(_body, params) {
    const accountNumber = params[0] ?? '';
    const key = params[1] ?? '';
    return {
      reference: undefined,
      run(ctx) {
        activeAccount(ctx, accountNumber, 404);
        if (isProductGroup(key)) return { status: 200, payload: productsInGroup(key).map(summary) };
        const product = /^\d+$/.test(key) ? findProduct(Number(key)) : undefined;
        if (product === undefined) throw new Decline(Code.PRODUCT_NOT_FOUND, 404);
        return { status: 200, payload: detail(product) };
      },
    };
  },
};
