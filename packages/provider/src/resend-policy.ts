import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelay, validateRetryPolicy } from './backoff.ts';
import { invalidPolicy } from './errors.ts';
import { type AnswerClass, OUTCOME_CLASSES, type OutcomeClass, type RetryableClass } from './outcome.ts';
import { DEFAULT_WINDOW, type IdempotencyWindow, validateWindow } from './window.ts';

/**
 * Where an outcome class is retried:
 * - `never`: an answer; the intent ends (or moves to its next step).
 * - `local`: in the process that sent it, right away, up to `localRetries` times with backoff,
 *   then as `reconciler`. Only for classes that certainly did not reach the provider (a local
 *   resend of one that may have would have to record its window start first).
 * - `reconciler`: recorded `unknown` with a next attempt time; the reconciler resends it.
 */
export type RetryPlace = 'never' | 'local' | 'reconciler';

/**
 * The one resend policy (issue 8): every number and rule that says when the same request is sent
 * again, as data. Built once by the service from its config, validated once, injected into the
 * executor (worker and reconciler) and the worker's store-outage wait. `decide()` reads it.
 */
export interface ResendPolicy {
  /**
   * Backoff of resends: the reconciler's next attempt is `retryDelay(retry, attempts)` after an
   * attempt without an answer; local retries use it too, under `localMaxDelayMs`.
   * Default 1 s, ×2, cap 60 s, jitter takes off up to half.
   */
  retry: RetryPolicy;
  /** Local retries of a class retried `local`, before it is handed to the reconciler. Default 3. */
  localRetries: number;
  /**
   * Cap of one local back-off (a throttled answer's `Retry-After` is capped by `retry.maxDelayMs`
   * instead). Default: `retry.maxDelayMs`; the executor lowers it to a quarter of its lease, so a
   * local wait never holds an intent long.
   */
  localMaxDelayMs?: number | undefined;
  /** Where each outcome class is retried. Default: throttled, not-sent `local`; unknown `reconciler`. */
  retriedWhere: Readonly<Record<OutcomeClass, RetryPlace>>;
  /** The provider's idempotency window: no resend of a maybe-sent request after it. Default 30 min − 2 min. */
  window: IdempotencyWindow;
  /**
   * An intent none of whose attempts may have reached the provider (not sent, throttled) is retried
   * until this long after it was received, then ends `failed` (`PROVIDER_UNREACHABLE`): nothing was
   * sold, and a wallet waiting on it deserves an answer. Default 24 h (VEND_GIVE_UP_UNSENT_MS).
   */
  giveUpUnsentAfterMs: number;
  /**
   * The worker's wait before it tries an unclaimed message again while the store or broker is out:
   * 250 ms, ×2, cap 30 s, no jitter (one message per slot; the slots already spread the load).
   */
  storeOutage: RetryPolicy;
}

export const DEFAULT_RETRIED_WHERE: Readonly<Record<OutcomeClass, RetryPlace>> = Object.freeze({
  succeeded: 'never',
  declined: 'never',
  invalid: 'never',
  mismatch: 'never',
  throttled: 'local',
  'not-sent': 'local',
  unknown: 'reconciler',
});

export const DEFAULT_RESEND_POLICY: ResendPolicy = Object.freeze({
  retry: DEFAULT_RETRY_POLICY,
  localRetries: 3,
  retriedWhere: DEFAULT_RETRIED_WHERE,
  window: DEFAULT_WINDOW,
  giveUpUnsentAfterMs: 24 * 3_600_000,
  storeOutage: Object.freeze({ initialDelayMs: 250, factor: 2, maxDelayMs: 30_000, jitter: 0 }),
});

/** The default policy with `overrides`, validated: the one way a service builds it. */
export function resendPolicy(overrides: Partial<ResendPolicy> = {}): ResendPolicy {
  return validateResendPolicy({ ...DEFAULT_RESEND_POLICY, ...overrides });
}

const ANSWERS: readonly AnswerClass[] = ['succeeded', 'declined', 'invalid', 'mismatch'];

/** Throws a ProviderError (`INVALID_POLICY`, message starting with the field) for a policy that cannot work. */
export function validateResendPolicy(policy: ResendPolicy): ResendPolicy {
  validateRetryPolicy(policy.retry, 'retry');
  validateRetryPolicy(policy.storeOutage, 'storeOutage');
  validateWindow(policy.window);
  if (!(Number.isInteger(policy.localRetries) && policy.localRetries >= 0))
    throw invalidPolicy('localRetries', 'must be a whole number >= 0');
  if (policy.localMaxDelayMs !== undefined && !(policy.localMaxDelayMs > 0))
    throw invalidPolicy('localMaxDelayMs', 'must be > 0');
  if (!(policy.giveUpUnsentAfterMs > 0)) throw invalidPolicy('giveUpUnsentAfterMs', 'must be > 0');
  for (const kind of OUTCOME_CLASSES) {
    const place = policy.retriedWhere[kind];
    const field = `retriedWhere.${kind}`;
    if (ANSWERS.includes(kind as AnswerClass)) {
      // An answer retried could sell twice (succeeded) or hide a person's case (mismatch).
      if (place !== 'never') throw invalidPolicy(field, "must be 'never' (it is an answer)");
    } else if (kind === 'unknown') {
      // Only the reconciler resends what may have reached the provider: the window binds from the
      // first such attempt, and it has to be recorded before any resend.
      if (place !== 'reconciler') throw invalidPolicy(field, "must be 'reconciler' (it may have been sent)");
    } else if (place !== 'local' && place !== 'reconciler') {
      throw invalidPolicy(field, "must be 'local' or 'reconciler' (nothing happened at the provider)");
    }
  }
  return policy;
}

/**
 * Delay before local retry number `retry` (1 = first) of an attempt without an answer. A
 * `Retry-After` is obeyed up to `retry.maxDelayMs` (the intent goes to the reconciler after
 * `localRetries` anyway); otherwise the backoff, capped at `localMaxDelayMs`.
 */
export function localRetryDelay(
  policy: ResendPolicy,
  outcome: { kind: RetryableClass; retryAfterMs?: number | undefined },
  retry: number,
  random: () => number = Math.random,
): number {
  if (outcome.kind === 'throttled' && outcome.retryAfterMs !== undefined) {
    return Math.min(outcome.retryAfterMs, policy.retry.maxDelayMs);
  }
  const cap = Math.min(policy.retry.maxDelayMs, policy.localMaxDelayMs ?? policy.retry.maxDelayMs);
  return retryDelay({ ...policy.retry, maxDelayMs: cap }, retry, random);
}

/** Delay before the reconciler's next resend of an intent that has made `attempts` attempts. */
export function resendDelay(
  policy: ResendPolicy,
  attempts: number,
  random: () => number = Math.random,
): number {
  return retryDelay(policy.retry, attempts, random);
}

/** The worker's wait after failure number `failure` (1 = first) to claim a message. */
export function storeOutageDelay(
  policy: ResendPolicy,
  failure: number,
  random: () => number = Math.random,
): number {
  return retryDelay(policy.storeOutage, failure, random);
}
