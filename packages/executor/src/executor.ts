import { setTimeout as sleep } from 'node:timers/promises';
import {
  buildResultEvent,
  INTENT_STEPS,
  type Intent,
  isIntentType,
  type ResultError,
  type ResultEvent,
  type ResultStatus,
  type SecretSealer,
} from '@vendstream/contracts';
import type { FlashClient } from '@vendstream/flash-client';
import type { IntentRecord, IntentStore } from '@vendstream/intent-store';
import type { Logger } from '@vendstream/logging';
import { DEFAULT_RESEND_POLICY, type DecisionRecord, type ResendPolicy } from '@vendstream/provider';
import { assertNever, ExecutorError, RequestBuildError } from './errors.ts';
import { accountOf, type FlashCall, flashCallFor } from './flash-requests.ts';
import { createLeaseKeeper } from './lease-keeper.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { ResultPublisher } from './result-publisher.ts';
import { createSendLoop } from './send-loop.ts';

export interface IntentExecutorOptions {
  flash: FlashClient;
  store: IntentStore;
  publisher: ResultPublisher;
  sealer: SecretSealer;
  logger: Logger;
  /** Lease holder name of this process, e.g. `worker-<host>-<pid>`. */
  owner: string;
  /**
   * The lease taken at claim. It is renewed every third of it while a call (or a local back-off)
   * is in progress, so a slow provider never lets the reconciler take over a live call; and when a
   * multi-step intent moves to its next step.
   */
  leaseMs: number;
  /**
   * The resend policy (@vendstream/provider), validated by whoever built it. Its window is checked
   * before every attempt, local retries included (a resend after `firstSentAt + window - margin`
   * could vend again). Default `DEFAULT_RESEND_POLICY`.
   */
  policy?: ResendPolicy;
  /** CloudEvents `source` of published results. */
  source: string;
  rateLimiter?: RateLimiter | undefined;
  now?: () => number;
  sleep?: (ms: number) => Promise<unknown>;
}

/**
 * - `terminal`: recorded and published (or left in the outbox for the reconciler if publishing failed).
 * - `pending`: outcome unknown (or retries exhausted); recorded `unknown` with a next attempt time:
 *   the reconciler resends the same reference inside the window.
 * - `lost-lease`: another process took the intent over (our lease expired); we did not record.
 */
export type ExecutionResult =
  | { kind: 'terminal'; status: ResultStatus; event: ResultEvent }
  | { kind: 'pending'; reason: string }
  | { kind: 'lost-lease' };

export interface IntentExecutor {
  /** Runs a claimed intent (this process holds its lease) from its current step to an end. */
  execute(record: IntentRecord, intent: Intent): Promise<ExecutionResult>;
  /** Records and publishes a terminal status for a claimed intent (e.g. `unresolved` when the window closed). */
  finish(
    record: IntentRecord,
    intent: Intent | undefined,
    status: ResultStatus,
    detail: FinishDetail,
  ): Promise<ExecutionResult>;
}

export interface FinishDetail {
  error?: ResultError;
  response?: Record<string, unknown> | undefined;
}

/**
 * The references of a record in its intent type's step order (the result lists them so). Not the
 * stored map's key order: DynamoDB does not keep it. A record without a known type (a rejected
 * intent) has at most one reference.
 */
function orderedReferences(record: IntentRecord, intent: Intent | undefined): string[] {
  const type = record.type ?? intent?.type;
  if (!isIntentType(type)) return Object.values(record.references);
  return INTENT_STEPS[type].flatMap((step) => record.references[step] ?? []);
}

export function createIntentExecutor(options: IntentExecutorOptions): IntentExecutor {
  const { flash, store, publisher, sealer, logger, owner } = options;
  const now = options.now ?? Date.now;
  if (!(options.leaseMs > 0)) {
    throw new ExecutorError('INVALID_CONFIG', `leaseMs must be > 0, got ${options.leaseMs}`);
  }
  const given = options.policy ?? DEFAULT_RESEND_POLICY;
  // A local back-off never outlasts a quarter of the lease: the intent is not held long here.
  const policy: ResendPolicy = {
    ...given,
    localMaxDelayMs: Math.min(given.localMaxDelayMs ?? given.retry.maxDelayMs, options.leaseMs / 4),
  };
  const withLease = createLeaseKeeper({ store, owner, leaseMs: options.leaseMs, logger });
  const sendStep = createSendLoop({
    flash,
    logger,
    policy,
    rateLimiter: options.rateLimiter,
    now,
    sleep: options.sleep ?? sleep,
  });

  async function finish(
    record: IntentRecord,
    intent: Intent | undefined,
    status: ResultStatus,
    detail: FinishDetail,
  ): Promise<ExecutionResult> {
    const event = buildResultEvent(
      {
        intentId: record.intentId,
        intentType: record.type ?? intent?.type,
        status,
        references: orderedReferences(record, intent),
        attempts: record.attempts,
        providerResponse: detail.response,
        error: detail.error,
        batchid: record.batchId ?? intent?.batchid,
      },
      { source: options.source, sealer, now },
    );
    const recorded = await store.complete({
      intentId: record.intentId,
      owner,
      status,
      result: event.data,
      response: detail.response,
    });
    if (!recorded.ok) return { kind: 'lost-lease' };
    try {
      await publisher.publish(event);
    } catch (error) {
      // The outbox flag stays set: the reconciler republishes after the grace period.
      logger.warn({ err: error, intentId: record.intentId }, 'result not published; left in the outbox');
    }
    return { kind: 'terminal', status, event };
  }

  async function originalResponse(intent: Intent): Promise<Record<string, unknown> | undefined> {
    if (intent.type !== 'cash-out-pin.cancel' || intent.data.serialNumber) return undefined;
    const original = await store.get(intent.data.originalIntentId);
    return original?.result?.status === 'succeeded' ? original.result.providerResponse : undefined;
  }

  async function execute(claimed: IntentRecord, intent: Intent): Promise<ExecutionResult> {
    let record = claimed;
    const account = accountOf(intent);
    const steps = INTENT_STEPS[intent.type];
    const original = await originalResponse(intent);
    while (true) {
      const step = record.currentStep ?? steps[0] ?? 'V';
      const reference = record.references[step];
      if (reference === undefined) {
        throw new ExecutorError(
          'MISSING_REFERENCE',
          `intent ${record.intentId} has no reference for step ${step}`,
          { intentId: record.intentId },
        );
      }
      let call: FlashCall;
      try {
        call = flashCallFor(intent, {
          reference,
          step,
          stepResponses: record.stepResponses,
          originalResponse: original,
        });
      } catch (error) {
        if (!(error instanceof RequestBuildError)) throw error;
        return finish(record, intent, 'rejected', {
          error: {
            code: error.code,
            message: error.message,
            source: 'validation',
            issues: [{ field: error.field, message: error.message }],
          },
        });
      }
      const decision: DecisionRecord = {
        currentStep: step,
        steps,
        firstSentAt: record.firstSentAt,
        mayHaveSent: record.mayHaveSent,
        attempts: record.attempts,
        createdAt: record.createdAt,
        lastErrorCode: record.lastError?.code,
      };
      const transition = await withLease(record.intentId, () => sendStep(decision, call, account));
      switch (transition.kind) {
        case 'finish':
          if (transition.status === 'unresolved') {
            logger.warn(
              { intentId: record.intentId, code: transition.error?.code, lastError: record.lastError?.code },
              'intent unresolved: needs a person',
            );
          }
          return finish(record, intent, transition.status, transition);
        case 'give-up':
          return finish(record, intent, transition.status, transition);
        case 'advance': {
          const advanced = await store.advanceStep({
            intentId: record.intentId,
            owner,
            completedStep: transition.completedStep,
            nextStep: transition.nextStep,
            response: transition.response,
            leaseMs: options.leaseMs,
          });
          if (!advanced.ok) return { kind: 'lost-lease' };
          record = advanced.record;
          continue;
        }
        case 'record-unknown': {
          const recorded = await store.recordUnknown({
            intentId: record.intentId,
            owner,
            nextAttemptAt: transition.nextAttemptAt,
            error: transition.error,
            mayHaveSent: transition.mayHaveSent,
            ...(transition.sentAt !== undefined ? { sentAt: transition.sentAt } : {}),
          });
          if (!recorded.ok) return { kind: 'lost-lease' };
          return { kind: 'pending', reason: transition.error.code };
        }
        default:
          return assertNever(transition, 'transition');
      }
    }
  }

  return { execute, finish };
}
