import type { TransportFailure } from './classify.ts';

interface GotLikeError {
  code?: unknown;
  message?: unknown;
  event?: unknown;
  timings?: { connect?: number; upload?: number };
  request?: { timings?: { connect?: number; upload?: number } };
}

/**
 * The facts the classifier needs from a got error. got's timings (from http-timer) tell whether a
 * TCP connection existed (`connect`, also set at once for a reused keep-alive socket) and whether
 * the request had been fully written (`upload`).
 */
export function transportFailureOf(error: unknown): TransportFailure {
  const e = (error ?? {}) as GotLikeError;
  const timings = e.timings ?? e.request?.timings;
  return {
    code: typeof e.code === 'string' ? e.code : undefined,
    message: typeof e.message === 'string' ? e.message : String(error),
    timeoutEvent: typeof e.event === 'string' ? e.event : undefined,
    connected: timings?.connect !== undefined,
    uploaded: timings?.upload !== undefined,
  };
}
