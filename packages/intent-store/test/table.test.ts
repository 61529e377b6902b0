import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  createIntentStore,
  ensureIntentsTable,
  IntentStoreError,
  intentsTableDeployment,
} from '../src/index.ts';
import { createClient, sealer } from './helpers.ts';

describe('intents table', () => {
  it('matches the committed infra/dynamodb/intents-table.json (regenerate with scripts/export-table-json.ts)', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../../infra/dynamodb/intents-table.json', import.meta.url), 'utf8'),
    );
    expect(committed).toEqual(intentsTableDeployment('vendstream-intents'));
  });

  it('is created once, with the due index ACTIVE and TTL on expiresAt, even when ensured twice at once', async () => {
    const client = createClient();
    const tableName = `intents-${randomUUID()}`;
    try {
      await Promise.all([
        ensureIntentsTable(client, tableName, { pollMs: 50 }),
        ensureIntentsTable(client, tableName, { pollMs: 50 }),
      ]);
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      expect(Table?.TableStatus).toBe('ACTIVE');
      expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
      expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(['due']);
      const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
      expect(ttl.TimeToLiveDescription?.AttributeName).toBe('expiresAt');
      expect(['ENABLED', 'ENABLING']).toContain(ttl.TimeToLiveDescription?.TimeToLiveStatus);
    } finally {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      client.destroy();
    }
  });

  it('rejects bad store configuration at construction', () => {
    const client = createClient();
    expect(() => createIntentStore({ client, tableName: 't', sealer, dueShards: 0 })).toThrow(
      IntentStoreError,
    );
    expect(() => createIntentStore({ client, tableName: '', sealer })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    );
    client.destroy();
  });
});
