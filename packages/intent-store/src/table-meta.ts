import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  type QueryCommandOutput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DueShardsMismatchError, wrapDynamoError } from './errors.ts';
import { n, s } from './record.ts';
import { DEFAULT_DUE_SHARDS, dueShardName, validDueShards } from './rules.ts';
import { DUE_INDEX_NAME } from './table.ts';

/**
 * The table's own settings live in the table, in one item, so that no two processes can disagree
 * on them: the number of due shards (a worker writing to shards the reconciler does not read
 * leaves crashed intents non-terminal forever), and every sealing key id that has ever sealed an
 * item (so a process started without one of them can say which, before it meets the items).
 *
 * Its key can never be an intent id: intent ids are 1..200 characters (contracts' `intentIdSchema`,
 * checked before anything is stored), and this one has 256. So no claim can create, overwrite or
 * read it as an intent. It has neither `dueShard` nor `nextActionAt` (never in the due index) nor
 * `expiresAt` (never removed by TTL).
 */
export const META_ITEM_ID = 'vendstream#table-meta#'.padEnd(256, '#');

export { DEFAULT_DUE_SHARDS };

export interface TableMeta {
  dueShards: number;
  /** Every key id that has sealed items in this table (each process adds its current one at start). */
  sealingKeyIds: string[];
  /** Epoch ms when the first process wrote the meta item. */
  createdAt: number;
}

/**
 * Writes the meta item if the table has none (a conditional put: of several processes starting at
 * once, exactly one creates it, with its own `dueShards` or the default), reads it otherwise, and
 * records `sealingKeyId` in it. Throws `DueShardsMismatchError` when `dueShards` is given and
 * differs from the table's; an absent `dueShards` adopts the table's.
 */
export async function ensureTableMeta(
  client: DynamoDBClient,
  tableName: string,
  options: { dueShards?: number | undefined; sealingKeyId: string; now?: () => number },
): Promise<TableMeta> {
  const now = options.now ?? Date.now;
  if (options.dueShards !== undefined) validDueShards(options.dueShards, 'dueShards');
  const created: TableMeta = {
    dueShards: options.dueShards ?? DEFAULT_DUE_SHARDS,
    sealingKeyIds: [options.sealingKeyId],
    createdAt: now(),
  };
  let existing: Record<string, AttributeValue>;
  try {
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          intentId: s(META_ITEM_ID),
          kind: s('table-meta'),
          dueShards: n(created.dueShards),
          sealingKeyIds: { SS: created.sealingKeyIds },
          createdAt: n(created.createdAt),
        },
        ConditionExpression: 'attribute_not_exists(intentId)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return created;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException && error.Item)) {
      throw wrapDynamoError(error, 'ensureTableMeta');
    }
    existing = error.Item;
  }
  const meta = toMeta(tableName, existing);
  if (options.dueShards !== undefined && options.dueShards !== meta.dueShards) {
    throw new DueShardsMismatchError(tableName, options.dueShards, meta.dueShards);
  }
  if (meta.sealingKeyIds.includes(options.sealingKeyId)) return meta;
  try {
    // ADD to a string set: concurrent starts with different keys each keep theirs.
    const out = await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: { intentId: s(META_ITEM_ID) },
        UpdateExpression: 'ADD #kids :kid',
        ExpressionAttributeNames: { '#kids': 'sealingKeyIds' },
        ExpressionAttributeValues: { ':kid': { SS: [options.sealingKeyId] } },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toMeta(tableName, out.Attributes ?? {});
  } catch (error) {
    throw wrapDynamoError(error, 'ensureTableMeta');
  }
}

function toMeta(tableName: string, item: Record<string, AttributeValue>): TableMeta {
  const dueShards = Number(item.dueShards?.N);
  validDueShards(dueShards, `the meta item of table ${tableName}: dueShards`);
  return {
    dueShards,
    sealingKeyIds: [...(item.sealingKeyIds?.SS ?? [])].sort(),
    createdAt: Number(item.createdAt?.N ?? 0),
  };
}

/** The attributes that hold sealed JSON as strings (`stepResponses` is a map: not searched). */
const SEALED_ATTRIBUTES = ['intent', 'result', 'lastResponse', 'lastError'] as const;

/**
 * How many items in the due index hold a value sealed with each of `keyIds`, counting each key up
 * to `bound` (then `atLeast`). Reads every due shard, whatever the due time: an item due next week
 * is as stuck as one due now. The filter runs in DynamoDB; a sealed envelope is stored as
 * `{"$sealed":"v1","kid":"<id>",...}`, and a quote inside intent data is escaped, so the marker
 * matches envelopes only.
 */
export async function countDueSealedWith(
  client: DynamoDBClient,
  tableName: string,
  dueShards: number,
  keyIds: readonly string[],
  bound = 10_000,
): Promise<Map<string, { dueItems: number; atLeast: boolean }>> {
  const counts = new Map(keyIds.map((keyId) => [keyId, { dueItems: 0, atLeast: false }]));
  if (keyIds.length === 0) return counts;
  const marker = (keyId: string) => `"$sealed":"v1","kid":"${keyId}"`;
  const names: Record<string, string> = { '#shard': 'dueShard' };
  const values: Record<string, AttributeValue> = {};
  const clauses: string[] = [];
  SEALED_ATTRIBUTES.forEach((attribute, a) => {
    names[`#a${a}`] = attribute;
    keyIds.forEach((keyId, k) => {
      values[`:k${k}`] = s(marker(keyId));
      clauses.push(`contains(#a${a}, :k${k})`);
    });
  });
  const done = () => [...counts.values()].every((count) => count.atLeast);
  for (let shard = 0; shard < dueShards && !done(); shard++) {
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      let out: QueryCommandOutput;
      try {
        out = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: DUE_INDEX_NAME,
            KeyConditionExpression: '#shard = :shard',
            FilterExpression: clauses.join(' OR '),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ...values, ':shard': s(dueShardName(shard)) },
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
      } catch (error) {
        throw wrapDynamoError(error, 'countDueSealedWith');
      }
      for (const item of out.Items ?? []) {
        for (const keyId of keyIds) {
          const count = counts.get(keyId);
          if (!count || count.atLeast) continue;
          if (SEALED_ATTRIBUTES.some((attribute) => item[attribute]?.S?.includes(marker(keyId)))) {
            count.dueItems++;
            if (count.dueItems >= bound) count.atLeast = true;
          }
        }
      }
      startKey = out.LastEvaluatedKey;
    } while (startKey && !done());
  }
  return counts;
}
