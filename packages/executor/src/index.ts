/**
 * Runs claimed intents against Flash, one step at a time, and records every outcome in the intent
 * store: shared by the worker (first attempt) and the reconciler (resends), so both send exactly
 * the same request under the same reference.
 *
 * ```ts
 * const publisher = new ResultPublisher({ producer, topics, store, logger });
 * const executor = createIntentExecutor({ flash, store, publisher, sealer, logger, owner, leaseMs: 30_000,
 *   source: 'urn:vendstream:worker', rateLimiter: new RateLimiter(50) });
 * const claim = await store.claim({ ... });
 * if (claim.kind === 'claimed') await executor.execute(claim.record, intent);
 * ```
 */

export {
  ExecutorError,
  type ExecutorErrorCode,
  type ExecutorErrorScope,
  RequestBuildError,
  scopeOf,
} from './errors.ts';
export {
  createIntentExecutor,
  type ExecutionResult,
  type FinishDetail,
  type IntentExecutor,
  type IntentExecutorOptions,
} from './executor.ts';
export { accountOf, type FlashCall, flashCallFor } from './flash-requests.ts';
export { RateLimiter } from './rate-limiter.ts';
export { ResultPublisher, type ResultPublisherOptions, storedResultEvent } from './result-publisher.ts';
