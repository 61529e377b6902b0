import { z } from 'zod';

/**
 * Field formats from Flash Partner API v4 (draft 2023-03). Shared by every intent type so a format
 * is written once and the JSON Schema export carries the same rules.
 */

/** Intent ids become Flash references (see `deriveReference`), so they must be bounded. */
export const intentIdSchema = z.string().min(1).max(200);

/** ZAR amount in cents: the provider takes integers only. */
export const amountCentsSchema = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

/** A Flash-assigned product identifier. */
export const productCodeSchema = z.int().positive().max(Number.MAX_SAFE_INTEGER);

/** Flash documents account numbers as "alphanumeric". */
export const accountNumberSchema = z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'must be 1-64 letters or digits');

export const alphanumericSchema = z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'must be 1-64 letters or digits');

/** A voucher PIN: exactly 16 digits. */
export const pinSchema = z.string().regex(/^\d{16}$/, 'must be exactly 16 digits');

/** South African MSISDN: 11 digits, country code 27, no leading 0. */
export const msisdnSchema = z
  .string()
  .regex(/^27\d{9}$/, 'must be 11 digits starting with 27 (no leading 0)');

/** Flash metadata: up to 9 properties, names up to 10 characters, values up to 43 characters. */
export const metadataSchema = z
  .record(z.string().min(1).max(10), z.string().max(43))
  .refine((value) => Object.keys(value).length <= 9, { message: 'must have at most 9 properties' })
  // The refine is invisible to JSON Schema; say the same thing there.
  .meta({ maxProperties: 9 });

/** Prepaid utility meter numbers: Flash says alphanumeric. */
export const meterNumberSchema = z.string().regex(/^[A-Za-z0-9]{1,32}$/, 'must be 1-32 letters or digits');
