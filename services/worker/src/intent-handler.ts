import {
  buildResultEvent,
  type Intent,
  intentReferences,
  invalidIntentError,
  type ParseIntentResult,
  parseIntent,
  type ResultEvent,
} from '@vendstream/contracts';
import { type ExecutionResult, storedResultEvent } from '@vendstream/executor';
import { IntentStoreError } from '@vendstream/intent-store';
import type { Runtime } from '@vendstream/runtime';

export type HandleOutcome =
  | { kind: 'rejected'; code: RejectionCode }
  | { kind: 'executed'; result: ExecutionResult }
  | { kind: 'already-terminal' }
  | { kind: 'in-progress' }
  | { kind: 'payload-mismatch' };

/**
 * - `INVALID_INTENT`: failed validation (result on the results topic).
 * - `INVALID_INTENT_DUPLICATE_ID`: invalid, and its id belongs to an existing intent (report only).
 * - `INTENT_NOT_STORABLE`: the store refused to record it, so it was never sent (result + report).
 * - `RECORD_UNREADABLE`: an intent with this id exists but its record cannot be read (report only).
 */
export type RejectionCode =
  | 'INVALID_INTENT'
  | 'INVALID_INTENT_DUPLICATE_ID'
  | 'INTENT_NOT_STORABLE'
  | 'RECORD_UNREADABLE';

export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  value: Buffer | null;
}

const SOURCE = 'urn:vendstream:worker';

/**
 * One message from the intents topic, start to end:
 * parse -> claim (durable: `onDurable` lets the offset move past it) -> execute or hand over.
 *
 * Never throws for anything this message alone causes: bad input becomes a `rejected` result naming
 * its fields, and a store failure that only this item has (refused as too large, an existing record
 * that cannot be read) is answered and reported for a person, so a poison message never holds a
 * slot or its partition's offset. It throws only for failures of the service itself (store or
 * broker unreachable, throttled), which the worker retries as backpressure.
 */
export async function handleIntentMessage(
  runtime: Runtime,
  message: IncomingMessage,
  onDurable: () => void,
  maxBytes: number,
): Promise<HandleOutcome> {
  const parsed = parseIntent(message.value ?? '', { maxBytes });
  if (!parsed.ok) return rejectInvalid(runtime, message, parsed, onDurable);

  const intent: Intent = parsed.intent;
  const { store, publisher, logger } = runtime;
  let claim: Awaited<ReturnType<typeof store.claim>>;
  try {
    claim = await store.claim({
      intentId: intent.id,
      type: intent.type,
      payloadHash: runtime.payloads.hash(intent),
      matchesStoredHash: (stored) => runtime.payloads.matches(intent, stored),
      references: intentReferences(intent.id, intent.type),
      intent,
      owner: runtime.instanceId,
      leaseMs: runtime.config.VEND_LEASE_MS,
      batchId: intent.batchid,
    });
  } catch (error) {
    const failure = itemFailure(error);
    if (!failure) throw error;
    return answerItemFailure(runtime, failure, onDurable, {
      intentId: intent.id,
      intentType: intent.type,
      batchid: intent.batchid,
    });
  }
  // A payload mismatch is stored nowhere: its offset moves on after the report (below).
  if (claim.kind !== 'payload-mismatch') onDurable();
  switch (claim.kind) {
    case 'claimed':
      return { kind: 'executed', result: await runtime.executor.execute(claim.record, intent) };
    case 'already-terminal':
      if (claim.record.outboxPending && claim.record.result) {
        await publisher.publish(
          storedResultEvent(claim.record.result, { source: SOURCE, sealer: runtime.sealer }),
        );
      }
      return { kind: 'already-terminal' };
    case 'in-progress':
      // Another process holds it, or its outcome is unknown: the reconciler owns it. Never send here.
      return { kind: 'in-progress' };
    case 'payload-mismatch': {
      logger.warn({ intentId: intent.id }, 'same intent id with a different payload: rejected, not sent');
      const event = buildResultEvent(
        {
          intentId: intent.id,
          intentType: intent.type,
          status: 'rejected',
          error: {
            code: 'PAYLOAD_MISMATCH',
            message:
              'an intent with this id and a different payload was received before; this one is not sent',
            source: 'validation',
          },
          batchid: intent.batchid,
        },
        { source: SOURCE },
      );
      // Not on the results topic: consumers dedupe by intent id and would take this rejection for
      // the outcome of the original intent, which stands (and may have sold something).
      await publisher.reportToPerson(event);
      onDurable();
      return { kind: 'payload-mismatch' };
    }
  }
}

/** An invalid message: a `rejected` result naming its fields (capped: see contracts' bounds). */
async function rejectInvalid(
  runtime: Runtime,
  message: IncomingMessage,
  parsed: Extract<ParseIntentResult, { ok: false }>,
  onDurable: () => void,
): Promise<HandleOutcome> {
  const { store, publisher, logger } = runtime;
  // Without a usable id the result is keyed by where the message sits: unique and stable.
  const intentId = parsed.id ?? `unparseable.${message.partition}.${message.offset}`;
  const location = { topic: message.topic, partition: message.partition, offset: message.offset };
  const event = buildResultEvent(
    { intentId, intentType: parsed.type, status: 'rejected', error: invalidIntentError(parsed, location) },
    { source: SOURCE },
  );
  const logged = { intentId, issues: event.data.error?.issues, issueCount: parsed.issueCount, location };
  if (parsed.id === undefined) {
    // Without an id nothing is stored: the result event is the only record, so the offset moves on
    // only after it is in the log (a failed publish retries the message).
    await publisher.publish(event);
    onDurable();
    logger.info(logged, 'intent rejected');
    return { kind: 'rejected', code: 'INVALID_INTENT' };
  }
  let recorded: Awaited<ReturnType<typeof store.recordRejected>>;
  try {
    recorded = await store.recordRejected({ intentId, type: parsed.type, result: event.data });
  } catch (error) {
    const failure = itemFailure(error);
    if (!failure) throw error;
    return answerItemFailure(runtime, failure, onDurable, { intentId, intentType: parsed.type }, event);
  }
  if (recorded.kind === 'exists') {
    // An intent with this id exists: its own result stands. This message goes to a person only,
    // and the offset moves on only once the report is in the log (it is stored nowhere else).
    logger.warn(logged, 'invalid message reuses an existing intent id');
    await publisher.reportToPerson(event);
    onDurable();
    return { kind: 'rejected', code: 'INVALID_INTENT_DUPLICATE_ID' };
  }
  // Stored with its outbox flag set: the reconciler republishes it if the publish below fails.
  onDurable();
  await publisher.publish(event);
  logger.info(logged, 'intent rejected');
  return { kind: 'rejected', code: 'INVALID_INTENT' };
}

/**
 * A store failure that only this item has: `written: false` when the store refused to write it
 * (nothing recorded, nothing sent), `true` when an item of this id exists but cannot be read.
 */
interface ItemFailure {
  error: IntentStoreError;
  existingUnreadable: boolean;
}

function itemFailure(error: unknown): ItemFailure | undefined {
  if (!(error instanceof IntentStoreError) || error.scope !== 'item' || error.retriable) return undefined;
  return {
    error,
    existingUnreadable: error.code === 'UNREADABLE_ITEM' || error.code === 'CORRUPT_ITEM',
  };
}

/**
 * Ends a message whose item the store cannot take or read, instead of retrying it forever:
 * - nothing was written (too large, could not be sealed): nothing was sent either, so `rejected` is
 *   the truth; the result goes to the results topic (the message's own `rejection` when it was
 *   already an invalid one) and a copy to a person, since a valid-looking intent was refused;
 * - an item of this id exists but cannot be read (e.g. sealed under a key no longer configured): its
 *   outcome is unknown here and may be a sale, so only a person hears of this message.
 * The offset moves on only once the reports are in the log.
 */
async function answerItemFailure(
  runtime: Runtime,
  failure: ItemFailure,
  onDurable: () => void,
  intent: { intentId: string; intentType?: string | undefined; batchid?: string | undefined },
  rejection?: ResultEvent,
): Promise<HandleOutcome> {
  const { publisher, logger } = runtime;
  const { error } = failure;
  logger.error(
    { err: error, intentId: intent.intentId, code: error.code },
    failure.existingUnreadable
      ? 'the record of this intent id cannot be read; message reported for a person, not sent'
      : 'the store refused this intent; rejected without sending',
  );
  if (failure.existingUnreadable) {
    const report = buildResultEvent(
      {
        ...intent,
        status: 'rejected',
        error: {
          code: 'RECORD_UNREADABLE',
          message: `an intent with this id exists but its record cannot be read (${error.code}${
            error.keyId ? `, sealing key ${error.keyId}` : ''
          }); this message was not sent`,
          source: 'vendstream',
        },
      },
      { source: SOURCE },
    );
    await publisher.reportToPerson(report);
    onDurable();
    return { kind: 'rejected', code: 'RECORD_UNREADABLE' };
  }
  const event =
    rejection ??
    buildResultEvent(
      {
        ...intent,
        status: 'rejected',
        error: {
          code: 'INTENT_NOT_STORABLE',
          message: `the store refused to record this intent (${error.code}); it was not sent`,
          source: 'vendstream',
        },
      },
      { source: SOURCE },
    );
  await Promise.all([publisher.publish(event), publisher.reportToPerson(event)]);
  onDurable();
  return { kind: 'rejected', code: rejection ? 'INVALID_INTENT' : 'INTENT_NOT_STORABLE' };
}
