import type { FlashCallOptions } from './client.ts';
import type { FlashOperationName, FlashRequests, FlashResponses } from './operations.ts';
import type { FlashOutcome, UnknownReason } from './outcome.ts';

/**
 * Resending a request whose outcome is not final, always with the SAME body and reference: inside
 * Flash's idempotency window that returns the original outcome instead of vending again.
 *
 * The policy is data, so a service can load it from config and a test can make it instant.
 */
export interface RetryPolicy {
  /** Total attempts including the first. */
  readonly attempts: number;
  readonly initialDelayMs: number;
  /** Each delay is the previous one times this. */
  readonly factor: number;
  /** 0..1: each delay is spread uniformly over ±jitter of itself, so retries from many callers do not align. */
  readonly jitter: number;
  /** No delay exceeds this (after jitter; a longer `Retry-After` is capped too). */
  readonly maxDelayMs: number;
  /** Which `unknown` reasons are worth resending. `not-sent` and `throttled` always are. */
  readonly retryUnknownReasons: readonly UnknownReason[];
}

/**
 * Defaults: 5 attempts, 250 ms, ×2, ±20 %, capped at 10 s (about 4 s of waiting in all). Not
 * retried by default: `ambiguous-code` (resending cannot settle e.g. 2201 or an undocumented code;
 * reconcile), `auth` (the client already refreshed and retried once).
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  attempts: 5,
  initialDelayMs: 250,
  factor: 2,
  jitter: 0.2,
  maxDelayMs: 10_000,
  retryUnknownReasons: Object.freeze([
    'timeout',
    'reset',
    'http-5xx',
    'resubmit-code',
    'unavailable-code',
    'unparseable',
    'unexpected-status',
    'aborted',
    'transport-error',
  ] satisfies UnknownReason[]),
});

/** Whether an outcome is worth resending under `policy`. Final kinds never are. */
export function isResendable(
  outcome: FlashOutcome<unknown>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): boolean {
  switch (outcome.kind) {
    case 'not-sent':
      // A rejected credential will be rejected again; that needs a person, not a loop.
      return outcome.reason !== 'token-rejected';
    case 'throttled':
      return true;
    case 'unknown':
      return policy.retryUnknownReasons.includes(outcome.reason);
    case 'succeeded':
    case 'declined':
    case 'mismatch':
    case 'invalid':
      return false;
    default: {
      const never: never = outcome;
      throw new Error(`unhandled outcome ${JSON.stringify(never)}`);
    }
  }
}

/** Delay before retry number `retry` (1 = before the second attempt). `random` returns [0, 1). */
export function retryDelayMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const base = policy.initialDelayMs * policy.factor ** (retry - 1);
  const spread = base * policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.min(policy.maxDelayMs, base + spread));
}

export interface ResendOptions {
  /** Partial overrides of `DEFAULT_RETRY_POLICY`. */
  readonly policy?: Partial<RetryPolicy>;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
  /**
   * Epoch ms (on `now`'s clock) after which no attempt starts: the end of the idempotency window
   * minus a margin. Resending the same reference after the window would be treated as new (or 2201).
   */
  readonly deadline?: number;
  readonly callOptions?: FlashCallOptions;
  /** Observes every attempt's outcome (metrics, logs). */
  readonly onAttempt?: (outcome: FlashOutcome<unknown>, attempt: number) => void;
}

export interface ResendResult<R> {
  /** The last attempt's outcome. */
  readonly outcome: FlashOutcome<R>;
  readonly attempts: number;
  /** Why the loop stopped. */
  readonly stoppedBecause: 'final' | 'attempts-exhausted' | 'deadline';
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends `request` and resends it, unchanged, while the outcome is resendable (throttled, not-sent,
 * unknown for a listed reason), stopping at succeeded / declined / mismatch / invalid, after
 * `attempts`, or before an attempt would start past `deadline`. The body is snapshotted once, so the
 * reference cannot change between attempts even if the caller mutates its object.
 */
export async function resendSameReference<O extends FlashOperationName>(
  client: {
    send: (
      op: O,
      request: FlashRequests[O],
      options?: FlashCallOptions,
    ) => Promise<FlashOutcome<FlashResponses[O]>>;
  },
  operation: O,
  request: FlashRequests[O],
  options: ResendOptions = {},
): Promise<ResendResult<FlashResponses[O]>> {
  const policy: RetryPolicy = options.policy
    ? { ...DEFAULT_RETRY_POLICY, ...options.policy }
    : DEFAULT_RETRY_POLICY;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const frozen = Object.freeze({ ...request }) as unknown as FlashRequests[O];

  let attempt = 1;
  let outcome = await client.send(operation, frozen, options.callOptions);
  options.onAttempt?.(outcome, attempt);
  while (isResendable(outcome, policy)) {
    if (attempt >= policy.attempts)
      return { outcome, attempts: attempt, stoppedBecause: 'attempts-exhausted' };
    let delay = retryDelayMs(policy, attempt, random);
    if (outcome.kind === 'throttled' && outcome.retryAfterMs !== undefined) {
      delay = Math.min(policy.maxDelayMs, Math.max(delay, outcome.retryAfterMs));
    }
    if (options.deadline !== undefined && now() + delay >= options.deadline) {
      return { outcome, attempts: attempt, stoppedBecause: 'deadline' };
    }
    await sleep(delay);
    attempt++;
    outcome = await client.send(operation, frozen, options.callOptions);
    options.onAttempt?.(outcome, attempt);
  }
  return { outcome, attempts: attempt, stoppedBecause: 'final' };
}
