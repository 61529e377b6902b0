import { describe, expect, it } from 'vitest';
import {
  buildResultEvent,
  describeReceivedId,
  INVALID_INTENT_CODE,
  invalidIntentError,
  MAX_ISSUE_FIELD_LENGTH,
  MAX_ISSUE_MESSAGE_LENGTH,
  MAX_REJECTED_RESULT_BYTES,
  MAX_REJECTION_ISSUES,
  parseIntent,
  parseResultEvent,
} from '../src/index.ts';
import { truncateText } from '../src/rejection.ts';
import { envelope } from './fixtures.ts';

describe('invalidIntentError', () => {
  it('is the one INVALID_INTENT error: capped issues, their total, the echoed id and where the message sat', () => {
    const parsed = parseIntent('{"id":12345,"type":"1voucher.purchase"}');
    if (parsed.ok) throw new Error('expected a rejection');
    const location = { topic: 'vend.intents', partition: 3, offset: '9007199254740993' };
    const error = invalidIntentError(parsed, location);
    expect(error).toEqual({
      code: INVALID_INTENT_CODE,
      message: 'the intent failed validation',
      source: 'validation',
      issues: parsed.issues,
      issueCount: parsed.issueCount,
      receivedId: '(number) 12345',
      location,
    });
    expect(error.code).toBe('INVALID_INTENT');
    const event = buildResultEvent(
      { intentId: 'unparseable.3.9007199254740993', status: 'rejected', error },
      { source: 'urn:vendstream:worker' },
    );
    expect(parseResultEvent(JSON.stringify(event))).toEqual({ ok: true, event });
  });

  it('leaves out receivedId and location when there are none', () => {
    const parsed = parseIntent(envelope('1voucher.purchase', { accountNumber: 'A' }));
    if (parsed.ok) throw new Error('expected a rejection');
    const error = invalidIntentError(parsed);
    expect(error).not.toHaveProperty('receivedId');
    expect(error).not.toHaveProperty('location');
    expect(error.issues?.map((i) => i.field)).toEqual(['data.amount']);
  });

  it('bounds a hand-built rejection too', () => {
    const issues = Array.from({ length: 500 }, () => ({
      field: 'f'.repeat(10_000),
      message: 'm'.repeat(10_000),
    }));
    const error = invalidIntentError({ issues, issueCount: 0, receivedId: 'r'.repeat(1000) });
    expect(error.issues).toHaveLength(MAX_REJECTION_ISSUES);
    expect(error.issueCount).toBe(500);
    expect(error.issues?.[0]?.field).toHaveLength(MAX_ISSUE_FIELD_LENGTH);
    expect(error.issues?.[0]?.message).toHaveLength(MAX_ISSUE_MESSAGE_LENGTH);
    expect(error.receivedId).toHaveLength(80);
  });

  it('refuses a location whose offset is not a string of digits', () => {
    const error = invalidIntentError(
      { issues: [], issueCount: 0 },
      { topic: 't', partition: 0, offset: '-1' },
    );
    expect(() =>
      buildResultEvent({ intentId: 'x', status: 'rejected', error }, { source: 'urn:vendstream:worker' }),
    ).toThrow(/offset/);
  });
});

describe('MAX_REJECTED_RESULT_BYTES', () => {
  it('holds for the worst case: every string at its bound, made of characters JSON escapes as \\uXXXX', () => {
    const control = (length: number) => '\u0001'.repeat(length);
    const error = invalidIntentError(
      {
        issues: Array.from({ length: 50 }, () => ({ field: control(1000), message: control(1000) })),
        issueCount: Number.MAX_SAFE_INTEGER,
        receivedId: control(1000),
      },
      { topic: control(300), partition: Number.MAX_SAFE_INTEGER, offset: '9'.repeat(20) },
    );
    const event = buildResultEvent(
      { intentId: control(200), intentType: control(200), status: 'rejected', error },
      { source: control(512) },
    );
    const bytes = Buffer.byteLength(JSON.stringify(event));
    expect(bytes).toBeLessThanOrEqual(MAX_REJECTED_RESULT_BYTES);
    // Derived, not padded: the worst case comes within the fixed allowance (2 KB) of the bound.
    expect(bytes).toBeGreaterThan(MAX_REJECTED_RESULT_BYTES - 2048);
  });
});

describe('describeReceivedId and truncateText', () => {
  it('never splits a surrogate pair when cutting', () => {
    const text = `${'a'.repeat(63)}😀😀`;
    expect(truncateText(text, 65)).toBe(`${'a'.repeat(63)}…`);
    expect(describeReceivedId(`${'a'.repeat(63)}😀tail`)).toBe(`${'a'.repeat(63)}…`);
    expect(describeReceivedId(`${'a'.repeat(62)}😀tail`)).toBe(`${'a'.repeat(62)}😀…`);
  });

  it('cuts a long description to 64 characters and keeps short values whole', () => {
    expect(describeReceivedId(-1.5e300)).toBe('(number) -1.5e+300');
    expect(describeReceivedId('short')).toBe('short');
    expect(describeReceivedId('short', true)).toBe('short…');
    expect(describeReceivedId(Symbol('s'))).toBe('(symbol)');
  });
});
