import { randomBytes } from 'node:crypto';
import { GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIntentStore, DUE_INDEX_NAME, type IntentStore } from '../src/index.ts';
import { type ContractStore, storeContract } from './contract.ts';
import { claimInput, createClient, createTestStore, redeemIntent, resultData, sealer } from './helpers.ts';

/** The DynamoDB store on a fresh DynamoDB Local table per test. */
async function dynamoStore(): Promise<ContractStore> {
  const t = await createTestStore();
  return {
    store: t.store,
    clock: t.clock,
    withSealer: (other) =>
      createIntentStore({ client: t.client, tableName: t.tableName, sealer: other, now: t.clock.now }),
    async rawItem(intentId) {
      const out = await t.client.send(
        new GetItemCommand({
          TableName: t.tableName,
          Key: { intentId: { S: intentId } },
          ConsistentRead: true,
        }),
      );
      return out.Item;
    },
    dispose: t.dispose,
  };
}

storeContract('DynamoDB Local', dynamoStore);

// What only DynamoDB itself can show.
describe('DynamoDB store', () => {
  let t: Awaited<ReturnType<typeof createTestStore>>;
  let store: IntentStore;

  beforeEach(async () => {
    t = await createTestStore();
    store = t.store;
  });
  afterEach(async () => {
    await t.dispose();
  });

  it('reports an item over 400 KB as ITEM_REJECTED because DynamoDB answers ValidationException', async () => {
    const intent = redeemIntent();
    const error = await store
      .claim({ ...claimInput(intent), intent: { ...intent, filler: 'x'.repeat(450_000) } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ITEM_REJECTED', cause: { name: 'ValidationException' } });
    expect(String((error as Error).message)).toContain('refused by DynamoDB');
  });

  it('puts due items in the table’s `due` index under their shard, and takes published ones out', async () => {
    const input = claimInput(redeemIntent(), 'w', 1_000);
    await store.claim(input);
    const inIndex = async () =>
      (
        await t.client.send(
          new QueryCommand({
            TableName: t.tableName,
            IndexName: DUE_INDEX_NAME,
            KeyConditionExpression: 'dueShard = :shard',
            ExpressionAttributeValues: { ':shard': { S: store.dueShardOf(input.intentId) } },
          }),
        )
      ).Items?.map((item) => [item.intentId?.S, Number(item.nextActionAt?.N)]);
    expect(await inIndex()).toEqual([[input.intentId, t.clock.now() + 1_000]]);
    await store.complete({
      intentId: input.intentId,
      owner: 'w',
      status: 'succeeded',
      result: resultData(input.intentId, 'succeeded'),
    });
    await store.markPublished([input.intentId]);
    expect(await inIndex()).toEqual([]);
  });

  it('reports a call against a missing table as a service failure, not an item one', async () => {
    const client = createClient();
    try {
      const missing = createIntentStore({
        client,
        tableName: `missing-${randomBytes(6).toString('hex')}`,
        sealer,
      });
      const error = await missing.claim(claimInput()).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'DYNAMODB_ERROR', scope: 'service' });
      await expect(missing.findDue({ limit: 1 })).rejects.toMatchObject({ scope: 'service' });
      await expect(missing.get('x')).rejects.toMatchObject({ scope: 'service' });
    } finally {
      client.destroy();
    }
  });
});
