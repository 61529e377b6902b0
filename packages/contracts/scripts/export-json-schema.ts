// Writes the JSON Schema files of the intent and result events to packages/contracts/schemas/.
// Run from anywhere: `node packages/contracts/scripts/export-json-schema.ts`. Commit the output;
// test/json-schema.test.ts fails when the committed files are stale.
import { writeFileSync } from 'node:fs';
import { renderJsonSchemas } from '../src/json-schema.ts';

const dir = new URL('../schemas/', import.meta.url);
for (const [name, text] of Object.entries(renderJsonSchemas())) {
  writeFileSync(new URL(name, dir), text);
  console.log(`wrote schemas/${name}`);
}
