/**
 * Backoff as data (STYLE.md habit 3): exponential with full jitter and a cap.
 * Defaults suit Flash: a first resend after 1 s, then 2, 4, 8 ... up to 60 s.
 */
export interface RetryPolicy {
  initialDelayMs: number;
  factor: number;
  maxDelayMs: number;
  /** 0 = no jitter; 1 = delay drawn uniformly from [0, computed]. Default 0.5. */
  jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  initialDelayMs: 1_000,
  factor: 2,
  maxDelayMs: 60_000,
  jitter: 0.5,
};

/** Delay before retry number `retry` (1 = first retry). `random` is injectable for tests. */
export function retryDelay(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const exponential = policy.initialDelayMs * policy.factor ** Math.max(0, retry - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  return Math.round(capped * (1 - policy.jitter * random()));
}

export function validateRetryPolicy(policy: RetryPolicy): RetryPolicy {
  if (!(policy.initialDelayMs > 0)) throw new Error('retry.initialDelayMs must be > 0');
  if (!(policy.factor >= 1)) throw new Error('retry.factor must be >= 1');
  if (!(policy.maxDelayMs >= policy.initialDelayMs))
    throw new Error('retry.maxDelayMs must be >= initialDelayMs');
  if (!(policy.jitter >= 0 && policy.jitter <= 1)) throw new Error('retry.jitter must be in [0, 1]');
  return policy;
}
