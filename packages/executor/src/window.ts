/**
 * Flash's idempotency window: the same reference returns the original outcome for 30 minutes after
 * the first send (draft). After that a resend is refused as a duplicate (2201) at best; so an
 * unknown outcome is resent only while `now < firstSentAt + windowMs - marginMs`. The margin covers
 * clock skew between us and Flash and the duration of the resend itself.
 *
 *   firstSentAt                                   firstSentAt + window
 *   |------------ resend with same reference ----|-- margin --|
 *                                                ^ stop: mark unresolved, a person decides
 */
export interface IdempotencyWindow {
  windowMs: number;
  marginMs: number;
}

export const DEFAULT_WINDOW: IdempotencyWindow = { windowMs: 30 * 60_000, marginMs: 2 * 60_000 };

export function resendAllowed(
  window: IdempotencyWindow,
  firstSentAt: number | undefined,
  now: number,
): boolean {
  if (firstSentAt === undefined) return true; // never sent: nothing to protect
  return now < firstSentAt + window.windowMs - window.marginMs;
}

export function validateWindow(window: IdempotencyWindow): IdempotencyWindow {
  if (!(window.windowMs > 0)) throw new Error('window.windowMs must be > 0');
  if (!(window.marginMs >= 0 && window.marginMs < window.windowMs)) {
    throw new Error('window.marginMs must be >= 0 and smaller than windowMs');
  }
  return window;
}
