import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { WritePlan } from './condition.ts';
import { IntentStoreError, wrapDynamoError } from './errors.ts';
import {
  conditionExpression,
  Expression,
  mapWithConcurrency,
  updateExpression,
  updateParts,
} from './expression.ts';
import { type Item, n, s, toRecord } from './record.ts';
import {
  classifyExisting,
  decodeDue,
  dueShardNames,
  dueShardOf,
  storeSettings,
  validLimit,
} from './rules.ts';
import type {
  IntentStore,
  IntentStoreOptions,
  MarkPublishedOutcome,
  TransitionOutcome,
} from './store-types.ts';
import { DUE_INDEX_NAME } from './table.ts';
import {
  advanceStepPlan,
  claimForResendPlan,
  claimItem,
  completePlan,
  deferOutboxPlan,
  extendLeasePlan,
  holdUndecodablePlan,
  MARK_PUBLISHED_PLAN,
  NEW_ITEM,
  quarantinePlan,
  recordUnknownPlan,
  rejectedItem,
} from './transitions.ts';

/**
 * The intent store on DynamoDB. Every transition is one conditional write on one item; a lost race
 * comes back as a value carrying the item as it is (ReturnValuesOnConditionCheckFailure: ALL_OLD),
 * never as a second read. The happy path costs two writes: `claim` (PutItem) and `complete`
 * (UpdateItem). Clearing the outbox flag (`markPublished`) is meant to be batched off the hot path.
 * What each write checks and changes is in `transitions.ts` (shared with the in-memory store); this
 * file only turns those plans into DynamoDB calls.
 *
 * Leases: a lease is `leaseOwner` + `leaseExpiresAt`. While an intent is `in_flight` its
 * `nextActionAt` equals the lease expiry, so an intent whose worker died shows up in `findDue`
 * exactly when its lease runs out:
 *
 *   worker A: claim ──── send ──── (crash)
 *             |<------- leaseMs ------->|
 *   reconciler:                         findDue -> claimForResend (attempts+1, owner R) -> resend
 *   worker A, if it was only slow:        complete(owner A) -> { ok: false }: R owns it now;
 *                                          R's resend uses the same reference, so Flash answers
 *                                          with the original outcome instead of vending again.
 */
export function createIntentStore(options: IntentStoreOptions): IntentStore {
  const { client, tableName } = options;
  if (!tableName) throw new IntentStoreError('INVALID_CONFIG', 'tableName is required');
  const settings = storeSettings(options);
  const { sealer, dueShards } = settings;
  const now = options.now ?? Date.now;

  /** The plan's condition and update as one UpdateItem's expressions. */
  function updateCommand(intentId: string, plan: WritePlan) {
    const e = new Expression();
    const condition = conditionExpression(e, plan.condition);
    return {
      TableName: tableName,
      Key: { intentId: s(intentId) },
      UpdateExpression: updateExpression(updateParts(e, plan.update)),
      ConditionExpression: condition,
      ...e.attributes(),
    };
  }

  /** Runs one conditional UpdateItem; a failed condition returns the current item instead of throwing. */
  async function conditionalUpdate(
    intentId: string,
    operation: string,
    plan: WritePlan,
  ): Promise<TransitionOutcome> {
    try {
      const out = await client.send(
        new UpdateItemCommand({
          ...updateCommand(intentId, plan),
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { ok: true, record: toRecord(out.Attributes ?? {}, sealer) };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        return { ok: false, current: error.Item ? toRecord(error.Item, sealer) : null };
      }
      throw wrapDynamoError(error, operation, intentId, { itemWrite: true });
    }
  }

  /**
   * A conditional UpdateItem on an item that may not decode: no record is read back (its sealed
   * values cannot be opened), only whether the write happened.
   */
  async function rawConditionalUpdate(
    intentId: string,
    operation: string,
    plan: WritePlan,
  ): Promise<{ ok: boolean }> {
    try {
      await client.send(new UpdateItemCommand(updateCommand(intentId, plan)));
      return { ok: true };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { ok: false };
      throw wrapDynamoError(error, operation, intentId, { itemWrite: true });
    }
  }

  async function putNew(
    item: Item,
    operation: string,
  ): Promise<{ ok: true } | { ok: false; existing: Item }> {
    const e = new Expression();
    try {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: item,
          ConditionExpression: conditionExpression(e, NEW_ITEM),
          ...e.attributes(),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { ok: true };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException && error.Item)
        return { ok: false, existing: error.Item };
      throw wrapDynamoError(error, operation, item.intentId?.S, { itemWrite: true });
    }
  }

  const store: IntentStore = {
    tableName,
    dueShards,
    dueShardOf: (intentId) => dueShardOf(intentId, dueShards),

    async claim(input) {
      const item = claimItem(settings, input, now());
      const put = await putNew(item, 'claim');
      if (put.ok) return { kind: 'claimed', record: toRecord(item, sealer) };
      const existing = toRecord(put.existing, sealer);
      return classifyExisting(
        existing,
        input.matchesStoredHash ?? ((stored) => stored === input.payloadHash),
      );
    },

    async claimForResend(input) {
      return conditionalUpdate(input.intentId, 'claimForResend', claimForResendPlan(settings, input, now()));
    },

    async recordUnknown(input) {
      return conditionalUpdate(input.intentId, 'recordUnknown', recordUnknownPlan(settings, input, now()));
    },

    async advanceStep(input) {
      return conditionalUpdate(input.intentId, 'advanceStep', advanceStepPlan(settings, input, now()));
    },

    async extendLease(input) {
      return conditionalUpdate(input.intentId, 'extendLease', extendLeasePlan(input, now()));
    },

    async complete(input) {
      return conditionalUpdate(input.intentId, 'complete', completePlan(settings, input, now()));
    },

    async recordRejected(input) {
      const item = rejectedItem(settings, input, now());
      const put = await putNew(item, 'recordRejected');
      if (put.ok) return { kind: 'recorded', record: toRecord(item, sealer) };
      return { kind: 'exists', record: toRecord(put.existing, sealer) };
    },

    async markPublished(intentIds) {
      const outcome: MarkPublishedOutcome = { published: [], skipped: [], failed: [] };
      const unique = [...new Set(intentIds)];
      await mapWithConcurrency(unique, settings.markPublishedConcurrency, async (intentId) => {
        try {
          await client.send(new UpdateItemCommand(updateCommand(intentId, MARK_PUBLISHED_PLAN)));
          outcome.published.push(intentId);
        } catch (error) {
          if (error instanceof ConditionalCheckFailedException) outcome.skipped.push(intentId);
          else
            outcome.failed.push({
              intentId,
              error: wrapDynamoError(error, 'markPublished', intentId, { itemWrite: true }),
            });
        }
      });
      return outcome;
    },

    async deferOutbox(input) {
      return conditionalUpdate(input.intentId, 'deferOutbox', deferOutboxPlan(input, now()));
    },

    async findDue(input) {
      const at = input.now ?? now();
      validLimit(input.limit);
      // Each shard is already sorted by nextActionAt; take `limit` from each and merge, so the
      // oldest due work comes first whichever shard it sits in.
      const pages = await Promise.all(
        dueShardNames(dueShards).map(async (shard) => {
          try {
            const out = await client.send(
              new QueryCommand({
                TableName: tableName,
                IndexName: DUE_INDEX_NAME,
                KeyConditionExpression: 'dueShard = :shard AND nextActionAt <= :now',
                ExpressionAttributeValues: { ':shard': s(shard), ':now': n(at) },
                ScanIndexForward: true,
                Limit: input.limit,
              }),
            );
            return out.Items ?? [];
          } catch (error) {
            throw wrapDynamoError(error, 'findDue');
          }
        }),
      );
      return decodeDue(pages.flat(), sealer, input.limit);
    },

    async holdUndecodable(input) {
      return rawConditionalUpdate(input.intentId, 'holdUndecodable', holdUndecodablePlan(input));
    },

    async quarantine(input) {
      return rawConditionalUpdate(input.intentId, 'quarantine', quarantinePlan(input, now()));
    },

    async get(intentId) {
      try {
        const out = await client.send(
          new GetItemCommand({ TableName: tableName, Key: { intentId: s(intentId) }, ConsistentRead: true }),
        );
        return out.Item ? toRecord(out.Item, sealer) : null;
      } catch (error) {
        throw wrapDynamoError(error, 'get', intentId);
      }
    },
  };
  return store;
}
