import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { IntentStoreError, wrapDynamoError } from './errors.ts';

/**
 * The intents table: the single source of truth for its shape. `infra/dynamodb/intents-table.json`
 * is generated from it (scripts/export-table-json.ts) and a test keeps the two equal.
 *
 * - Partition key `intentId`: every read and write addresses one intent, no hot keys beyond one id.
 * - Sparse GSI `due` (partition `dueShard` = `due#0..N-1`, sort `nextActionAt` epoch ms): the two
 *   attributes exist only while some action is due (lease expiry of an in-flight intent, the next
 *   resend of an unknown one, the republish deadline of an unpublished result), so the reconciler
 *   queries only due work and never scans. Sharding spreads the index's write load.
 * - TTL on `expiresAt` (epoch seconds): items leave after the retention period.
 */
export const DUE_INDEX_NAME = 'due';
export const TTL_ATTRIBUTE = 'expiresAt';

export function intentsTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'intentId', AttributeType: 'S' },
      { AttributeName: 'dueShard', AttributeType: 'S' },
      { AttributeName: 'nextActionAt', AttributeType: 'N' },
    ],
    KeySchema: [{ AttributeName: 'intentId', KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [
      {
        IndexName: DUE_INDEX_NAME,
        KeySchema: [
          { AttributeName: 'dueShard', KeyType: 'HASH' },
          { AttributeName: 'nextActionAt', KeyType: 'RANGE' },
        ],
        // ALL: the reconciler resends from the index row without a second read. Only due items
        // are in the index, so the extra storage is small.
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}

/** The deployment description written to infra/dynamodb/intents-table.json. */
export function intentsTableDeployment(tableName: string) {
  return {
    createTable: intentsTableDefinition(tableName),
    timeToLive: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
  };
}

export interface EnsureTableOptions {
  /** How long to wait for ACTIVE. Default 60 s. */
  timeoutMs?: number;
  /** Poll interval while waiting. Default 200 ms. */
  pollMs?: number;
}

/**
 * Creates the table if it is missing, waits until it and its index are ACTIVE, and enables TTL on
 * `expiresAt`. Safe to call from several processes at once (a concurrent create is tolerated).
 */
export async function ensureIntentsTable(
  client: DynamoDBClient,
  tableName: string,
  options: EnsureTableOptions = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const pollMs = options.pollMs ?? 200;
  try {
    await client.send(new CreateTableCommand(intentsTableDefinition(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw wrapDynamoError(error, 'CreateTable');
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE');
      if (Table?.TableStatus === 'ACTIVE' && indexesActive) break;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw wrapDynamoError(error, 'DescribeTable');
    }
    if (Date.now() > deadline) {
      throw new IntentStoreError('TABLE_NOT_ACTIVE', `table ${tableName} not ACTIVE after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  try {
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    const status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
    if (status === 'ENABLED' || status === 'ENABLING') return;
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      }),
    );
  } catch (error) {
    // Another process enabling TTL at the same moment gets a ValidationException: already done.
    if (error instanceof Error && /already enabled/i.test(error.message)) return;
    throw wrapDynamoError(error, 'UpdateTimeToLive');
  }
}

/** The exact text of infra/dynamodb/intents-table.json (table name `vendstream-intents`). */
export function renderTableJson(): string {
  return `${JSON.stringify(intentsTableDeployment('vendstream-intents'), null, 2)}\n`;
}
