import type { FlashOutcome } from '@vendstream/flash-client';
import type { ProviderOutcome } from '@vendstream/provider';
import { assertNever } from './errors.ts';

/**
 * Flash's outcome kinds onto the provider's outcome classes (one to one: flash-client's
 * classification already says what happened). Codes become strings, and an attempt without an
 * answer keeps a short stable reason: the stored error is `<class>:<reason>` (`unknown:timeout`,
 * `throttled:2373`, `not-sent:connection-refused`).
 */
export function fromFlashOutcome(outcome: FlashOutcome<unknown>): ProviderOutcome {
  switch (outcome.kind) {
    case 'succeeded':
      return { kind: 'succeeded', response: outcome.response as Record<string, unknown> };
    case 'declined':
      return {
        kind: 'declined',
        code: String(outcome.code),
        message: outcome.message,
        response: outcome.response,
      };
    case 'mismatch':
      return {
        kind: 'mismatch',
        code: String(outcome.code),
        message: outcome.message,
        response: outcome.response,
      };
    case 'invalid':
      return { kind: 'invalid', message: outcome.error.message, issues: outcome.issues };
    case 'throttled':
      return {
        kind: 'throttled',
        reason: String(outcome.code ?? outcome.httpStatus),
        detail: outcome.detail,
        retryAfterMs: outcome.retryAfterMs,
      };
    case 'not-sent':
      return { kind: 'not-sent', reason: outcome.reason, detail: outcome.detail };
    case 'unknown':
      return { kind: 'unknown', reason: outcome.reason, detail: outcome.detail };
    default:
      return assertNever(outcome, 'Flash outcome');
  }
}
