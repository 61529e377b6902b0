/**
 * The provider-neutral core (DESIGN.md, target layout): outcome classes, the one resend policy, the
 * window and the pure `decide()`. Services build the policy once from their config and inject it.
 *
 * ```ts
 * import { beforeSend, decide, resendPolicy, storeOutageDelay } from '@vendstream/provider';
 * const policy = resendPolicy({ giveUpUnsentAfterMs: 6 * 3_600_000 });
 * const record = { currentStep: 'L', steps: ['L', 'P'], mayHaveSent: false, attempts: 1, createdAt };
 * if (beforeSend(record, now(), policy).kind === 'send') {
 *   const outcome = { kind: 'succeeded', response: { transactionId: '42' } } as const; // from a client
 *   decide(record, { outcome, startedAt, localRetries: 0 }, now(), policy); // { kind: 'advance', nextStep: 'P', ... }
 * }
 * await sleep(storeOutageDelay(policy, failures)); // the worker, while the store is out
 * ```
 */
export { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelay, validateRetryPolicy } from './backoff.ts';
export {
  type Attempt,
  beforeSend,
  type DecisionRecord,
  decide,
  type Finish,
  type Transition,
  type TransitionKind,
} from './decide.ts';
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
