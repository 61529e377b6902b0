import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classOfCode, DOCUMENTED_CODES } from '../src/index.ts';

// A copy of shared/reference/flash-response-codes.tsv (every documented Flash code), kept in the
// repository so the test does not depend on what sits beside a clone.
const TSV = new URL('./fixtures/flash-response-codes.tsv', import.meta.url);

function codesInTsv(): { rows: number; codes: number[] } {
  const lines = readFileSync(TSV, 'utf8').trim().split('\n').slice(1);
  const codes: number[] = [];
  for (const line of lines) {
    for (const part of (line.split('\t')[0] ?? '').split(',')) {
      const [from, to] = part.split('-').map(Number);
      if (from === undefined || Number.isNaN(from)) throw new Error(`bad code cell: ${line}`);
      for (let code = from; code <= (to ?? from); code++) codes.push(code);
    }
  }
  return { rows: lines.length, codes };
}

describe('response code table', () => {
  it('knows every code of flash-response-codes.tsv and no other', () => {
    const { rows, codes } = codesInTsv();
    // 211 single codes plus one row of "temporarily unavailable" ranges: 240 codes in all.
    expect(rows).toBe(212);
    expect(codes).toHaveLength(240);
    expect([...DOCUMENTED_CODES].sort()).toEqual([...codes].sort());
  });

  it('puts each code of the notes table in its class', () => {
    const expected: Record<string, number[]> = {
      resubmit: [2210, 2211, 2220, 2331, 2378, 2661, 2771, 2318, 2319],
      throttled: [2373, 2377],
      unavailable: [2001, 2225, 2228, 2234, 2240, 2247, 2250, 2252, 2254, 2255, 2262, 2266],
      auth: [2232, 2233, 3700, 3704, 3705, 3711],
      ambiguous: [2222, 2201, 2359, 2372, 2400, 2600, 2601, 2660, 2662, 2663, 2700, 2701, 2770, 2772, 2773],
      mismatch: [2256],
      declined: [1033, 2003, 2101, 2204, 2231, 2301, 2304, 2376, 2401, 2402, 2405, 2664, 2774, 3315],
    };
    for (const [cls, codes] of Object.entries(expected)) {
      for (const code of codes) expect({ code, cls: classOfCode(code) }).toEqual({ code, cls });
    }
  });

  it('treats any code Flash never documented as ambiguous, never as declined', () => {
    for (const code of [1, 999, 2002, 2317, 2374, 4000, -1]) expect(classOfCode(code)).toBe('ambiguous');
  });

  it('classifies every documented code that is in no special class as declined', () => {
    const special = new Set(['resubmit', 'throttled', 'unavailable', 'auth', 'ambiguous', 'mismatch']);
    const declined = DOCUMENTED_CODES.filter((code) => !special.has(classOfCode(code)));
    expect(declined.length).toBeGreaterThan(150);
    for (const code of declined) expect(classOfCode(code)).toBe('declined');
  });
});
