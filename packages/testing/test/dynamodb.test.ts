import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteTableCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableExists, testDynamoClient, uniqueName } from '../src/index.ts';

describe('real DynamoDB Local', () => {
  const client = testDynamoClient();
  const tableName = uniqueName('proof-table');

  beforeAll(async () => {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
  });
  afterAll(async () => {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
    client.destroy();
  });

  it('lets exactly one of many concurrent conditional puts win, and the losers get the winning item back', async () => {
    const contenders = Array.from({ length: 8 }, (_, i) => `owner-${i}`);
    const outcomes = await Promise.all(
      contenders.map(async (owner) => {
        try {
          await client.send(
            new PutItemCommand({
              TableName: tableName,
              Item: { pk: { S: 'intent-1' }, owner: { S: owner } },
              ConditionExpression: 'attribute_not_exists(pk)',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            }),
          );
          return { owner, won: true as const };
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
          return { owner, won: false as const, existingOwner: error.Item?.owner?.S };
        }
      }),
    );
    const winners = outcomes.filter((o) => o.won);
    expect(winners).toHaveLength(1);
    const losers = outcomes.filter((o) => !o.won);
    expect(losers).toHaveLength(7);
    for (const loser of losers) expect(loser).toMatchObject({ existingOwner: winners[0]?.owner });
  });

  it('tells a table that exists from one that was never created', async () => {
    expect(await tableExists(tableName)).toBe(true);
    expect(await tableExists(uniqueName('never-created'))).toBe(false);
  });
});
