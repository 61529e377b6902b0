/**
 * The DynamoDB intent store: one item per intent, every lifecycle transition a conditional write
 * with a lease, a sparse `due` index for the reconciler, and PINs/tokens sealed at rest.
 *
 * ```ts
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { createSecretSealer, intentReferences, payloadHash } from '@vendstream/contracts';
 * import { ensureIntentsTable, openIntentStore } from '@vendstream/intent-store';
 *
 * await ensureIntentsTable(client, 'vendstream-intents');
 * // due shards from the table; refuses a start without a sealing key that due items still need
 * const store = await openIntentStore({ client, tableName: 'vendstream-intents', sealer, sealingKeyIds: ['k1'] });
 * const claim = await store.claim({ intentId: intent.id, type: intent.type, payloadHash: payloadHash(intent),
 *   references: intentReferences(intent.id, intent.type), intent, owner: 'worker-1', leaseMs: 30_000 });
 * if (claim.kind === 'claimed') {
 *   // send to Flash, then:
 *   await store.complete({ intentId: intent.id, owner: 'worker-1', status: 'succeeded', result: event.data });
 *   // publish the result, and later, batched: await store.markPublished([intent.id, ...]);
 * }
 * ```
 * Unit tests of code that uses a store take `createMemoryIntentStore({ sealer, now })` instead: the
 * same behaviour (one contract suite runs against both), no server, nothing durable.
 */
export {
  DueShardsMismatchError,
  describeMissingKeys,
  IntentStoreError,
  type IntentStoreErrorCode,
  type IntentStoreErrorScope,
  type MissingSealingKey,
  SealingKeysMissingError,
} from './errors.ts';
export {
  createMemoryIntentStore,
  type MemoryIntentStoreOptions,
  MemoryIntentTable,
} from './memory-store.ts';
export { type OpenIntentStoreOptions, openIntentStore } from './open.ts';
export {
  INTENT_STATES,
  type IntentRecord,
  type IntentState,
  isTerminalState,
  type StoredError,
  TERMINAL_STATES,
  type TerminalState,
} from './record.ts';
export { createIntentStore } from './store.ts';
export type {
  AdvanceStepInput,
  ClaimForResendInput,
  ClaimInput,
  ClaimOutcome,
  CompleteInput,
  DueItems,
  FindDueInput,
  IntentStore,
  IntentStoreOptions,
  MarkPublishedOutcome,
  QuarantineInput,
  RecordRejectedInput,
  RecordRejectedOutcome,
  RecordUnknownInput,
  ResendableState,
  TransitionOutcome,
  UndecodableDueItem,
} from './store-types.ts';
export {
  DUE_INDEX_NAME,
  type EnsureTableOptions,
  ensureIntentsTable,
  intentsTableDefinition,
  intentsTableDeployment,
  renderTableJson,
  TTL_ATTRIBUTE,
} from './table.ts';
export { DEFAULT_DUE_SHARDS, META_ITEM_ID, type TableMeta } from './table-meta.ts';
