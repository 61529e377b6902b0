import { describe, expect, it } from 'vitest';
import { canonicalJson, createPayloadHasher, payloadHash } from '../src/index.ts';

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

  it('keeps a member named __proto__ as data, so two values that differ only there differ', () => {
    // JSON.parse makes `__proto__` an own member; assigned to a plain object it would set the
    // prototype instead and vanish from the output.
    const withProto = JSON.parse('{"b":1,"__proto__":{"x":1}}');
    expect(canonicalJson(withProto)).toBe('{"__proto__":{"x":1},"b":1}');
    expect(canonicalJson(JSON.parse('{"__proto__":5}'))).toBe('{"__proto__":5}');
    expect(canonicalJson(withProto)).not.toBe(canonicalJson({ b: 1 }));
  });
});

describe('createPayloadHasher', () => {
  const k1 = Buffer.alloc(32, 1);
  const k2 = Buffer.alloc(32, 2);
  const redeem = {
    type: '1voucher.redeem',
    data: { accountNumber: 'A', amount: 0, pin: '4826173950284617' },
  };

  it('stores a keyed hash that names its key and does not equal the unkeyed sha256', () => {
    const hasher = createPayloadHasher({ keys: { k1 }, currentKeyId: 'k1' });
    const stored = hasher.hash(redeem);
    expect(stored).toMatch(/^hmac-sha256:k1:[0-9a-f]{64}$/);
    expect(stored).not.toContain(payloadHash(redeem));
    // Without the key, the stored value says nothing about the PIN: another key gives another hash.
    expect(createPayloadHasher({ keys: { k1: k2 }, currentKeyId: 'k1' }).hash(redeem)).not.toBe(stored);
  });

  it('matches the same payload and only it, under the current key and after a rotation', () => {
    const before = createPayloadHasher({ keys: { k1 }, currentKeyId: 'k1' });
    const stored = before.hash(redeem);
    const after = createPayloadHasher({ keys: { k1, k2 }, currentKeyId: 'k2' });
    expect(after.matches({ ...redeem, data: { ...redeem.data } }, stored)).toBe(true);
    expect(after.matches({ ...redeem, data: { ...redeem.data, amount: 5 } }, stored)).toBe(false);
    expect(after.hash(redeem)).toMatch(/^hmac-sha256:k2:/);
    // A hash under a key that is no longer configured cannot be checked: it does not match.
    const withoutK1 = createPayloadHasher({ keys: { k2 }, currentKeyId: 'k2' });
    expect(withoutK1.matches(redeem, stored)).toBe(false);
  });

  it('still recognises a legacy unkeyed hash, and nothing malformed', () => {
    const hasher = createPayloadHasher({ keys: { k1 }, currentKeyId: 'k1' });
    expect(hasher.matches(redeem, payloadHash(redeem))).toBe(true);
    expect(hasher.matches(redeem, 'hmac-sha256:k1:not-hex')).toBe(false);
    expect(hasher.matches(redeem, '')).toBe(false);
  });
});
