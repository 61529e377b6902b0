import { describe, expect, it } from 'vitest';
import { INTENT_TYPES, parseIntent } from '../src/index.ts';
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
