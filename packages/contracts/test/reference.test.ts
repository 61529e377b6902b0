import { describe, expect, it } from 'vitest';
import { deriveReference, intentReferences, REFERENCE_PATTERN } from '../src/index.ts';

describe('deriveReference', () => {
  it('reuses a UUID id as the reference so operators can read it', () => {
    const id = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';
    expect(deriveReference(id)).toBe(id);
    expect(deriveReference(id, 'L')).toBe(`${id}.L`);
  });

  it('hashes ids with characters Flash does not allow or that are too long, stably', () => {
    for (const id of ['order:42/line_7', 'x'.repeat(39), 'a.b', 'a=b', 'é']) {
      const ref = deriveReference(id);
      expect(ref).toMatch(/^h=[0-9a-f]{32}$/);
      expect(deriveReference(id)).toBe(ref);
      expect(deriveReference(id, 'P')).toBe(`${ref}.P`);
    }
  });

  it('always produces a reference within Flash charset and 40 characters', () => {
    for (const id of [
      'a',
      'x'.repeat(38),
      'x'.repeat(200),
      'with space',
      'f47ac10b-58cc-4372-a567-0e02b2c3d479',
    ]) {
      for (const step of [undefined, 'L', 'P']) {
        expect(deriveReference(id, step)).toMatch(REFERENCE_PATTERN);
      }
    }
  });

  it('gives different intents and different steps different references', () => {
    const refs = new Set(
      ['a', 'b', 'a.L', 'x'.repeat(38), 'x'.repeat(39)].flatMap((id) => [
        deriveReference(id),
        deriveReference(id, 'L'),
        deriveReference(id, 'P'),
      ]),
    );
    expect(refs.size).toBe(15);
  });

  it('refuses an empty id and a multi-character step', () => {
    expect(() => deriveReference('')).toThrow(expect.objectContaining({ code: 'INVALID_REFERENCE_INPUT' }));
    expect(() => deriveReference('a', 'LP')).toThrow(
      expect.objectContaining({ code: 'INVALID_REFERENCE_INPUT' }),
    );
  });

  it('maps prepaid utilities to a lookup and a purchase reference, other types to one', () => {
    expect(intentReferences('abc', 'prepaid-utility.purchase')).toEqual({ L: 'abc.L', P: 'abc.P' });
    expect(intentReferences('abc', '1voucher.purchase')).toEqual({ V: 'abc' });
  });
});
