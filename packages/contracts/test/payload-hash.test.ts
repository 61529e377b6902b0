import { describe, expect, it } from 'vitest';
import { canonicalJson, payloadHash } from '../src/index.ts';

describe('payloadHash', () => {
  it('ignores key order, time and source', () => {
    const a = {
      type: '1voucher.purchase',
      time: 't1',
      source: 's1',
      data: { amount: 5, accountNumber: 'A', metadata: { b: '1', a: '2' } },
    };
    const b = {
      source: 's2',
      data: { metadata: { a: '2', b: '1' }, accountNumber: 'A', amount: 5 },
      time: 't2',
      type: '1voucher.purchase',
    };
    expect(payloadHash(a)).toBe(payloadHash(b));
    expect(payloadHash(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when the amount or the type changes', () => {
    const base = { type: '1voucher.purchase', data: { accountNumber: 'A', amount: 5 } };
    expect(payloadHash({ ...base, data: { accountNumber: 'A', amount: 6 } })).not.toBe(payloadHash(base));
    expect(payloadHash({ ...base, type: '1voucher.disburse' })).not.toBe(payloadHash(base));
  });

  it('serialises nested objects with sorted keys and drops undefined members', () => {
    expect(canonicalJson({ b: [{ d: 1, c: undefined, a: 2 }], a: null })).toBe(
      '{"a":null,"b":[{"a":2,"d":1}]}',
    );
  });
});
