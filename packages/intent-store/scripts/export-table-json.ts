// Writes infra/dynamodb/intents-table.json from the store's table definition (the source of truth).
// Run: `node packages/intent-store/scripts/export-table-json.ts`. test/table.test.ts fails when stale.
import { writeFileSync } from 'node:fs';
import { renderTableJson } from '../src/table.ts';

writeFileSync(new URL('../../../infra/dynamodb/intents-table.json', import.meta.url), renderTableJson());
console.log('wrote infra/dynamodb/intents-table.json');
