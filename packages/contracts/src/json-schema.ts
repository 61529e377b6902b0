import { z } from 'zod';
import { intentSchema } from './intent.ts';
import { resultEventSchema } from './result.ts';

/**
 * JSON Schema (draft 2020-12) of the intent and result events, for producers and consumers in
 * other languages. `scripts/export-json-schema.ts` writes them to `schemas/`; a test fails when the
 * committed files differ from what this returns.
 */
export function buildJsonSchemas(): Record<'intent.v1.schema.json' | 'result.v1.schema.json', object> {
  return {
    'intent.v1.schema.json': {
      ...z.toJSONSchema(intentSchema, { io: 'input' }),
      $id: 'urn:vendstream:schema:intent:v1',
      title: 'vendstream purchase intent (CloudEvents 1.0 JSON), v1',
    },
    'result.v1.schema.json': {
      ...z.toJSONSchema(resultEventSchema, { io: 'output' }),
      $id: 'urn:vendstream:schema:result:v1',
      title: 'vendstream result event (CloudEvents 1.0 JSON), v1',
    },
  };
}

/** The exact text written to each file (2-space indent, trailing newline). */
export function renderJsonSchemas(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(buildJsonSchemas()).map(([name, schema]) => [
      name,
      `${JSON.stringify(schema, null, 2)}\n`,
    ]),
  );
}
