import { setTimeout as sleep } from 'node:timers/promises';
import {
  buildResultEvent,
  type Intent,
  type ResultError,
  type ResultEvent,
  type ResultStatus,
  type SecretSealer,
} from '@vendstream/contracts';
import type { FlashClient, FlashOutcome } from '@vendstream/flash-client';
import type { IntentRecord, IntentStore } from '@vendstream/intent-store';
import type { Logger } from '@vendstream/logging';
import {
  DEFAULT_RESEND_POLICY,
  localRetryDelay,
  type ResendPolicy,
  resendAllowed,
  resendDelay,
} from '@vendstream/provider';
import { accountOf, type FlashCall, flashCallFor, RequestBuildError } from './flash-requests.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { ResultPublisher } from './result-publisher.ts';

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

function nextStepOf(record: IntentRecord, step: string): string | undefined {
  const steps = Object.keys(record.references);
  const index = steps.indexOf(step);
  return index >= 0 ? steps[index + 1] : undefined;
}

function orderedReferences(record: IntentRecord): string[] {
  return Object.values(record.references);
}

function describe(outcome: FlashOutcome<unknown>): { code: string; message: string } {
  switch (outcome.kind) {
    case 'unknown':
      return { code: `unknown:${outcome.reason}`, message: outcome.detail };
    case 'not-sent':
      return { code: `not-sent:${outcome.reason}`, message: outcome.detail };
    case 'throttled':
      return { code: `throttled:${outcome.code ?? outcome.httpStatus}`, message: outcome.detail };
    case 'declined':
    case 'mismatch':
      return { code: String(outcome.code), message: outcome.message };
    case 'invalid':
      return { code: 'invalid', message: outcome.error.message };
    case 'succeeded':
      return { code: '0', message: 'succeeded' };
  }
}

export function createIntentExecutor(options: IntentExecutorOptions): IntentExecutor {
  const { flash, store, publisher, sealer, logger, owner } = options;
  const now = options.now ?? Date.now;
  const wait = options.sleep ?? sleep;
  if (!(options.leaseMs > 0)) throw new Error('leaseMs must be > 0');
  const given = options.policy ?? DEFAULT_RESEND_POLICY;
  // A local back-off never outlasts a quarter of the lease: the intent is not held long here.
  const policy: ResendPolicy = {
    ...given,
    localMaxDelayMs: Math.min(given.localMaxDelayMs ?? given.retry.maxDelayMs, options.leaseMs / 4),
  };
  const { window, localRetries, giveUpUnsentAfterMs } = policy;
  const renewEveryMs = Math.max(1, Math.floor(options.leaseMs / 3));

  /**
   * Runs `work` while renewing this process's lease on the intent, so that a call slower than the
   * lease (or a long rate-limit wait) is not mistaken for a dead worker. A failed renewal means
   * another process owns the intent now: the call in progress uses the same reference, and our
   * later write is refused by its lease condition.
   */
  async function withLease<T>(intentId: string, work: () => Promise<T>): Promise<T> {
    let renewing: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      renewing = renewing.then(async () => {
        try {
          const renewed = await store.extendLease({ intentId, owner, leaseMs: options.leaseMs });
          if (!renewed.ok) logger.warn({ intentId }, 'lease lost while the call was in progress');
        } catch (error) {
          logger.warn({ err: error, intentId }, 'lease renewal failed; will try again');
        }
      });
    }, renewEveryMs);
    try {
      return await work();
    } finally {
      clearInterval(timer);
      await renewing;
    }
  }

  /**
   * Sends, retrying locally what certainly did not reach Flash. `windowStart` is the first send
   * that may have reached Flash under this reference (undefined: none may have, so no window
   * binds yet). `window-closed` when the attempt would fall outside Flash's idempotency window.
   */
  async function send(
    call: FlashCall,
    account: string,
    windowStart: number | undefined,
  ): Promise<{ outcome: FlashOutcome<unknown>; startedAt: number } | 'window-closed'> {
    for (let retryNumber = 0; ; retryNumber++) {
      await options.rateLimiter?.acquire(account);
      // Checked after the rate limiter's wait, right before the bytes go out.
      const startedAt = now();
      if (!resendAllowed(window, windowStart, startedAt)) return 'window-closed';
      const outcome = (await flash.send(call.operation, call.request as never)) as FlashOutcome<unknown>;
      if ((outcome.kind !== 'throttled' && outcome.kind !== 'not-sent') || retryNumber >= localRetries) {
        return { outcome, startedAt };
      }
      // Nothing happened at Flash: back off here and resend the same request (same reference).
      // A Retry-After longer than the policy's cap is cut to it: the intent is handed to the
      // reconciler after `localRetries` anyway.
      const delay = localRetryDelay(
        policy,
        { kind: outcome.kind, retryAfterMs: outcome.kind === 'throttled' ? outcome.retryAfterMs : undefined },
        retryNumber + 1,
      );
      if (outcome.kind === 'throttled') options.rateLimiter?.penalize(account, delay);
      logger.debug(
        { reference: (call.request as { reference?: string }).reference, kind: outcome.kind, delay },
        'retrying locally',
      );
      await wait(delay);
    }
  }

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
        references: orderedReferences(record),
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
    const original = await originalResponse(intent);
    while (true) {
      const step = record.currentStep ?? Object.keys(record.references)[0] ?? 'V';
      const reference = record.references[step];
      if (reference === undefined)
        throw new Error(`intent ${record.intentId} has no reference for step ${step}`);
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
      const windowStart = record.mayHaveSent ? record.firstSentAt : undefined;
      const sent = await withLease(record.intentId, () => send(call, account, windowStart));
      if (sent === 'window-closed') {
        // An earlier attempt under this reference may have vended; after the window a resend could
        // vend again (or be refused as a duplicate), and a new reference certainly could. A person decides.
        logger.warn(
          { intentId: record.intentId, lastError: record.lastError?.code },
          'intent unresolved: needs a person',
        );
        return finish(record, intent, 'unresolved', {
          error: {
            code: 'WINDOW_CLOSED',
            message: `outcome still unknown (${record.lastError?.code ?? 'no answer'}) when the idempotency window closed`,
            source: 'vendstream',
          },
        });
      }
      const { outcome, startedAt } = sent;
      switch (outcome.kind) {
        case 'succeeded': {
          const response = outcome.response as Record<string, unknown>;
          const next = nextStepOf(record, step);
          if (next === undefined) return finish(record, intent, 'succeeded', { response });
          const advanced = await store.advanceStep({
            intentId: record.intentId,
            owner,
            completedStep: step,
            nextStep: next,
            response,
            leaseMs: options.leaseMs,
          });
          if (!advanced.ok) return { kind: 'lost-lease' };
          record = advanced.record;
          continue;
        }
        case 'declined':
          return finish(record, intent, 'failed', {
            error: { code: String(outcome.code), message: outcome.message, source: 'provider' },
            response: outcome.response,
          });
        case 'invalid':
          return finish(record, intent, 'rejected', {
            error: {
              code: 'INVALID_REQUEST',
              message: outcome.error.message,
              source: 'validation',
              issues: outcome.issues.map((i) => ({ field: i.field, message: i.message })),
            },
          });
        case 'mismatch':
          // Same reference, different body: an earlier request under this reference may have
          // vended. Never resend, never guess: a person reconciles it.
          return finish(record, intent, 'unresolved', {
            error: { code: String(outcome.code), message: outcome.message, source: 'provider' },
            response: outcome.response,
          });
        case 'unknown':
        case 'not-sent':
        case 'throttled': {
          const error = describe(outcome);
          const nextAttemptAt = now() + resendDelay(policy, record.attempts);
          // Throttled and not-sent mean nothing reached Flash; only an unknown outcome may have.
          const reached = outcome.kind === 'unknown';
          if (!record.mayHaveSent && !reached && now() - record.createdAt >= giveUpUnsentAfterMs) {
            return finish(record, intent, 'failed', {
              error: {
                code: 'PROVIDER_UNREACHABLE',
                message: `Flash could not be reached (${error.code}) for ${Math.round(giveUpUnsentAfterMs / 60_000)} min; nothing was sent`,
                source: 'vendstream',
              },
            });
          }
          const recorded = await store.recordUnknown({
            intentId: record.intentId,
            owner,
            nextAttemptAt,
            error,
            mayHaveSent: record.mayHaveSent || reached,
            // The first attempt that may have reached Flash starts its window.
            ...(!record.mayHaveSent && reached ? { sentAt: startedAt } : {}),
          });
          if (!recorded.ok) return { kind: 'lost-lease' };
          return { kind: 'pending', reason: error.code };
        }
      }
    }
  }

  return { execute, finish };
}
