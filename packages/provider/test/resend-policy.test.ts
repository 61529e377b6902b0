import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RESEND_POLICY,
  DEFAULT_RETRY_POLICY,
  localRetryDelay,
  ProviderError,
  type ResendPolicy,
  resendAllowed,
  resendDelay,
  resendPolicy,
  retryDelay,
  storeOutageDelay,
  validateResendPolicy,
  validateRetryPolicy,
  validateWindow,
} from '../src/index.ts';

const noJitter = () => 0;
const fullJitter = () => 0.999_999;

describe('resendAllowed', () => {
  const window = { windowMs: 30 * 60_000, marginMs: 2 * 60_000 };
  const sentAt = Date.UTC(2026, 10, 24, 8, 0, 0);
  const closesAt = sentAt + window.windowMs - window.marginMs;

  it.each([
    ['at the first send', true, sentAt],
    ['in the last millisecond before the margin', true, closesAt - 1],
    ['in the first millisecond of the margin', false, closesAt],
    ['after the window itself closed', false, sentAt + window.windowMs + 1],
  ])('%s: allowed %s', (_when, allowed, now) => {
    expect(resendAllowed(window, sentAt, now)).toBe(allowed);
  });

  it('allows any time for an intent never sent', () => {
    expect(resendAllowed(window, undefined, Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it('refuses a margin as large as the window, naming the field', () => {
    expect(() => validateWindow({ windowMs: 1_000, marginMs: 1_000 })).toThrow(/^window\.marginMs/);
  });
});

describe('retryDelay', () => {
  const policy = { initialDelayMs: 1_000, factor: 2, maxDelayMs: 8_000, jitter: 0.5 };

  it('doubles from the initial delay up to the cap', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(policy, n, noJitter))).toEqual([
      1_000, 2_000, 4_000, 8_000, 8_000,
    ]);
  });

  it('lets jitter take at most its share off, never adding to the cap', () => {
    expect(retryDelay(policy, 3, fullJitter)).toBe(2_000);
    expect(retryDelay(policy, 9, fullJitter)).toBe(4_000);
    expect(retryDelay({ ...policy, jitter: 1 }, 2, () => 0.25)).toBe(1_500);
  });

  it('rejects a backoff that cannot work, with a stable code and the field', () => {
    const refusal = (p: typeof policy, name?: string) => {
      try {
        validateRetryPolicy(p, name);
      } catch (error) {
        return error instanceof ProviderError ? [error.code, error.field] : error;
      }
      return 'accepted';
    };
    expect(refusal({ ...DEFAULT_RETRY_POLICY, factor: 0.5 })).toEqual(['INVALID_POLICY', 'retry.factor']);
    expect(refusal({ ...DEFAULT_RETRY_POLICY, jitter: 2 })).toEqual(['INVALID_POLICY', 'retry.jitter']);
    expect(refusal({ ...DEFAULT_RETRY_POLICY, initialDelayMs: 0 })).toEqual([
      'INVALID_POLICY',
      'retry.initialDelayMs',
    ]);
    expect(refusal({ ...DEFAULT_RETRY_POLICY, maxDelayMs: 10 }, 'storeOutage')).toEqual([
      'INVALID_POLICY',
      'storeOutage.maxDelayMs',
    ]);
  });
});

describe('the resend policy', () => {
  it('defaults to the numbers that ran before it was one policy', () => {
    expect(DEFAULT_RESEND_POLICY).toMatchObject({
      retry: { initialDelayMs: 1_000, factor: 2, maxDelayMs: 60_000, jitter: 0.5 },
      localRetries: 3,
      window: { windowMs: 1_800_000, marginMs: 120_000 },
      giveUpUnsentAfterMs: 86_400_000,
      retriedWhere: { throttled: 'local', 'not-sent': 'local', unknown: 'reconciler', succeeded: 'never' },
    });
    expect(validateResendPolicy(DEFAULT_RESEND_POLICY)).toBe(DEFAULT_RESEND_POLICY);
  });

  it('waits out a store outage as the worker always did: 250 ms doubling to 30 s, no jitter', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 9, 50].map((n) => storeOutageDelay(DEFAULT_RESEND_POLICY, n));
    expect(delays).toEqual([250, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    const formula = (failures: number) => Math.min(30_000, 250 * 2 ** failures);
    expect(delays.slice(0, 9)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map(formula));
  });

  it('schedules the next resend by the attempts made, with jitter injected', () => {
    expect([1, 2, 3, 7, 8].map((n) => resendDelay(DEFAULT_RESEND_POLICY, n, noJitter))).toEqual([
      1_000, 2_000, 4_000, 60_000, 60_000,
    ]);
    expect(resendDelay(DEFAULT_RESEND_POLICY, 2, fullJitter)).toBe(1_000);
  });

  it('backs off locally under the local cap, and obeys a Retry-After up to the backoff cap', () => {
    const policy: ResendPolicy = { ...DEFAULT_RESEND_POLICY, localMaxDelayMs: 3_000 };
    const notSent = { kind: 'not-sent' as const };
    expect([1, 2, 3].map((n) => localRetryDelay(policy, notSent, n, noJitter))).toEqual([
      1_000, 2_000, 3_000,
    ]);
    expect(localRetryDelay(policy, { kind: 'throttled', retryAfterMs: 5_000 }, 1, noJitter)).toBe(5_000);
    expect(localRetryDelay(policy, { kind: 'throttled', retryAfterMs: 600_000 }, 1, noJitter)).toBe(60_000);
    expect(localRetryDelay(policy, { kind: 'throttled', retryAfterMs: undefined }, 3, noJitter)).toBe(3_000);
    expect(localRetryDelay(DEFAULT_RESEND_POLICY, notSent, 9, noJitter)).toBe(60_000);
  });

  it.each([
    [{ localRetries: -1 }, 'localRetries'],
    [{ localRetries: 1.5 }, 'localRetries'],
    [{ localMaxDelayMs: 0 }, 'localMaxDelayMs'],
    [{ giveUpUnsentAfterMs: 0 }, 'giveUpUnsentAfterMs'],
    [{ window: { windowMs: 0, marginMs: 0 } }, 'window.windowMs'],
    [{ storeOutage: { ...DEFAULT_RETRY_POLICY, factor: 0 } }, 'storeOutage.factor'],
    [
      { retriedWhere: { ...DEFAULT_RESEND_POLICY.retriedWhere, succeeded: 'local' } },
      'retriedWhere.succeeded',
    ],
    [
      { retriedWhere: { ...DEFAULT_RESEND_POLICY.retriedWhere, mismatch: 'reconciler' } },
      'retriedWhere.mismatch',
    ],
    [{ retriedWhere: { ...DEFAULT_RESEND_POLICY.retriedWhere, unknown: 'local' } }, 'retriedWhere.unknown'],
    [
      { retriedWhere: { ...DEFAULT_RESEND_POLICY.retriedWhere, 'not-sent': 'never' } },
      'retriedWhere.not-sent',
    ],
  ] as [Partial<ResendPolicy>, string][])('refuses %j, naming the field %s', (overrides, field) => {
    expect(() => resendPolicy(overrides)).toThrow(expect.objectContaining({ code: 'INVALID_POLICY', field }));
  });

  it('accepts throttled and not-sent handed straight to the reconciler', () => {
    const retriedWhere = {
      ...DEFAULT_RESEND_POLICY.retriedWhere,
      throttled: 'reconciler',
      'not-sent': 'reconciler',
    } as const;
    expect(resendPolicy({ retriedWhere }).retriedWhere.throttled).toBe('reconciler');
  });
});
