/**
 * Deep redaction of secrets by key name, at any depth.
 *
 * pino's `redact` option needs every path spelled out (`*.pin`, `*.*.pin`, ...), and provider
 * responses nest PINs and electricity tokens at varying depths, so we walk the object instead.
 * The walk only runs for objects that are actually logged, never on the hot path of a request.
 */

/** Key names (compared lower-case, without `_` or `-`) whose values are secrets. */
const SENSITIVE_KEY_NAMES = new Set([
  'pin',
  'pins',
  'vouchernumber',
  'voucherpin',
  'token',
  'tokens',
  'stdtoken',
  'ststoken',
  'keychangetoken',
  'tokennumber',
  'accesstoken',
  'refreshtoken',
  'authorization',
  'consumerkey',
  'consumersecret',
  'clientsecret',
  'password',
  'secret',
  'encryptionkey',
  'apikey',
]);

export const REDACTED = '[redacted]';

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY_NAMES.has(key.toLowerCase().replace(/[-_]/g, ''));
}

/** Returns a copy of `value` with every sensitive key's value replaced by `[redacted]`. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 12 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  if (value instanceof Error) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = isSensitiveKey(key) && inner !== undefined ? REDACTED : redactSecrets(inner, depth + 1);
  }
  return out;
}
