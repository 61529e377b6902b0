import { invalidPolicy } from './errors.ts';

/**
 * A provider's idempotency window. Flash: the same reference returns the original outcome for 30
 * minutes after the first send (draft). After that a resend is refused as a duplicate (2201) at
 * best; so an unknown outcome is resent only while `now < firstSentAt + windowMs - marginMs`. The
 * margin covers clock skew between us and the provider and the duration of the resend itself.
 *
 *   firstSentAt                                   firstSentAt + window
 *   |------------ resend with same reference ----|-- margin --|
 *                                                ^ stop: mark unresolved, a person decides
 */
export interface IdempotencyWindow {
  windowMs: number;
  marginMs: number;
}

export const DEFAULT_WINDOW: IdempotencyWindow = Object.freeze({
  windowMs: 30 * 60_000,
  marginMs: 2 * 60_000,
});

/**
 * Whether an attempt may start at `now`. `firstSentAt` is the first send that may have reached the
 * provider under this reference; undefined when none may have (nothing to protect, no window binds).
 */
export function resendAllowed(
  window: IdempotencyWindow,
  firstSentAt: number | undefined,
  now: number,
): boolean {
  if (firstSentAt === undefined) return true;
  return now < firstSentAt + window.windowMs - window.marginMs;
}

export function validateWindow(window: IdempotencyWindow): IdempotencyWindow {
  if (!(window.windowMs > 0)) throw invalidPolicy('window.windowMs', 'must be > 0');
  if (!(window.marginMs >= 0 && window.marginMs < window.windowMs)) {
    throw invalidPolicy('window.marginMs', 'must be >= 0 and smaller than windowMs');
  }
  return window;
}
