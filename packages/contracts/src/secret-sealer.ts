import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SecretSealerError } from './errors.ts';

/**
 * Field-level encryption of secrets (voucher PINs, electricity tokens) inside JSON objects, shared
 * by the intent store (at rest) and result events (in flight on Kafka), per invariant 7.
 *
 * `seal` walks an object and replaces the value of every sensitive key with a sealed envelope
 * `{ $sealed: 'v1', kid, iv, tag, ct }` (AES-256-GCM, random 12-byte IV, base64). The value is
 * JSON-encoded first, so a whole `tokens` array is sealed as one. The key name is bound as
 * additional authenticated data, so a sealed PIN cannot be moved under another key unnoticed.
 *
 * `open` reverses it with whichever key the envelope names, so keys can rotate: add the new key,
 * make it current, keep the old one until every item sealed with it has expired.
 */

/** Key names (compared lower-case, without `_` or `-`) whose values are sealed. */
const SENSITIVE_KEYS = new Set([
  'pin',
  'pins',
  'voucherpin',
  'vouchernumber',
  'token',
  'tokens',
  'ststoken',
  'stdtoken',
  'keychangetoken',
  'tokennumber',
]);

export function isSealableKey(key: string): boolean {
  return SENSITIVE_KEYS.has(key.toLowerCase().replace(/[-_]/g, ''));
}

export interface SealedValue {
  $sealed: 'v1';
  kid: string;
  iv: string;
  tag: string;
  ct: string;
}

export interface SecretSealerOptions {
  /** Key id -> 32-byte AES-256 key. Key ids: 1-32 letters, digits, `-` or `_`. */
  keys: Record<string, Buffer>;
  /** The key that seals; every key in `keys` can open. */
  currentKeyId: string;
}

export interface SecretSealer {
  /** A deep copy of `value` with every sensitive key's value sealed. Already sealed values are kept. */
  seal<T>(value: T): T;
  /** A deep copy of `value` with every sealed envelope opened. Throws `SecretSealerError` on failure. */
  open<T>(value: T): T;
  readonly currentKeyId: string;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const MAX_DEPTH = 32;

export function isSealedValue(value: unknown): value is SealedValue {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    v.$sealed === 'v1' &&
    typeof v.kid === 'string' &&
    typeof v.iv === 'string' &&
    typeof v.tag === 'string' &&
    typeof v.ct === 'string'
  );
}

/** True when `value` holds, at any depth, an unsealed value under a sensitive key. */
export function containsUnsealedSecret(value: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((item) => containsUnsealedSecret(item, depth + 1));
  for (const [key, inner] of Object.entries(value)) {
    if (isSealableKey(key) && inner !== undefined && inner !== null && !isSealedValue(inner)) return true;
    if (containsUnsealedSecret(inner, depth + 1)) return true;
  }
  return false;
}

export function createSecretSealer(options: SecretSealerOptions): SecretSealer {
  const keys = new Map<string, Buffer>();
  for (const [kid, key] of Object.entries(options.keys)) {
    if (!KEY_ID.test(kid)) {
      throw new SecretSealerError('INVALID_SEALER_CONFIG', `key id "${kid}" must be 1-32 of [A-Za-z0-9_-]`);
    }
    if (!Buffer.isBuffer(key) || key.length !== 32) {
      throw new SecretSealerError('INVALID_SEALER_CONFIG', `key "${kid}" must be a 32-byte Buffer`);
    }
    keys.set(kid, Buffer.from(key));
  }
  const currentKey = keys.get(options.currentKeyId);
  if (!currentKey) {
    throw new SecretSealerError(
      'INVALID_SEALER_CONFIG',
      `currentKeyId "${options.currentKeyId}" is not one of the configured keys`,
    );
  }
  const currentKeyId = options.currentKeyId;

  function sealOne(keyName: string, value: unknown): SealedValue {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', currentKey as Buffer, iv);
    cipher.setAAD(Buffer.from(keyName, 'utf8'));
    const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return {
      $sealed: 'v1',
      kid: currentKeyId,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ct: ct.toString('base64'),
    };
  }

  function openOne(keyName: string, sealed: SealedValue): unknown {
    const key = keys.get(sealed.kid);
    if (!key) {
      throw new SecretSealerError(
        'UNKNOWN_SEALING_KEY',
        `field "${keyName}" was sealed with key "${sealed.kid}", which is not configured`,
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
      decipher.setAAD(Buffer.from(keyName, 'utf8'));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64')), decipher.final()]);
      return JSON.parse(plain.toString('utf8'));
    } catch (error) {
      // Never include the ciphertext or plaintext in the message: it may end up in a log.
      throw new SecretSealerError(
        'SEALED_VALUE_INVALID',
        `field "${keyName}" (key "${sealed.kid}") failed authentication: wrong key or tampered data`,
        { cause: error },
      );
    }
  }

  function walk(value: unknown, depth: number, visit: (key: string, inner: unknown) => unknown): unknown {
    if (value === null || typeof value !== 'object') return value;
    // Deeper than any provider response: refuse rather than leave a secret unsealed down there.
    if (depth > MAX_DEPTH)
      throw new SecretSealerError('VALUE_TOO_DEEP', `value nested deeper than ${MAX_DEPTH}`);
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1, visit));
    if (value instanceof Date || Buffer.isBuffer(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = visit(key, inner);
    return out;
  }

  function seal(value: unknown, depth: number): unknown {
    return walk(value, depth, (key, inner) => {
      if (isSealedValue(inner)) return inner;
      if (isSealableKey(key) && inner !== undefined && inner !== null) return sealOne(key, inner);
      return seal(inner, depth + 1);
    });
  }

  function open(value: unknown, depth: number): unknown {
    return walk(value, depth, (key, inner) =>
      isSealedValue(inner) ? openOne(key, inner) : open(inner, depth + 1),
    );
  }

  return {
    currentKeyId,
    seal: <T>(value: T) => seal(value, 0) as T,
    open: <T>(value: T) => open(value, 0) as T,
  };
}
