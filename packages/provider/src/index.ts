/**
 * The provider-neutral core (DESIGN.md, target layout): outcome classes, the one resend policy and
 * the window. Services build the policy once from their config and inject it everywhere.
 *
 * ```ts
 * import { resendPolicy, resendAllowed, storeOutageDelay } from '@vendstream/provider';
 * const policy = resendPolicy({ retry: { initialDelayMs: 1_000, factor: 2, maxDelayMs: 60_000, jitter: 0.5 } });
 * resendAllowed(policy.window, record.firstSentAt, Date.now()); // may the same reference go again?
 * await sleep(storeOutageDelay(policy, failures)); // the worker, while the store is out
 * ```
 */
export { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelay, validateRetryPolicy } from './backoff.ts';
export { ProviderError, type ProviderErrorCode } from './errors.ts';
export {
  type AnswerClass,
  mayHaveReached,
  OUTCOME_CLASSES,
  type OutcomeClass,
  type ProviderOutcome,
  type RetryableClass,
} from './outcome.ts';
export {
  DEFAULT_RESEND_POLICY,
  DEFAULT_RETRIED_WHERE,
  localRetryDelay,
  type ResendPolicy,
  type RetryPlace,
  resendDelay,
  resendPolicy,
  storeOutageDelay,
  validateResendPolicy,
} from './resend-policy.ts';
export { DEFAULT_WINDOW, type IdempotencyWindow, resendAllowed, validateWindow } from './window.ts';
