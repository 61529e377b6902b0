import type { Logger } from '@vendstream/logging';
import { pino } from 'pino';
import { TokenIssuer } from './auth.ts';
import { Faults } from './faults.ts';
import { IdempotencyStore } from './idempotency.ts';
import { DEFAULT_SANDBOX_CREDENTIALS } from './seed.ts';
import { SandboxState } from './state/sandbox-state.ts';
import type { FlashSandboxOptions } from './types.ts';

/** Everything the HTTP layer needs, built once from the options. */
export interface SandboxCore {
  readonly now: () => number;
  readonly logger: Logger;
  readonly state: SandboxState;
  readonly faults: Faults;
  readonly idempotency: IdempotencyStore;
  readonly tokens: TokenIssuer;
  reset(): void;
}

export const DEFAULT_IDEMPOTENCY_WINDOW_MS = 30 * 60_000;
export const DEFAULT_TOKEN_TTL_SECONDS = 3600;
export const DEFAULT_REVERSAL_WINDOW_MS = 24 * 3_600_000;

export function createCore(options: FlashSandboxOptions): SandboxCore {
  const now = options.now ?? Date.now;
  const windowMs = options.idempotencyWindowMs ?? DEFAULT_IDEMPOTENCY_WINDOW_MS;
  const ttl = options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (!(windowMs > 0)) throw new RangeError('idempotencyWindowMs must be positive');
  if (!(ttl > 0)) throw new RangeError('tokenTtlSeconds must be positive');
  const state = new SandboxState(now(), options.reversalWindowMs ?? DEFAULT_REVERSAL_WINDOW_MS);
  const faults = new Faults(now, options.random ?? Math.random);
  const idempotency = new IdempotencyStore(windowMs, now);
  const tokens = new TokenIssuer(options.credentials ?? DEFAULT_SANDBOX_CREDENTIALS, ttl, now);
  return {
    now,
    logger: options.logger ?? pino({ enabled: false }),
    state,
    faults,
    idempotency,
    tokens,
    reset() {
      state.reset(now());
      faults.reset();
      idempotency.reset();
      tokens.reset();
    },
  };
}
