import type { ResultError, ResultStatus } from '@vendstream/contracts';
import { ProviderError } from './errors.ts';
import { assertNever, mayHaveReached, type ProviderOutcome, type RetryableClass } from './outcome.ts';
import { localRetryDelay, type ResendPolicy, resendDelay } from './resend-policy.ts';
import { resendAllowed } from './window.ts';

/**
 * What `decide()` reads of an intent's record: a narrow structural type, so the store's record fits
 * it and a test writes one in a line. `steps` is the intent type's step list in order (contracts'
 * `INTENT_STEPS`), never the key order of a stored map.
 */
export interface DecisionRecord {
  /** The step being worked on; one of `steps`. */
  currentStep: string;
  steps: readonly string[];
  /** The first attempt that may have reached the provider (undefined: none may have). */
  firstSentAt?: number | undefined;
  /** Whether any attempt may have reached the provider: only then does the window bind. */
  mayHaveSent: boolean;
  /** Attempts made so far (the claim counts one): the reconciler's backoff grows with it. */
  attempts: number;
  /** When the intent was received: the give-up rule counts from it. */
  createdAt: number;
  /** The code of the last attempt without an answer (`unknown:timeout` ...), for a person. */
  lastErrorCode?: string | undefined;
}

/** One attempt of the current step, classified. */
export interface Attempt {
  outcome: ProviderOutcome;
  /** When its bytes went out (after any rate-limit wait): starts the window if it may have reached. */
  startedAt: number;
  /** Local retries already made for this step in this process (0 for the first send). */
  localRetries: number;
}

/** A terminal status with the error a result carries (and the provider's response, when there is one). */
export interface Finish {
  kind: 'finish';
  status: ResultStatus;
  error?: ResultError | undefined;
  response?: Record<string, unknown> | undefined;
}

/**
 * What to do next; the executor performs it and nothing else.
 * - `finish`: record a terminal status and publish the result.
 * - `advance`: the step succeeded and another follows (its own reference); keep the response.
 * - `retry-locally`: nothing happened at the provider; wait `delayMs` and send the same request again.
 *   `penalize`: the provider throttled us, so the rate limiter keeps the account away too.
 * - `record-unknown`: record the attempt without an answer and let the reconciler resend the same
 *   reference at `nextAttemptAt`. `sentAt` is set on the first attempt that may have reached the
 *   provider: it starts the window.
 * - `give-up`: nothing may ever have reached the provider and it has been unreachable for
 *   `giveUpUnsentAfterMs`: the intent ends `failed` (nothing was sold), so a caller gets an answer.
 */
export type Transition =
  | Finish
  | { kind: 'advance'; completedStep: string; nextStep: string; response: Record<string, unknown> }
  | { kind: 'retry-locally'; delayMs: number; retry: number; penalize: boolean; reason: string }
  | {
      kind: 'record-unknown';
      nextAttemptAt: number;
      error: { code: string; message: string };
      mayHaveSent: boolean;
      sentAt: number | undefined;
    }
  | { kind: 'give-up'; status: 'failed'; error: ResultError };

export type TransitionKind = Transition['kind'];

/**
 * Checked right before an attempt's bytes go out (after any rate-limit wait): a request that may
 * already have reached the provider is sent again only inside the idempotency window. After it, a
 * resend could vend again (or be refused as a duplicate), and a new reference certainly could:
 * the intent ends `unresolved` and a person decides.
 */
export function beforeSend(
  record: DecisionRecord,
  now: number,
  policy: ResendPolicy,
): { kind: 'send' } | Finish {
  const windowStart = record.mayHaveSent ? record.firstSentAt : undefined;
  if (resendAllowed(policy.window, windowStart, now)) return { kind: 'send' };
  return {
    kind: 'finish',
    status: 'unresolved',
    error: {
      code: 'WINDOW_CLOSED',
      message: `outcome still unknown (${record.lastErrorCode ?? 'no answer'}) when the idempotency window closed`,
      source: 'vendstream',
    },
  };
}

/**
 * The one decision: from a record, the classified outcome of one attempt of its current step, the
 * time and the resend policy, to the transition the executor performs. Pure: the same input gives
 * the same transition (`random` draws the jitter; inject it to make delays exact).
 *
 * Throws a ProviderError (`UNKNOWN_STEP`) when the record's step is not one of its steps: moving on
 * from a step we cannot place could report a lookup as a sale.
 */
export function decide(
  record: DecisionRecord,
  attempt: Attempt,
  now: number,
  policy: ResendPolicy,
  random: () => number = Math.random,
): Transition {
  const { outcome } = attempt;
  switch (outcome.kind) {
    case 'succeeded': {
      const index = record.steps.indexOf(record.currentStep);
      if (index < 0) {
        throw new ProviderError(
          'UNKNOWN_STEP',
          `step ${record.currentStep} is not one of ${record.steps.join(', ') || 'no steps'}`,
        );
      }
      const nextStep = record.steps[index + 1];
      if (nextStep === undefined) return { kind: 'finish', status: 'succeeded', response: outcome.response };
      return { kind: 'advance', completedStep: record.currentStep, nextStep, response: outcome.response };
    }
    case 'declined':
      return {
        kind: 'finish',
        status: 'failed',
        error: { code: outcome.code, message: outcome.message, source: 'provider' },
        response: outcome.response,
      };
    case 'invalid':
      return {
        kind: 'finish',
        status: 'rejected',
        error: {
          code: 'INVALID_REQUEST',
          message: outcome.message,
          source: 'validation',
          issues: outcome.issues.map((i) => ({ field: i.field, message: i.message })),
        },
      };
    case 'mismatch':
      // Same reference, different body: an earlier request under this reference may have vended.
      // Never resend, never guess: a person reconciles it.
      return {
        kind: 'finish',
        status: 'unresolved',
        error: { code: outcome.code, message: outcome.message, source: 'provider' },
        response: outcome.response,
      };
    case 'throttled':
    case 'not-sent':
    case 'unknown':
      return noAnswer(record, attempt, outcome, now, policy, random);
    default:
      return assertNever(outcome);
  }
}

function noAnswer(
  record: DecisionRecord,
  attempt: Attempt,
  outcome: Extract<ProviderOutcome, { kind: RetryableClass }>,
  now: number,
  policy: ResendPolicy,
  random: () => number,
): Transition {
  const code = `${outcome.kind}:${outcome.reason}`;
  const place = policy.retriedWhere[outcome.kind];
  if (place === 'local' && attempt.localRetries < policy.localRetries) {
    const retry = attempt.localRetries + 1;
    return {
      kind: 'retry-locally',
      retry,
      delayMs: localRetryDelay(policy, outcome, retry, random),
      penalize: outcome.kind === 'throttled',
      reason: code,
    };
  }
  const reached = mayHaveReached(outcome.kind);
  if (!record.mayHaveSent && !reached && now - record.createdAt >= policy.giveUpUnsentAfterMs) {
    return {
      kind: 'give-up',
      status: 'failed',
      error: {
        code: 'PROVIDER_UNREACHABLE',
        message: `the provider could not be reached (${code}) for ${Math.round(policy.giveUpUnsentAfterMs / 60_000)} min; nothing was sent`,
        source: 'vendstream',
      },
    };
  }
  return {
    kind: 'record-unknown',
    nextAttemptAt: now + resendDelay(policy, record.attempts, random),
    error: { code, message: outcome.detail },
    mayHaveSent: record.mayHaveSent || reached,
    // The first attempt that may have reached the provider starts its window.
    sentAt: !record.mayHaveSent && reached ? attempt.startedAt : undefined,
  };
}
