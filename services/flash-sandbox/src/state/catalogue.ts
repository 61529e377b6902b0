import { type ProductGroup, SEED_PRODUCTS, type SeedProduct } from '../seed.ts';

const BY_CODE = new Map<number, SeedProduct>(SEED_PRODUCTS.map((p) => [p.productCode, p]));

export function findProduct(productCode: number): SeedProduct | undefined {
  return BY_CODE.get(productCode);
}

export function listProducts(): readonly SeedProduct[] {
  return SEED_PRODUCTS;
}

export function productsInGroup(group: string): SeedProduct[] {
  return SEED_PRODUCTS.filter((p) => p.group === group);
}

export function isProductGroup(value: string): value is ProductGroup {
  return SEED_PRODUCTS.some((p) => p.group === value);
}

/** Numeric product type per group, as the lookup's `productType` field. */
export const PRODUCT_TYPE: Readonly<Record<ProductGroup, number>> = {
  '1voucher': 1,
  'gift-voucher': 2,
  'cash-out-pin': 3,
  cellular: 4,
  'eezi-voucher': 5,
  'prepaid-utility': 6,
};
