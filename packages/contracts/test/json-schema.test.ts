import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderJsonSchemas } from '../src/index.ts';

describe('committed JSON Schema files', () => {
  it('match the zod schemas (run `node packages/contracts/scripts/export-json-schema.ts` if not)', () => {
    const rendered = renderJsonSchemas();
    expect(Object.keys(rendered).sort()).toEqual(['intent.v1.schema.json', 'result.v1.schema.json']);
    for (const [name, text] of Object.entries(rendered)) {
      const committed = readFileSync(new URL(`../schemas/${name}`, import.meta.url), 'utf8');
      expect(committed, `schemas/${name} is stale`).toBe(text);
    }
  });
});
