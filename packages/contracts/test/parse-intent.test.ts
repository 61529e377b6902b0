import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  buildResultEvent,
  DEFAULT_MAX_INTENT_BYTES,
  INTENT_TYPES,
  invalidIntentError,
  MAX_REJECTED_RESULT_BYTES,
  MAX_REJECTION_ISSUES,
  type ParseIntentResult,
  parseIntent,
} from '../src/index.ts';
import { envelope, validData } from './fixtures.ts';

function fields(result: ReturnType<typeof parseIntent>): string[] {
  return result.ok ? [] : result.issues.map((i) => i.field);
}

describe('parseIntent', () => {
  it.each(INTENT_TYPES)('accepts a valid %s intent from a JSON string, a Buffer and an object', (type) => {
    const event = envelope(type, validData[type], { batchid: 'b-1', orderingkey: 'cust-9' });
    for (const raw of [JSON.stringify(event), Buffer.from(JSON.stringify(event)), event]) {
      const result = parseIntent(raw);
      expect(result).toMatchObject({ ok: true, intent: { id: event.id, type, data: validData[type] } });
    }
  });

  it('rejects malformed JSON without throwing and without an id', () => {
    const result = parseIntent('{"id": "x", ');
    expect(result.ok).toBe(false);
    expect(result).not.toHaveProperty('id');
    expect(fields(result)).toEqual(['']);
  });

  it('never quotes the malformed text back, which may hold a voucher PIN (invariant 7)', () => {
    const pin = '4826173950284617';
    for (const raw of [
      `{"type":"1voucher.redeem","data":{"pin":"${pin}" "amount":1}}`,
      `{"data":{"pin":${pin}x}}`,
      `{"pin":"${pin}"`,
    ]) {
      const result = parseIntent(raw);
      expect(result.ok).toBe(false);
      const text = JSON.stringify(result);
      expect(text).toContain('not valid JSON');
      expect(text).not.toContain(pin.slice(0, 6));
    }
  });

  it('rejects an unknown type but still reports the id and type for the rejected result', () => {
    const result = parseIntent(envelope('1voucher.steal', {}));
    expect(result).toMatchObject({ ok: false, id: envelope('x', {}).id, type: '1voucher.steal' });
    expect(result.ok ? [] : result.issues).toEqual([{ field: 'type', message: 'unknown intent type' }]);
  });

  it('names each wrong field by its dotted path', () => {
    const result = parseIntent(
      envelope('1voucher.redeem', {
        accountNumber: 'ACC 1',
        pin: '12345',
        amount: 10.5,
        mobileNumber: '0821234567',
        metadata: { averyveryverylongkey: 'x' },
      }),
    );
    expect(fields(result).sort()).toEqual(
      [
        'data.accountNumber',
        'data.amount',
        'data.metadata.averyveryverylongkey',
        'data.mobileNumber',
        'data.pin',
      ].sort(),
    );
  });

  it('rejects negative amounts, non-positive product codes, missing fields and unknown fields', () => {
    const result = parseIntent(
      envelope('cash-out-pin.purchase', { accountNumber: 'A1', amount: -1, productCode: 0, ammount: 5 }),
    );
    expect(fields(result).sort()).toEqual(['data.ammount', 'data.amount', 'data.productCode']);
    const missing = parseIntent(
      envelope('cellular.pinless.purchase', { accountNumber: 'A1', amount: 1, productCode: 1 }),
    );
    expect(fields(missing)).toEqual(['data.mobileNumber']);
  });

  it('enforces the metadata limits of 9 keys and 43-character values', () => {
    const tooMany = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'v']));
    expect(
      fields(
        parseIntent(envelope('1voucher.purchase', { accountNumber: 'A', amount: 1, metadata: tooMany })),
      ),
    ).toEqual(['data.metadata']);
    const longValue = { k: 'x'.repeat(44) };
    expect(
      fields(
        parseIntent(envelope('1voucher.purchase', { accountNumber: 'A', amount: 1, metadata: longValue })),
      ),
    ).toEqual(['data.metadata.k']);
  });

  it('requires a refund to name the refunded redemption and a cancel to name the original intent', () => {
    expect(fields(parseIntent(envelope('1voucher.refund', { accountNumber: 'A', amount: 1 })))).toEqual([
      'data.originalIntentId',
    ]);
    expect(
      parseIntent(envelope('1voucher.refund', { accountNumber: 'A', amount: 1, voucherSerialNumber: 'SN1' }))
        .ok,
    ).toBe(true);
    expect(
      fields(parseIntent(envelope('cash-out-pin.cancel', { accountNumber: 'A', productCode: 1 }))),
    ).toEqual(['data.originalIntentId']);
  });

  it('rejects ids longer than 200 characters and reports no id for them', () => {
    const result = parseIntent(
      envelope('1voucher.purchase', validData['1voucher.purchase'], { id: 'x'.repeat(201) }),
    );
    expect(result.ok).toBe(false);
    expect(result).not.toHaveProperty('id');
    expect(fields(result)).toEqual(['id']);
  });

  it('rejects a wrong specversion, a bad time and a future dataschema version', () => {
    const result = parseIntent(
      envelope('1voucher.purchase', validData['1voucher.purchase'], {
        specversion: '0.3',
        time: 'yesterday',
        dataschema: 'urn:vendstream:schema:intent:v2',
      }),
    );
    expect(fields(result).sort()).toEqual(['dataschema', 'specversion', 'time']);
  });

  it('rejects oversize messages against a configurable limit and still extracts the id', () => {
    const event = envelope('1voucher.purchase', validData['1voucher.purchase'], { subject: 'x'.repeat(300) });
    const raw = JSON.stringify(event);
    expect(parseIntent(raw).ok).toBe(true);
    const result = parseIntent(raw, { maxBytes: 200 });
    expect(result).toMatchObject({ ok: false, id: event.id });
    expect(result.ok ? '' : result.issues[0]?.message).toMatch(/over the limit of 200/);
    expect(parseIntent(event, { maxBytes: 200 }).ok).toBe(false);
  });

  it('turns non-object input (null, numbers, arrays, cyclic objects) into rejections', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const raw of [null, 42, [], 'null', cyclic, undefined]) {
      expect(parseIntent(raw).ok).toBe(false);
    }
  });
});

/** The rejected result event a worker publishes for a failed parse, as JSON. */
function rejectedEventJson(result: ParseIntentResult): string {
  if (result.ok) throw new Error('expected a rejection');
  const event = buildResultEvent(
    {
      intentId: result.id ?? 'unparseable.0.42',
      intentType: result.type,
      status: 'rejected',
      error: invalidIntentError(result, { topic: 'vend.intents', partition: 0, offset: '42' }),
    },
    { source: 'urn:vendstream:worker' },
  );
  return JSON.stringify(event);
}

function failure(result: ParseIntentResult) {
  if (result.ok) throw new Error('expected a rejection');
  return result;
}

/** A 10 MB intent: `head` first, then a 10 MB string member, then `tail`. */
function tenMegabytes(head: string, tail = ''): string {
  return `{${head}"data":{"filler":"${'x'.repeat(10 * 1024 * 1024)}"}${tail}}`;
}

describe('parseIntent: bounded rejections', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('answers a 60 KB intent with 4,800 wrong metadata entries with 20 issues and their total, in a result under the bound', () => {
    const metadata = Object.fromEntries(Array.from({ length: 4800 }, (_, i) => [`k${i}`, i]));
    const raw = JSON.stringify(envelope('1voucher.purchase', { accountNumber: 'ACC1', amount: 1, metadata }));
    expect(Buffer.byteLength(raw)).toBeGreaterThan(58_000);
    expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(DEFAULT_MAX_INTENT_BYTES);

    const result = failure(parseIntent(raw));
    expect(result.issues).toHaveLength(MAX_REJECTION_ISSUES);
    expect(result.issueCount).toBe(4800);
    // The first ones, in the order found.
    expect(result.issues.slice(0, 3).map((i) => i.field)).toEqual([
      'data.metadata.k0',
      'data.metadata.k1',
      'data.metadata.k2',
    ]);
    expect(result.id).toBe(envelope('x', {}).id);
    const json = rejectedEventJson(result);
    expect(Buffer.byteLength(json)).toBeLessThan(MAX_REJECTED_RESULT_BYTES);
    // The whole rejection (issues included) is a few KB, not the 440 KB it used to be.
    expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThan(5_000);
  });

  it('cuts a long field and message to their bounds with an ellipsis', () => {
    const longKey = 'k'.repeat(5000);
    const result = failure(
      parseIntent(envelope('1voucher.purchase', { accountNumber: 'A', amount: 1, [longKey]: 1 })),
    );
    const [issue] = result.issues;
    expect(issue?.field).toHaveLength(200);
    expect(issue?.field.startsWith(`data.${'k'.repeat(100)}`)).toBe(true);
    expect(issue?.field.endsWith('…')).toBe(true);
    expect(issue?.message).toBe('unknown field');
  });

  it('refuses a 10 MB value by its size without parsing it whole, naming the id at its start', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const raw = tenMegabytes('"id":"big-1","type":"1voucher.purchase",');
    for (const value of [raw, Buffer.from(raw)]) {
      const result = failure(parseIntent(value));
      expect(result).toMatchObject({ id: 'big-1', type: '1voucher.purchase', issueCount: 1 });
      expect(result).not.toHaveProperty('receivedId');
      expect(result.issues).toEqual([
        {
          field: '',
          message: `intent is ${raw.length} bytes, over the limit of ${DEFAULT_MAX_INTENT_BYTES}`,
        },
      ]);
    }
    expect(parse).not.toHaveBeenCalled();
  });

  it('reads the id of an oversize value from its first maxBytes bytes only', () => {
    // The top-level id follows the 10 MB member: a full parse would find it, the prefix cannot.
    const raw = tenMegabytes('"type":"1voucher.purchase",', ',"id":"late-id"');
    const result = failure(parseIntent(raw));
    expect(result).not.toHaveProperty('id');
    expect(result).not.toHaveProperty('receivedId');
    expect(result.type).toBe('1voucher.purchase');
    // The same message under a limit that covers it does find the id: only the prefix hid it.
    const small = '{"type":"1voucher.purchase","data":{"filler":"x"},"id":"late-id"}';
    expect(failure(parseIntent(small)).id).toBe('late-id');
  });

  it('never takes a nested data.id for the id, in a message over or under the limit', () => {
    const nestedFirst = '{"data":{"id":"nested-id","amount":1},"type":"1voucher.purchase"}';
    expect(failure(parseIntent(nestedFirst))).not.toHaveProperty('id');
    expect(failure(parseIntent(nestedFirst, { maxBytes: 40 }))).not.toHaveProperty('id');
    expect(
      failure(parseIntent(`${nestedFirst.slice(0, -1)},"id":"top-id"}`, { maxBytes: 60 })),
    ).not.toHaveProperty('id');
    const both = '{"data":{"id":"nested-id"},"id":"top-id","type":"t"}';
    expect(failure(parseIntent(both)).id).toBe('top-id');
    expect(failure(parseIntent(both, { maxBytes: 45 })).id).toBe('top-id');
    const oversize = tenMegabytes('"type":"t","data2":{"id":"nested-id"},');
    expect(failure(parseIntent(oversize))).not.toHaveProperty('id');
  });

  it('echoes the first 64 characters of a 5,000-character id, and no id', () => {
    const id = `producer-ref-${'0123456789'.repeat(500)}`.slice(0, 5000);
    const event = envelope('1voucher.purchase', validData['1voucher.purchase'], { id });
    for (const raw of [event, JSON.stringify(event), tenMegabytes(`"id":"${id}",`)]) {
      const result = failure(parseIntent(raw));
      expect(result).not.toHaveProperty('id');
      expect(result.receivedId).toBe(`${id.slice(0, 64)}…`);
    }
  });

  it('echoes an id cut by the end of the prefix with an ellipsis, even when it is short so far', () => {
    const raw = `{"type":"t","id":"${'a'.repeat(10)}${'b'.repeat(DEFAULT_MAX_INTENT_BYTES)}"}`;
    // The prefix ends 150 characters into the id: too few to know it, enough to echo.
    const result = failure(parseIntent(raw, { maxBytes: 168 }));
    expect(result).not.toHaveProperty('id');
    expect(result.receivedId).toBe(`${'a'.repeat(10)}${'b'.repeat(54)}…`);
    const shortSoFar = failure(parseIntent(raw, { maxBytes: 30 }));
    expect(shortSoFar.receivedId).toBe(`${'a'.repeat(10)}bb…`);
  });

  it('describes an id that is a number, an object, an array, a boolean or null', () => {
    const cases: [unknown, string][] = [
      [12345, '(number) 12345'],
      [{ nested: 'x'.repeat(1000) }, '(object)'],
      [['a', 'b'], '(array)'],
      [true, '(boolean) true'],
      [null, '(null)'],
    ];
    for (const [id, receivedId] of cases) {
      const event = envelope('1voucher.purchase', validData['1voucher.purchase'], { id });
      for (const raw of [event, JSON.stringify(event)]) {
        const result = failure(parseIntent(raw));
        expect(result).not.toHaveProperty('id');
        expect(result.receivedId).toBe(receivedId);
      }
      expect(failure(parseIntent(tenMegabytes(`"id":${JSON.stringify(id)},`))).receivedId).toBe(receivedId);
    }
  });

  it('replaces control characters in an echoed id with U+FFFD', () => {
    const id = `ab\u0000c\u001b[31md\u007f\u202e${'e'.repeat(300)}`;
    const result = failure(parseIntent(JSON.stringify({ id, type: 't' })));
    expect(result.receivedId).toBe(`ab\uFFFDc\uFFFD[31md\uFFFD\uFFFD${'e'.repeat(52)}…`);
    expect(result.receivedId).toHaveLength(65);
  });

  it('echoes an empty id as it is, and names no id', () => {
    const result = failure(
      parseIntent(envelope('1voucher.purchase', validData['1voucher.purchase'], { id: '' })),
    );
    expect(result).not.toHaveProperty('id');
    expect(result.receivedId).toBe('');
  });

  it('carries no receivedId when no id was sent at all', () => {
    const { id: _id, ...withoutId } = envelope('1voucher.purchase', validData['1voucher.purchase']);
    const result = failure(parseIntent(withoutId));
    expect(result).not.toHaveProperty('receivedId');
    expect(result.issues.map((i) => i.field)).toEqual(['id']);
  });

  it('refuses a deeply nested oversize value by its size, without a stack overflow', () => {
    const result = failure(parseIntent(`${'['.repeat(50_000)}${']'.repeat(50_000)}`));
    expect(result.issues[0]?.message).toMatch(/over the limit/);
    const inObject = failure(
      parseIntent(`{"type":"t","data":${'['.repeat(70_000)}${']'.repeat(70_000)},"id":"x"}`),
    );
    expect(inObject).toMatchObject({ type: 't', issueCount: 1 });
  });
});
