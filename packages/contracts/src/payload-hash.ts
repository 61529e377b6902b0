import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth, so two producers serialising the same intent in a
 * different key order get the same hash. `undefined` members are dropped, as JSON.stringify does.
 * The one definition: the payload hash and the Flash sandbox's "same request" check both use it.
 * (Keys that are array indices, e.g. `"1"`, come first in numeric order: JavaScript orders them so.
 * Any fixed order serves; changing it would change every stored payload hash.)
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  // No prototype: a `__proto__` member (JSON.parse makes it an own key) stays data; on a plain
  // object the assignment would set the prototype and the member would vanish from the output.
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value).sort()) {
    const inner = (value as Record<string, unknown>)[key];
    if (inner !== undefined) out[key] = sortKeys(inner);
  }
  return out;
}

/** What identifies an intent's payload: `time`, `source` and extensions are not part of it. */
function payloadText(intent: { type: string; data: unknown }): string {
  return canonicalJson({ type: intent.type, data: intent.data });
}

/**
 * sha256 hex of the canonical JSON of `{ type, data }`, unkeyed: for payloads without secrets and
 * for tests. What the services store is `createPayloadHasher`'s keyed hash. `time`, `source` and
 * extension attributes are left out on purpose: a producer that re-publishes the same intent later
 * (new `time`) must still match.
 */
export function payloadHash(intent: { type: string; data: unknown }): string {
  return createHash('sha256').update(payloadText(intent), 'utf8').digest('hex');
}

/**
 * The payload hash stored with a claim, so that the same id arriving with a different payload is
 * rejected and never sent (invariant 4). Keyed (HMAC-SHA256): a redeem intent's data holds a
 * 16-digit PIN, and an unkeyed hash of it kept in the table would let whoever reads the table
 * search the PINs offline. The HMAC key is derived (HKDF) from a sealing key, and the stored value
 * names that key's id, `hmac-sha256:<kid>:<hex>`, so hashes stay comparable after a key rotation
 * for as long as the old key is configured.
 */
export interface PayloadHasher {
  /** The hash of `intent` under the current key, to store with a new claim. */
  hash(intent: { type: string; data: unknown }): string;
  /**
   * Whether `stored` (kept with an earlier claim under any configured key, or a legacy unkeyed
   * sha256) is the hash of this payload. A hash under a key no longer configured cannot be checked
   * and does not match: the intent is then treated as a mismatch, never sent.
   */
  matches(intent: { type: string; data: unknown }, stored: string): boolean;
}

const KEYED_HASH = /^hmac-sha256:([A-Za-z0-9_-]{1,32}):([0-9a-f]{64})$/;
const UNKEYED_HASH = /^[0-9a-f]{64}$/;

export function createPayloadHasher(options: {
  keys: Readonly<Record<string, Buffer>>;
  currentKeyId: string;
}): PayloadHasher {
  const hmacKeys = new Map<string, Buffer>();
  for (const [kid, key] of Object.entries(options.keys)) {
    hmacKeys.set(
      kid,
      Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'vendstream payload hash v1', 32)),
    );
  }
  const current = hmacKeys.get(options.currentKeyId);
  if (current === undefined) throw new Error(`payload hasher: no key "${options.currentKeyId}"`);
  const hmac = (key: Buffer, intent: { type: string; data: unknown }) =>
    createHmac('sha256', key).update(payloadText(intent), 'utf8').digest('hex');
  const same = (a: string, b: string) =>
    a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
  return {
    hash: (intent) => `hmac-sha256:${options.currentKeyId}:${hmac(current, intent)}`,
    matches(intent, stored) {
      const keyed = KEYED_HASH.exec(stored);
      if (keyed !== null) {
        const key = hmacKeys.get(keyed[1] ?? '');
        return key !== undefined && same(hmac(key, intent), keyed[2] ?? '');
      }
      return UNKEYED_HASH.test(stored) && same(payloadHash(intent), stored);
    },
  };
}
