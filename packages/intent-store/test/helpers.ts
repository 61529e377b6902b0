import { randomBytes, randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createSecretSealer, intentReferences, payloadHash, type ResultData } from '@vendstream/contracts';
import { manualClock } from '@vendstream/testing';
import {
  type ClaimInput,
  createIntentStore,
  ensureIntentsTable,
  type IntentStoreOptions,
} from '../src/index.ts';

export const endpoint = process.env.DYNAMODB_ENDPOINT ?? 'http://127.0.0.1:18000';

export function createClient(): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

export const sealer = createSecretSealer({ keys: { k1: randomBytes(32) }, currentKeyId: 'k1' });

/** A fresh table per test, deleted afterwards. */
export async function createTestStore(overrides: Partial<IntentStoreOptions> = {}) {
  const client = createClient();
  const tableName = `intents-${randomUUID()}`;
  await ensureIntentsTable(client, tableName, { pollMs: 50 });
  const clock = manualClock();
  const store = createIntentStore({ client, tableName, sealer, now: clock.now, ...overrides });
  return {
    client,
    tableName,
    clock,
    store,
    async dispose() {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      client.destroy();
    },
  };
}

export const PIN = '4444333322221111';

export function redeemIntent(id = randomUUID()) {
  return {
    specversion: '1.0' as const,
    id,
    source: 'urn:test',
    type: '1voucher.redeem' as const,
    time: '2025-01-01T10:00:00Z',
    data: { accountNumber: 'ACC1', pin: PIN, amount: 0 },
  };
}

export function resultData(
  intentId: string,
  status: ResultData['status'],
  extra: Partial<ResultData> = {},
): ResultData {
  return {
    intentId,
    intentType: '1voucher.redeem',
    status,
    references: [intentId],
    attempts: 1,
    provider: 'flash',
    completedAt: '2025-01-01T10:00:01.000Z',
    ...(status === 'succeeded' ? {} : { error: { code: 'X', message: 'x', source: 'provider' as const } }),
    ...extra,
  };
}

/** A claim of a 1Voucher redeem intent by `owner`, in batch `batch-1`. */
export function claimInput(intent = redeemIntent(), owner = 'worker-a', leaseMs = 30_000): ClaimInput {
  return {
    intentId: intent.id,
    type: intent.type,
    payloadHash: payloadHash(intent),
    references: intentReferences(intent.id, intent.type),
    intent,
    owner,
    leaseMs,
    batchId: 'batch-1',
  };
}
