import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth, so two producers serialising the same intent in a
 * different key order get the same hash. `undefined` members are dropped, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const inner = (value as Record<string, unknown>)[key];
    if (inner !== undefined) out[key] = sortKeys(inner);
  }
  return out;
}

/**
 * sha256 hex of the canonical JSON of `{ type, data }`. Stored with the claim so that the same id
 * arriving with a different payload is rejected and never sent (invariant 4). `time`, `source` and
 * extension attributes are left out on purpose: a producer that re-publishes the same intent
 * later (new `time`) must still match.
 */
export function payloadHash(intent: { type: string; data: unknown }): string {
  return createHash('sha256')
    .update(canonicalJson({ type: intent.type, data: intent.data }), 'utf8')
    .digest('hex');
}
