import { invalidPolicy } from './errors.ts';

/**
 * Backoff as data (STYLE.md habit 3): exponential with jitter and a cap. The resend policy holds
 * two of them: the resends of one intent (`retry`: a first resend after 1 s, then 2, 4, 8 ... up to
 * 60 s) and the worker's wait while the store or broker is out (`storeOutage`).
 */
export interface RetryPolicy {
  initialDelayMs: number;
  /** Each delay is the previous one times this. */
  factor: number;
  maxDelayMs: number;
  /**
   * Share of the delay that jitter may take off: 0 = none; 1 = the delay is drawn uniformly from
   * [0, computed]. Only ever shortens, so the cap holds. Default 0.5.
   */
  jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  initialDelayMs: 1_000,
  factor: 2,
  maxDelayMs: 60_000,
  jitter: 0.5,
});

/** Delay before retry number `retry` (1 = first retry). `random` returns [0, 1); injectable for tests. */
export function retryDelay(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const exponential = policy.initialDelayMs * policy.factor ** Math.max(0, retry - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  return Math.round(capped * (1 - policy.jitter * random()));
}

/**
 * Throws a ProviderError (`INVALID_POLICY`) naming the field (`<name>.factor` ...) when the backoff
 * cannot work. `name` is where the backoff sits in the resend policy (`retry`, `storeOutage`).
 */
export function validateRetryPolicy(policy: RetryPolicy, name = 'retry'): RetryPolicy {
  if (!(policy.initialDelayMs > 0)) throw invalidPolicy(`${name}.initialDelayMs`, 'must be > 0');
  if (!(policy.factor >= 1)) throw invalidPolicy(`${name}.factor`, 'must be >= 1');
  if (!(policy.maxDelayMs >= policy.initialDelayMs))
    throw invalidPolicy(`${name}.maxDelayMs`, 'must be >= initialDelayMs');
  if (!(policy.jitter >= 0 && policy.jitter <= 1)) throw invalidPolicy(`${name}.jitter`, 'must be in [0, 1]');
  return policy;
}
