import { describe, expect, it } from 'vitest';
import { randomClusterId } from '../src/kafka.ts';

describe('randomClusterId', () => {
  it('makes 22-character base64url ids that never start with "-" (the storage tool would read an option)', () => {
    // About one random id in 64 starts with "-": ten thousand draws meet that case many times.
    const ids = Array.from({ length: 10_000 }, randomClusterId);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
