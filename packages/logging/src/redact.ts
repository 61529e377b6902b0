/**
 * Deep redaction of secrets by key name, at any depth.
 *
 * pino's `redact` option needs every path spelled out (`*.pin`, `*.*.pin`, ...), and provider
 * responses nest PINs and electricity tokens at varying depths, so we walk the object instead.
 * The walk only runs for objects that are actually logged, never on the hot path of a request.
 */

/**
 * Whole key names (compared lower-case, without `_` or `-`) whose values are secrets, beyond those
 * the endings below already catch (`pin`, `stsToken`, `consumerSecret`, `apiKey`, ...).
 */
const SENSITIVE_KEY_NAMES = new Set([
  'vouchernumber',
  'tokennumber',
  'authorization',
  'consumerkey',
  'encryptionkey',
]);

/**
 * Key-name endings that mark a secret whatever comes before them (`FLASH_CONSUMER_SECRET`,
 * `sealedPin`, `VEND_SEALING_KEYS`, `electricityToken`). Endings, not substrings: `pinless` and
 * `tokenType` are not secrets.
 */
const SENSITIVE_KEY_ENDINGS = [
  'secret',
  'password',
  'token',
  'tokens',
  'pin',
  'pins',
  'sealingkeys',
  'apikey',
];

export const REDACTED = '[redacted]';
export const TRUNCATED = '[truncated]';
const MAX_DEPTH = 12;

export function isSensitiveKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_]/g, '');
  return (
    SENSITIVE_KEY_NAMES.has(normalized) || SENSITIVE_KEY_ENDINGS.some((ending) => normalized.endsWith(ending))
  );
}

/**
 * Returns a copy of `value` with every sensitive key's value replaced by `[redacted]`.
 *
 * Errors become plain objects of their own: pino's `err` serializer would otherwise copy every
 * enumerable property unredacted, and an HTTP client's error carries the request (its
 * Authorization header and its JSON body, PINs included) in `options`, `request` and `response`.
 * Only the name, message, stack, code and primitive fields survive, and the cause, redacted too.
 * Anything nested deeper than a log line needs is cut rather than passed through unredacted.
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return TRUNCATED;
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  if (value instanceof Error) return redactError(value, depth);
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = isSensitiveKey(key) && inner !== undefined ? REDACTED : redactSecrets(inner, depth + 1);
  }
  return out;
}

function redactError(error: Error, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { type: error.name, message: error.message };
  if (error.stack !== undefined) out.stack = error.stack;
  for (const [key, inner] of Object.entries(error)) {
    if (isSensitiveKey(key)) out[key] = REDACTED;
    else if (inner === null || ['string', 'number', 'boolean'].includes(typeof inner)) out[key] = inner;
  }
  if (error.cause !== undefined) out.cause = redactSecrets(error.cause, depth + 1);
  return out;
}
