import type { FlashClient } from '@vendstream/flash-client';
import type { Logger } from '@vendstream/logging';
import {
  beforeSend,
  type DecisionRecord,
  decide,
  type ResendPolicy,
  type Transition,
} from '@vendstream/provider';
import { fromFlashOutcome } from './flash-outcome.ts';
import type { FlashCall } from './flash-requests.ts';
import type { RateLimiter } from './rate-limiter.ts';

export interface SendLoopOptions {
  flash: FlashClient;
  logger: Logger;
  policy: ResendPolicy;
  rateLimiter?: RateLimiter | undefined;
  now: () => number;
  sleep: (ms: number) => Promise<unknown>;
  random?: () => number;
}

/** Every transition but a local retry: those the loop performs itself. */
export type StepTransition = Exclude<Transition, { kind: 'retry-locally' }>;

/**
 * Sends one step's request and asks `decide()` what each outcome means, performing local retries
 * (same request, same reference) until it says something else. The window is checked before every
 * attempt, local retries included, after the rate limiter's wait: right before the bytes go out.
 */
export function createSendLoop(options: SendLoopOptions) {
  const { flash, logger, policy, rateLimiter, now, sleep } = options;
  const random = options.random ?? Math.random;
  return async function sendStep(
    record: DecisionRecord,
    call: FlashCall,
    account: string,
  ): Promise<StepTransition> {
    for (let localRetries = 0; ; ) {
      await rateLimiter?.acquire(account);
      const startedAt = now();
      const gate = beforeSend(record, startedAt, policy);
      if (gate.kind !== 'send') return gate;
      const flashOutcome = await flash.send(call.operation, call.request as never);
      const outcome = fromFlashOutcome(flashOutcome as Parameters<typeof fromFlashOutcome>[0]);
      const transition = decide(record, { outcome, startedAt, localRetries }, now(), policy, random);
      if (transition.kind !== 'retry-locally') return transition;
      if (transition.penalize) rateLimiter?.penalize(account, transition.delayMs);
      logger.debug(
        {
          reference: (call.request as { reference?: string }).reference,
          reason: transition.reason,
          delay: transition.delayMs,
        },
        'retrying locally',
      );
      await sleep(transition.delayMs);
      localRetries = transition.retry;
    }
  };
}
