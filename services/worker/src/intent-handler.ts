import { buildResultEvent, type Intent, intentReferences, parseIntent } from '@vendstream/contracts';
import { type ExecutionResult, storedResultEvent } from '@vendstream/executor';
import type { Runtime } from '@vendstream/runtime';

export type HandleOutcome =
  | { kind: 'rejected'; code: string }
  | { kind: 'executed'; result: ExecutionResult }
  | { kind: 'already-terminal' }
  | { kind: 'in-progress' }
  | { kind: 'payload-mismatch' };

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
 * Never throws for bad input: a bad message becomes a `rejected` result naming its fields.
 */
export async function handleIntentMessage(
  runtime: Runtime,
  message: IncomingMessage,
  onDurable: () => void,
  maxBytes: number,
): Promise<HandleOutcome> {
  const { store, publisher, logger } = runtime;
  const parsed = parseIntent(message.value ?? '', { maxBytes });
  if (!parsed.ok) {
    // Without a usable id the result is keyed by where the message sits: unique and stable.
    const intentId = parsed.id ?? `unparseable.${message.partition}.${message.offset}`;
    const event = buildResultEvent(
      {
        intentId,
        intentType: parsed.type,
        status: 'rejected',
        error: {
          code: 'INVALID_INTENT',
          message: 'the intent failed validation',
          source: 'validation',
          issues: parsed.issues,
        },
      },
      { source: SOURCE },
    );
    if (parsed.id !== undefined) {
      const recorded = await store.recordRejected({ intentId, type: parsed.type, result: event.data });
      if (recorded.kind === 'exists') {
        // An intent with this id exists: its own result stands. This message goes to a person only,
        // and the offset moves on only once the report is in the log (it is stored nowhere else).
        logger.warn({ intentId, issues: parsed.issues }, 'invalid message reuses an existing intent id');
        await publisher.reportToPerson(event);
        onDurable();
        return { kind: 'rejected', code: 'INVALID_INTENT_DUPLICATE_ID' };
      }
      // Stored with its outbox flag set: the reconciler republishes it if the publish below fails.
      onDurable();
      await publisher.publish(event);
    } else {
      // Without an id nothing is stored: the result event is the only record, so the offset moves on
      // only after it is in the log (a failed publish retries the message).
      await publisher.publish(event);
      onDurable();
    }
    logger.info({ intentId, issues: parsed.issues }, 'intent rejected');
    return { kind: 'rejected', code: 'INVALID_INTENT' };
  }

  const intent: Intent = parsed.intent;
  const claim = await store.claim({
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
