import { describe, expect, it } from 'vitest';
import {
  type Attempt,
  beforeSend,
  DEFAULT_RESEND_POLICY,
  type DecisionRecord,
  decide,
  type ProviderOutcome,
  type ResendPolicy,
  resendPolicy,
  type Transition,
} from '../src/index.ts';

// Times are plain numbers: decide() takes `now`, so no clock is needed.
const T0 = Date.UTC(2026, 10, 29, 6, 0, 0);
const MIN = 60_000;
const policy: ResendPolicy = DEFAULT_RESEND_POLICY; // window 30 min, margin 2 min, give up after 24 h
const noJitter = () => 0;
const halfJitter = () => 0.5;

/** A first send: nothing may have reached the provider yet; the claim counted one attempt. */
const firstSend: DecisionRecord = Object.freeze({
  currentStep: 'V',
  steps: Object.freeze(['V']),
  mayHaveSent: false,
  attempts: 1,
  createdAt: T0,
});
/** A resend: the first attempt (at T0) may have reached the provider; the reconciler's third attempt. */
const resend: DecisionRecord = Object.freeze({
  currentStep: 'V',
  steps: Object.freeze(['V']),
  mayHaveSent: true,
  firstSentAt: T0,
  attempts: 3,
  createdAt: T0,
  lastErrorCode: 'unknown:timeout',
});

const outcomes = {
  succeeded: { kind: 'succeeded', response: { transactionId: '42' } },
  declined: {
    kind: 'declined',
    code: '2502',
    message: 'insufficient balance',
    response: { responseCode: 2502 },
  },
  invalid: { kind: 'invalid', message: 'bad pin', issues: [{ field: 'pin', message: 'must be 16 digits' }] },
  mismatch: { kind: 'mismatch', code: '2256', message: 'does not match', response: { responseCode: 2256 } },
  throttled: { kind: 'throttled', reason: '2373', detail: 'too many requests', retryAfterMs: undefined },
  'not-sent': { kind: 'not-sent', reason: 'connection-refused', detail: 'ECONNREFUSED' },
  unknown: { kind: 'unknown', reason: 'timeout', detail: 'no answer in 15 s' },
} satisfies Record<ProviderOutcome['kind'], ProviderOutcome>;

function attempt(outcome: ProviderOutcome, localRetries = 0, startedAt = T0 + 5 * MIN): Attempt {
  return { outcome, startedAt, localRetries };
}

describe('beforeSend: the idempotency window', () => {
  const closesAt = T0 + 30 * MIN - 2 * MIN;
  it.each([
    ['a first send, long after receipt', 'send', firstSend, T0 + 1_000 * MIN],
    ['a resend at the first send', 'send', resend, T0],
    ['a resend in the last millisecond inside the window', 'send', resend, closesAt - 1],
    ['a resend in the first millisecond outside the window', 'finish', resend, closesAt],
    ['a resend after the window itself', 'finish', resend, T0 + 31 * MIN],
    [
      'an intent only ever not sent, with a stale firstSentAt',
      'send',
      { ...firstSend, firstSentAt: T0 },
      closesAt,
    ],
  ] as const)('%s: %s', (_case, kind, record, now) => {
    expect(beforeSend(record, now, policy).kind).toBe(kind);
  });

  it('ends an intent whose window closed unresolved, saying what its last attempt got', () => {
    expect(beforeSend(resend, T0 + 28 * MIN, policy)).toEqual({
      kind: 'finish',
      status: 'unresolved',
      error: {
        code: 'WINDOW_CLOSED',
        message: 'outcome still unknown (unknown:timeout) when the idempotency window closed',
        source: 'vendstream',
      },
    });
  });
});

describe('decide: every outcome class on a first send and on a resend', () => {
  const now = T0 + 5 * MIN;
  const startedAt = T0 + 5 * MIN - 100;
  // Local retries used up, so attempts without an answer go to the reconciler (or give up).
  const exhausted = policy.localRetries;
  type Row = [string, DecisionRecord, ProviderOutcome, number, Transition];
  const rows: Row[] = [
    [
      'succeeded, first send',
      firstSend,
      outcomes.succeeded,
      0,
      { kind: 'finish', status: 'succeeded', response: { transactionId: '42' } },
    ],
    [
      'succeeded, resend',
      resend,
      outcomes.succeeded,
      0,
      { kind: 'finish', status: 'succeeded', response: { transactionId: '42' } },
    ],
    ...[firstSend, resend].map(
      (record): Row => [
        `declined, ${record.mayHaveSent ? 'resend' : 'first send'}`,
        record,
        outcomes.declined,
        0,
        {
          kind: 'finish',
          status: 'failed',
          error: { code: '2502', message: 'insufficient balance', source: 'provider' },
          response: { responseCode: 2502 },
        },
      ],
    ),
    ...[firstSend, resend].map(
      (record): Row => [
        `invalid, ${record.mayHaveSent ? 'resend' : 'first send'}`,
        record,
        outcomes.invalid,
        0,
        {
          kind: 'finish',
          status: 'rejected',
          error: {
            code: 'INVALID_REQUEST',
            message: 'bad pin',
            source: 'validation',
            issues: [{ field: 'pin', message: 'must be 16 digits' }],
          },
        },
      ],
    ),
    ...[firstSend, resend].map(
      (record): Row => [
        `mismatch, ${record.mayHaveSent ? 'resend' : 'first send'}`,
        record,
        outcomes.mismatch,
        0,
        {
          kind: 'finish',
          status: 'unresolved',
          error: { code: '2256', message: 'does not match', source: 'provider' },
          response: { responseCode: 2256 },
        },
      ],
    ),
    [
      'throttled, first send, local retries left',
      firstSend,
      outcomes.throttled,
      0,
      { kind: 'retry-locally', retry: 1, delayMs: 1_000, penalize: true, reason: 'throttled:2373' },
    ],
    [
      'throttled, resend, local retries left',
      resend,
      outcomes.throttled,
      2,
      { kind: 'retry-locally', retry: 3, delayMs: 4_000, penalize: true, reason: 'throttled:2373' },
    ],
    [
      'not-sent, first send, local retries left',
      firstSend,
      outcomes['not-sent'],
      0,
      {
        kind: 'retry-locally',
        retry: 1,
        delayMs: 1_000,
        penalize: false,
        reason: 'not-sent:connection-refused',
      },
    ],
    [
      'not-sent, resend, local retries left',
      resend,
      outcomes['not-sent'],
      1,
      {
        kind: 'retry-locally',
        retry: 2,
        delayMs: 2_000,
        penalize: false,
        reason: 'not-sent:connection-refused',
      },
    ],
    [
      'throttled, first send, local retries used up: no window starts',
      firstSend,
      outcomes.throttled,
      exhausted,
      {
        kind: 'record-unknown',
        nextAttemptAt: now + 1_000,
        error: { code: 'throttled:2373', message: 'too many requests' },
        mayHaveSent: false,
        sentAt: undefined,
      },
    ],
    [
      'throttled, resend, local retries used up: the window keeps its start',
      resend,
      outcomes.throttled,
      exhausted,
      {
        kind: 'record-unknown',
        nextAttemptAt: now + 4_000,
        error: { code: 'throttled:2373', message: 'too many requests' },
        mayHaveSent: true,
        sentAt: undefined,
      },
    ],
    [
      'not-sent, first send, local retries used up',
      firstSend,
      outcomes['not-sent'],
      exhausted,
      {
        kind: 'record-unknown',
        nextAttemptAt: now + 1_000,
        error: { code: 'not-sent:connection-refused', message: 'ECONNREFUSED' },
        mayHaveSent: false,
        sentAt: undefined,
      },
    ],
    [
      'not-sent, resend, local retries used up',
      resend,
      outcomes['not-sent'],
      exhausted,
      {
        kind: 'record-unknown',
        nextAttemptAt: now + 4_000,
        error: { code: 'not-sent:connection-refused', message: 'ECONNREFUSED' },
        mayHaveSent: true,
        sentAt: undefined,
      },
    ],
    [
      'unknown, first send: to the reconciler at once, and this attempt starts the window',
      firstSend,
      outcomes.unknown,
      0,
      {
        kind: 'record-unknown',
        nextAttemptAt: now + 1_000,
        error: { code: 'unknown:timeout', message: 'no answer in 15 s' },
        mayHaveSent: true,
        sentAt: startedAt,
      },
    ],
    [
      'unknown, resend: the window keeps its first start',
      resend,
      outcomes.unknown,
      0,
      {
        kind: 'record-unknown',
        nextAttemptAt: now + 4_000,
        error: { code: 'unknown:timeout', message: 'no answer in 15 s' },
        mayHaveSent: true,
        sentAt: undefined,
      },
    ],
  ];

  it.each(rows)('%s', (_case, record, outcome, localRetries, expected) => {
    expect(decide(record, { outcome, startedAt, localRetries }, now, policy, noJitter)).toEqual(expected);
  });

  it('covers every outcome class on both kinds of record', () => {
    const covered = new Set(rows.map(([, record, outcome]) => `${outcome.kind}/${record.mayHaveSent}`));
    expect(covered.size).toBe(Object.keys(outcomes).length * 2);
  });

  it('is pure: the same input gives the same transition and the record is left as it was', () => {
    const input = [resend, attempt(outcomes.unknown), now, policy, halfJitter] as const;
    expect(decide(...input)).toEqual(decide(...input));
    expect(Object.isFrozen(resend)).toBe(true); // a write to it would have thrown
  });
});

describe('decide: steps', () => {
  const lookup: DecisionRecord = { ...firstSend, currentStep: 'L', steps: ['L', 'P'] };

  it('advances a succeeded step to the next one in the intent type’s order, keeping its response', () => {
    expect(decide(lookup, attempt(outcomes.succeeded), T0, policy)).toEqual({
      kind: 'advance',
      completedStep: 'L',
      nextStep: 'P',
      response: { transactionId: '42' },
    });
  });

  it('finishes succeeded only after the last step', () => {
    expect(decide({ ...lookup, currentStep: 'P' }, attempt(outcomes.succeeded), T0, policy)).toMatchObject({
      kind: 'finish',
      status: 'succeeded',
    });
  });

  it('follows the step list it is given, whatever the letters', () => {
    const reversed = { ...lookup, currentStep: 'P', steps: ['P', 'L'] };
    expect(decide(reversed, attempt(outcomes.succeeded), T0, policy)).toMatchObject({ nextStep: 'L' });
  });

  it('refuses to move on from a step that is not in the list (UNKNOWN_STEP)', () => {
    const stray = { ...lookup, currentStep: 'X' };
    expect(() => decide(stray, attempt(outcomes.succeeded), T0, policy)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_STEP' }),
    );
  });

  it('fails a declined second step as failed: nothing was sold by it', () => {
    expect(decide({ ...lookup, currentStep: 'P' }, attempt(outcomes.declined), T0, policy)).toMatchObject({
      kind: 'finish',
      status: 'failed',
    });
  });
});

describe('decide: the give-up rule', () => {
  const giveUpAt = T0 + policy.giveUpUnsentAfterMs;
  const exhausted = policy.localRetries;
  it.each([
    [
      'not-sent, one millisecond before the limit',
      'record-unknown',
      firstSend,
      outcomes['not-sent'],
      exhausted,
      giveUpAt - 1,
    ],
    ['not-sent, at the limit', 'give-up', firstSend, outcomes['not-sent'], exhausted, giveUpAt],
    [
      'throttled, long after the limit',
      'give-up',
      firstSend,
      outcomes.throttled,
      exhausted,
      giveUpAt + 60 * MIN,
    ],
    [
      'throttled, after the limit, with local retries left: those come first',
      'retry-locally',
      firstSend,
      outcomes.throttled,
      0,
      giveUpAt,
    ],
    [
      'unknown, after the limit: it may have been sent',
      'record-unknown',
      firstSend,
      outcomes.unknown,
      0,
      giveUpAt,
    ],
    [
      'not-sent after the limit, when an earlier attempt may have been sent',
      'record-unknown',
      resend,
      outcomes['not-sent'],
      exhausted,
      giveUpAt,
    ],
  ] as const)('%s: %s', (_case, kind, record, outcome, localRetries, now) => {
    expect(decide(record, attempt(outcome, localRetries), now, policy, noJitter).kind).toBe(kind);
  });

  it('ends the intent failed with PROVIDER_UNREACHABLE: nothing was sold', () => {
    expect(decide(firstSend, attempt(outcomes['not-sent'], 3), giveUpAt, policy)).toEqual({
      kind: 'give-up',
      status: 'failed',
      error: {
        code: 'PROVIDER_UNREACHABLE',
        message:
          'the provider could not be reached (not-sent:connection-refused) for 1440 min; nothing was sent',
        source: 'vendstream',
      },
    });
  });
});

describe('decide: the policy’s delays and places', () => {
  it('schedules the reconciler’s resend by the attempts made, jitter drawn from the injected source', () => {
    const at = (attempts: number, random: () => number) => {
      const t = decide({ ...resend, attempts }, attempt(outcomes.unknown), T0, policy, random);
      return t.kind === 'record-unknown' ? t.nextAttemptAt - T0 : t.kind;
    };
    expect([1, 2, 3, 6, 7, 12].map((n) => at(n, noJitter))).toEqual([
      1_000, 2_000, 4_000, 32_000, 60_000, 60_000,
    ]);
    expect([1, 3, 7].map((n) => at(n, halfJitter))).toEqual([750, 3_000, 45_000]);
  });

  it('keeps a local back-off under the local cap, and obeys a Retry-After up to the backoff cap', () => {
    const capped = { ...policy, localMaxDelayMs: 1_500 };
    const delay = (outcome: ProviderOutcome, localRetries: number, p: ResendPolicy = capped) => {
      const t = decide(firstSend, attempt(outcome, localRetries), T0, p, noJitter);
      return t.kind === 'retry-locally' ? t.delayMs : t.kind;
    };
    expect([0, 1, 2].map((n) => delay(outcomes['not-sent'], n))).toEqual([1_000, 1_500, 1_500]);
    expect(delay({ ...outcomes.throttled, retryAfterMs: 7_000 }, 0)).toBe(7_000);
    expect(delay({ ...outcomes.throttled, retryAfterMs: 3_600_000 }, 0)).toBe(60_000);
  });

  it('hands throttled straight to the reconciler when the policy says so', () => {
    const p = resendPolicy({ retriedWhere: { ...policy.retriedWhere, throttled: 'reconciler' } });
    expect(decide(firstSend, attempt(outcomes.throttled), T0, p, noJitter).kind).toBe('record-unknown');
    expect(decide(firstSend, attempt(outcomes['not-sent']), T0, p, noJitter).kind).toBe('retry-locally');
  });

  it('retries nothing locally with localRetries 0', () => {
    const p = resendPolicy({ localRetries: 0 });
    expect(decide(firstSend, attempt(outcomes['not-sent']), T0, p, noJitter).kind).toBe('record-unknown');
  });
});
