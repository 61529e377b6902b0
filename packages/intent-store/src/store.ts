import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { IntentStoreError, wrapDynamoError } from './errors.ts';
import { Expression, mapWithConcurrency, type UpdateParts, updateExpression } from './expression.ts';
import {
  bool,
  type IntentRecord,
  type Item,
  isTerminalState,
  n,
  s,
  sealedJson,
  stringMap,
  TERMINAL_STATES,
  toRecord,
} from './record.ts';
import type {
  ClaimOutcome,
  IntentStore,
  IntentStoreOptions,
  MarkPublishedOutcome,
  RecordRejectedOutcome,
  ResendableState,
  TransitionOutcome,
  UndecodableDueItem,
} from './store-types.ts';
import { DUE_INDEX_NAME, TTL_ATTRIBUTE } from './table.ts';

const DAY_SECONDS = 86_400;

/**
 * The intent store on DynamoDB. Every transition is one conditional write on one item; a lost race
 * comes back as a value carrying the item as it is (ReturnValuesOnConditionCheckFailure: ALL_OLD),
 * never as a second read. The happy path costs two writes: `claim` (PutItem) and `complete`
 * (UpdateItem). Clearing the outbox flag (`markPublished`) is meant to be batched off the hot path.
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
  const { client, sealer, tableName } = options;
  const now = options.now ?? Date.now;
  const dueShards = options.dueShards ?? 4;
  const retentionDays = options.retentionDays ?? 30;
  const outboxGraceMs = options.outboxGraceMs ?? 60_000;
  const concurrency = options.markPublishedConcurrency ?? 16;
  if (!tableName) throw new IntentStoreError('INVALID_CONFIG', 'tableName is required');
  if (!sealer) throw new IntentStoreError('INVALID_CONFIG', 'sealer is required: PINs are sealed at rest');
  if (!Number.isInteger(dueShards) || dueShards < 1 || dueShards > 1000) {
    throw new IntentStoreError('INVALID_CONFIG', `dueShards must be an integer in 1..1000, got ${dueShards}`);
  }
  if (!(retentionDays > 0)) throw new IntentStoreError('INVALID_CONFIG', 'retentionDays must be > 0');
  if (!(outboxGraceMs >= 0)) throw new IntentStoreError('INVALID_CONFIG', 'outboxGraceMs must be >= 0');
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new IntentStoreError('INVALID_CONFIG', 'markPublishedConcurrency must be a positive integer');
  }

  function dueShardOf(intentId: string): string {
    // FNV-1a: stable across processes and versions, so an item's later writes hit the same shard.
    let hash = 0x811c9dc5;
    for (let i = 0; i < intentId.length; i++) {
      hash ^= intentId.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    return `due#${(hash >>> 0) % dueShards}`;
  }

  const expiresAtFrom = (at: number) => Math.floor(at / 1000) + Math.round(retentionDays * DAY_SECONDS);
  const positive = (value: number, name: string) => {
    if (!Number.isFinite(value) || value <= 0) {
      throw new IntentStoreError('INVALID_ARGUMENT', `${name} must be a positive number of ms`);
    }
  };

  /** Runs one conditional UpdateItem; a failed condition returns the current item instead of throwing. */
  async function conditionalUpdate(
    intentId: string,
    operation: string,
    build: (e: Expression) => { update: UpdateParts; condition: string },
  ): Promise<TransitionOutcome> {
    const e = new Expression();
    const { update, condition } = build(e);
    try {
      const out = await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: { intentId: s(intentId) },
          UpdateExpression: updateExpression(update),
          ConditionExpression: condition,
          ...e.attributes(),
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
    build: (e: Expression) => { update: UpdateParts; condition: string },
  ): Promise<{ ok: boolean }> {
    const e = new Expression();
    const { update, condition } = build(e);
    try {
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: { intentId: s(intentId) },
          UpdateExpression: updateExpression(update),
          ConditionExpression: condition,
          ...e.attributes(),
        }),
      );
      return { ok: true };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { ok: false };
      throw wrapDynamoError(error, operation, intentId, { itemWrite: true });
    }
  }

  /** `in_flight` and leased to `owner`: the precondition of every transition a worker makes. */
  const heldBy = (e: Expression, owner: string) =>
    `${e.name('state')} = ${e.value(s('in_flight'))} AND ${e.name('leaseOwner')} = ${e.value(s(owner))}`;

  /**
   * `unknown`, or `in_flight` with an expired lease: free for someone without the lease. Used as a
   * whole condition (DynamoDB rejects redundant parentheses, so a single branch is left bare).
   */
  function takeable(
    e: Expression,
    at: number,
    states: readonly ResendableState[],
    options: { requireDue?: boolean } = {},
  ): string {
    const parts: string[] = [];
    if (states.includes('unknown')) {
      // A resend waits for its back-off: a second reconciler holding a stale read of the item must
      // not resend right after the first one recorded another unknown outcome.
      const due = options.requireDue ? ` AND ${e.name('nextActionAt')} <= ${e.value(n(at))}` : '';
      parts.push(`${e.name('state')} = ${e.value(s('unknown'))}${due}`);
    }
    if (states.includes('in_flight')) {
      parts.push(
        `${e.name('state')} = ${e.value(s('in_flight'))} AND ${e.name('leaseExpiresAt')} < ${e.value(n(at))}`,
      );
    }
    if (parts.length === 0)
      throw new IntentStoreError('INVALID_ARGUMENT', 'expect must name a resendable state');
    return parts.length === 1 ? (parts[0] as string) : parts.map((part) => `(${part})`).join(' OR ');
  }

  async function putNew(
    item: Item,
    operation: string,
  ): Promise<{ ok: true } | { ok: false; existing: Item }> {
    try {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(intentId)',
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
    dueShardOf,

    async claim(input) {
      positive(input.leaseMs, 'leaseMs');
      const steps = Object.keys(input.references);
      const currentStep = input.currentStep ?? steps[0];
      if (currentStep === undefined || !steps.includes(currentStep)) {
        throw new IntentStoreError('INVALID_ARGUMENT', 'currentStep must be one of the references’ steps', {
          intentId: input.intentId,
        });
      }
      const at = now();
      const leaseExpiresAt = at + input.leaseMs;
      const item: Item = {
        intentId: s(input.intentId),
        type: s(input.type),
        state: s('in_flight'),
        payloadHash: s(input.payloadHash),
        references: stringMap(input.references),
        currentStep: s(currentStep),
        firstSentAt: n(at),
        mayHaveSent: bool(false),
        attempts: n(1),
        leaseOwner: s(input.owner),
        leaseExpiresAt: n(leaseExpiresAt),
        nextActionAt: n(leaseExpiresAt),
        dueShard: s(dueShardOf(input.intentId)),
        outboxPending: bool(false),
        intent: sealedJson(sealer, input.intent, input.intentId),
        stepResponses: { M: {} },
        createdAt: n(at),
        updatedAt: n(at),
        expiresAt: n(expiresAtFrom(at)),
      };
      if (input.batchId !== undefined) item.batchId = s(input.batchId);
      const put = await putNew(item, 'claim');
      if (put.ok) return { kind: 'claimed', record: toRecord(item, sealer) };
      const existing = toRecord(put.existing, sealer);
      return classifyExisting(
        existing,
        input.matchesStoredHash ?? ((stored) => stored === input.payloadHash),
      );
    },

    async claimForResend(input) {
      positive(input.leaseMs, 'leaseMs');
      const states: ResendableState[] = Array.isArray(input.expect)
        ? input.expect
        : input.expect
          ? [input.expect]
          : ['unknown', 'in_flight'];
      const at = now();
      return conditionalUpdate(input.intentId, 'claimForResend', (e) => ({
        condition: takeable(e, at, states, { requireDue: true }),
        update: {
          set: [
            [e.name('state'), e.value(s('in_flight'))],
            [e.name('leaseOwner'), e.value(s(input.owner))],
            [e.name('leaseExpiresAt'), e.value(n(at + input.leaseMs))],
            [e.name('nextActionAt'), e.value(n(at + input.leaseMs))],
            [e.name('dueShard'), e.value(s(dueShardOf(input.intentId)))],
            [e.name('updatedAt'), e.value(n(at))],
            ...(input.markMayHaveSent
              ? ([[e.name('mayHaveSent'), e.value(bool(true))]] as [string, string][])
              : []),
          ],
          add: [[e.name('attempts'), e.value(n(1))]],
        },
      }));
    },

    async recordUnknown(input) {
      const at = now();
      return conditionalUpdate(input.intentId, 'recordUnknown', (e) => {
        const set: [string, string][] = [
          [e.name('state'), e.value(s('unknown'))],
          [e.name('nextActionAt'), e.value(n(input.nextAttemptAt))],
          [e.name('dueShard'), e.value(s(dueShardOf(input.intentId)))],
          [e.name('lastError'), e.value(sealedJson(sealer, input.error, input.intentId))],
          [e.name('mayHaveSent'), e.value(bool(input.mayHaveSent ?? true))],
          [e.name('updatedAt'), e.value(n(at))],
        ];
        if (input.response !== undefined) {
          set.push([e.name('lastResponse'), e.value(sealedJson(sealer, input.response, input.intentId))]);
        }
        if (input.mayHaveSent !== false && input.sentAt !== undefined) {
          // The window starts with the first attempt that may have reached Flash. Only moved while
          // nothing before may have: `if_not_exists` cannot express that, so the caller decides
          // (it passes `sentAt` only when the record said nothing had been sent before).
          set.push([e.name('firstSentAt'), e.value(n(input.sentAt))]);
        }
        return {
          condition: heldBy(e, input.owner),
          update: { set, remove: [e.name('leaseOwner'), e.name('leaseExpiresAt')] },
        };
      });
    },

    async advanceStep(input) {
      if (input.leaseMs !== undefined) positive(input.leaseMs, 'leaseMs');
      const at = now();
      return conditionalUpdate(input.intentId, 'advanceStep', (e) => {
        const response = sealedJson(sealer, input.response, input.intentId);
        const set: [string, string][] = [
          [e.name('currentStep'), e.value(s(input.nextStep))],
          // Each step has its own reference, so its own idempotency window starts now.
          [e.name('firstSentAt'), e.value(n(at))],
          [e.name('mayHaveSent'), e.value(bool(false))],
          [`${e.name('stepResponses')}.${e.mapKey(input.completedStep)}`, e.value(response)],
          [e.name('lastResponse'), e.value(response)],
          [e.name('updatedAt'), e.value(n(at))],
        ];
        if (input.leaseMs !== undefined) {
          set.push([e.name('leaseExpiresAt'), e.value(n(at + input.leaseMs))]);
          set.push([e.name('nextActionAt'), e.value(n(at + input.leaseMs))]);
        }
        return {
          condition:
            `${heldBy(e, input.owner)} AND ${e.name('currentStep')} = ${e.value(s(input.completedStep))}` +
            ` AND attribute_exists(${e.name('references')}.${e.mapKey(input.nextStep)})`,
          update: { set, add: [[e.name('attempts'), e.value(n(1))]] },
        };
      });
    },

    async extendLease(input) {
      positive(input.leaseMs, 'leaseMs');
      const at = now();
      return conditionalUpdate(input.intentId, 'extendLease', (e) => ({
        condition: heldBy(e, input.owner),
        update: {
          set: [
            [e.name('leaseExpiresAt'), e.value(n(at + input.leaseMs))],
            [e.name('nextActionAt'), e.value(n(at + input.leaseMs))],
            [e.name('updatedAt'), e.value(n(at))],
          ],
        },
      }));
    },

    async complete(input) {
      if (!isTerminalState(input.status)) {
        throw new IntentStoreError(
          'INVALID_ARGUMENT',
          `complete needs a terminal status, got ${input.status}`,
        );
      }
      const at = now();
      const grace = input.outboxGraceMs ?? outboxGraceMs;
      return conditionalUpdate(input.intentId, 'complete', (e) => {
        const set: [string, string][] = [
          [e.name('state'), e.value(s(input.status))],
          [e.name('result'), e.value(sealedJson(sealer, input.result, input.intentId))],
          [e.name('outboxPending'), e.value(bool(true))],
          // If the publisher dies before markPublished, the reconciler republishes at this time.
          [e.name('nextActionAt'), e.value(n(at + grace))],
          [e.name('dueShard'), e.value(s(dueShardOf(input.intentId)))],
          [e.name('updatedAt'), e.value(n(at))],
        ];
        // DESIGN: an `unresolved` record stays until a person resolves it (sold / not sold); letting
        // TTL delete it would also let a redelivery of its intent claim it afresh and send again.
        const keep = input.status === 'unresolved';
        if (!keep) set.push([e.name('expiresAt'), e.value(n(expiresAtFrom(at)))]);
        if (input.result.error !== undefined) {
          set.push([e.name('lastError'), e.value(sealedJson(sealer, input.result.error, input.intentId))]);
        }
        if (input.response !== undefined) {
          set.push([e.name('lastResponse'), e.value(sealedJson(sealer, input.response, input.intentId))]);
        }
        return {
          condition:
            input.owner === null ? takeable(e, at, ['unknown', 'in_flight']) : heldBy(e, input.owner),
          update: {
            set,
            remove: [
              e.name('leaseOwner'),
              e.name('leaseExpiresAt'),
              ...(keep ? [e.name(TTL_ATTRIBUTE)] : []),
            ],
          },
        };
      });
    },

    async recordRejected(input): Promise<RecordRejectedOutcome> {
      const at = now();
      const item: Item = {
        intentId: s(input.intentId),
        state: s('rejected'),
        references: { M: {} },
        attempts: n(0),
        outboxPending: bool(true),
        nextActionAt: n(at + outboxGraceMs),
        dueShard: s(dueShardOf(input.intentId)),
        stepResponses: { M: {} },
        result: sealedJson(sealer, input.result, input.intentId),
        createdAt: n(at),
        updatedAt: n(at),
        expiresAt: n(expiresAtFrom(at)),
      };
      if (input.type !== undefined) item.type = s(input.type);
      if (input.payloadHash !== undefined) item.payloadHash = s(input.payloadHash);
      if (input.batchId !== undefined) item.batchId = s(input.batchId);
      if (input.result.error !== undefined) {
        item.lastError = sealedJson(sealer, input.result.error, input.intentId);
      }
      if (input.intent !== undefined) item.intent = sealedJson(sealer, input.intent, input.intentId);
      const put = await putNew(item, 'recordRejected');
      if (put.ok) return { kind: 'recorded', record: toRecord(item, sealer) };
      return { kind: 'exists', record: toRecord(put.existing, sealer) };
    },

    async markPublished(intentIds) {
      const outcome: MarkPublishedOutcome = { published: [], skipped: [], failed: [] };
      const unique = [...new Set(intentIds)];
      await mapWithConcurrency(unique, concurrency, async (intentId) => {
        const e = new Expression();
        const terminal = TERMINAL_STATES.map((state) => e.value(s(state))).join(', ');
        try {
          await client.send(
            new UpdateItemCommand({
              TableName: tableName,
              Key: { intentId: s(intentId) },
              UpdateExpression: updateExpression({
                set: [[e.name('outboxPending'), e.value(bool(false))]],
                remove: [e.name('nextActionAt'), e.name('dueShard')],
              }),
              ConditionExpression: `${e.name('outboxPending')} = ${e.value(bool(true))} AND ${e.name('state')} IN (${terminal})`,
              ...e.attributes(),
            }),
          );
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
      const at = now();
      return conditionalUpdate(input.intentId, 'deferOutbox', (e) => ({
        condition:
          `${e.name('outboxPending')} = ${e.value(bool(true))}` +
          ` AND ${e.name('nextActionAt')} = ${e.value(n(input.seenNextActionAt))}`,
        update: {
          set: [
            [e.name('nextActionAt'), e.value(n(input.until))],
            [e.name('updatedAt'), e.value(n(at))],
          ],
        },
      }));
    },

    async findDue(input) {
      const at = input.now ?? now();
      if (!Number.isInteger(input.limit) || input.limit < 1) {
        throw new IntentStoreError('INVALID_ARGUMENT', 'limit must be a positive integer');
      }
      const shards = Array.from({ length: dueShards }, (_, i) => `due#${i}`);
      // Each shard is already sorted by nextActionAt; take `limit` from each and merge, so the
      // oldest due work comes first whichever shard it sits in.
      const pages = await Promise.all(
        shards.map(async (shard) => {
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
      const records: IntentRecord[] = [];
      const undecodable: UndecodableDueItem[] = [];
      for (const item of pages.flat()) {
        try {
          records.push(toRecord(item, sealer));
        } catch (error) {
          // One bad item must not stop every sweep; the caller moves it out of the index.
          const intentId = item.intentId?.S;
          if (!(error instanceof IntentStoreError) || intentId === undefined) throw error;
          undecodable.push({
            intentId,
            code: error.code === 'UNREADABLE_ITEM' ? 'UNREADABLE_ITEM' : 'CORRUPT_ITEM',
            ...(error.keyId !== undefined ? { keyId: error.keyId } : {}),
            message: error.message,
            ...(item.type?.S !== undefined ? { type: item.type.S } : {}),
            ...(item.batchId?.S !== undefined ? { batchId: item.batchId.S } : {}),
            dueShard: item.dueShard?.S ?? '',
            nextActionAt: Number(item.nextActionAt?.N),
          });
        }
      }
      records.sort((a, b) => (a.nextActionAt ?? 0) - (b.nextActionAt ?? 0));
      return { records: records.slice(0, input.limit), undecodable };
    },

    async holdUndecodable(input) {
      return rawConditionalUpdate(input.intentId, 'holdUndecodable', (e) => ({
        condition: `${e.name('nextActionAt')} = ${e.value(n(input.seenNextActionAt))}`,
        update: { set: [[e.name('nextActionAt'), e.value(n(input.until))]] },
      }));
    },

    async quarantine(input) {
      const at = now();
      return rawConditionalUpdate(input.intentId, 'quarantine', (e) => {
        const reason: Item = { code: s(input.reason.code), message: s(input.reason.message) };
        if (input.reason.keyId !== undefined) reason.keyId = s(input.reason.keyId);
        return {
          condition: `${e.name('nextActionAt')} = ${e.value(n(input.seenNextActionAt))}`,
          update: {
            set: [
              [
                e.name('quarantinedFrom'),
                e.value({
                  M: { dueShard: s(input.from.dueShard), nextActionAt: n(input.from.nextActionAt) },
                }),
              ],
              [e.name('quarantinedAt'), e.value(n(at))],
              [e.name('quarantineReason'), e.value({ M: reason })],
              [e.name('updatedAt'), e.value(n(at))],
            ],
            remove: [e.name('dueShard'), e.name('nextActionAt')],
          },
        };
      });
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

function classifyExisting(existing: IntentRecord, samePayload: (stored: string) => boolean): ClaimOutcome {
  // A rejected-before-parsing item may have no hash; it is terminal whatever comes now.
  if (existing.payloadHash !== undefined && !samePayload(existing.payloadHash)) {
    return { kind: 'payload-mismatch', existing };
  }
  if (isTerminalState(existing.state)) return { kind: 'already-terminal', record: existing };
  return { kind: 'in-progress', record: existing };
}
