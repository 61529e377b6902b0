import {
  buildResultEvent,
  intentSchema,
  invalidIntentError,
  MAX_ISSUE_FIELD_LENGTH,
  MAX_ISSUE_MESSAGE_LENGTH,
  MAX_RECEIVED_ID_LENGTH,
  MAX_REJECTED_RESULT_BYTES,
  MAX_REJECTION_ISSUES,
  parseIntent,
} from '@vendstream/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyInput, encoded, validIntent } from './arbitraries.ts';

/**
 * Property: whatever arrives on the intents topic, `parseIntent` never throws and ends in exactly one
 * of: a valid intent (that the schema accepts again), or a bounded rejection whose result event fits
 * under MAX_REJECTED_RESULT_BYTES. Inputs: random JSON, valid intents of every type then mutated,
 * huge strings, deep nesting, duplicate keys, invalid UTF-8.
 */

// --- the property ---------------------------------------------------------------------------------

/** What the run reached, to prove the generators cover every kind of answer. */
interface Seen {
  valid: number;
  rejected: number;
  capped: number;
  oversize: number;
  echoed: number;
}

function assertAnsweredWithinBounds(raw: unknown, seen: Seen): void {
  const result = parseIntent(raw);
  if (result.ok) {
    seen.valid += 1;
    expect(intentSchema.safeParse(result.intent).success).toBe(true);
    return;
  }
  seen.rejected += 1;
  if (result.issueCount > MAX_REJECTION_ISSUES) seen.capped += 1;
  if (result.issues[0]?.message.includes('over the limit')) seen.oversize += 1;
  if (result.receivedId !== undefined) seen.echoed += 1;
  expect(result.issues.length).toBeGreaterThanOrEqual(1);
  expect(result.issues.length).toBeLessThanOrEqual(MAX_REJECTION_ISSUES);
  expect(result.issueCount).toBeGreaterThanOrEqual(result.issues.length);
  for (const issue of result.issues) {
    expect(issue.field.length).toBeLessThanOrEqual(MAX_ISSUE_FIELD_LENGTH);
    expect(issue.message.length).toBeLessThanOrEqual(MAX_ISSUE_MESSAGE_LENGTH);
  }
  if (result.id !== undefined) expect(result.id.length).toBeLessThanOrEqual(200);
  if (result.receivedId !== undefined) {
    expect(result.id).toBeUndefined();
    expect(result.receivedId.length).toBeLessThanOrEqual(MAX_RECEIVED_ID_LENGTH);
  }
  const event = buildResultEvent(
    {
      intentId: result.id ?? 'unparseable.12.34567',
      intentType: result.type,
      status: 'rejected',
      error: invalidIntentError(result, { topic: 'vend.intents', partition: 12, offset: '34567' }),
    },
    { source: 'urn:vendstream:worker' },
  );
  expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThanOrEqual(MAX_REJECTED_RESULT_BYTES);
}

describe('parseIntent under fuzzing', () => {
  it('accepts every generated valid intent of every type (the mutations start from valid input)', () => {
    fc.assert(
      fc.property(encoded(validIntent), (raw) => {
        expect(parseIntent(raw).ok).toBe(true);
      }),
      { numRuns: 1_000 },
    );
  });

  it('answers 10,000 random, mutated, huge, deep, duplicated and mis-encoded inputs with a valid intent or a bounded rejection', () => {
    const seen: Seen = { valid: 0, rejected: 0, capped: 0, oversize: 0, echoed: 0 };
    fc.assert(
      fc.property(anyInput, (raw) => assertAnsweredWithinBounds(raw, seen)),
      { numRuns: 10_000 },
    );
    // Each kind of answer was reached many times (the mix gives each a few percent or more).
    for (const [kind, count] of Object.entries(seen)) expect(count, kind).toBeGreaterThanOrEqual(20);
  });
});
