/**
 * The outcome classes of one attempt, common to every provider: a provider's client classifies its
 * answers (or the facts of a failure) into these, and `decide()` acts on them alone.
 *
 * | class       | what happened at the provider                         | may have taken effect |
 * |-------------|-------------------------------------------------------|-----------------------|
 * | succeeded   | it did it                                             | yes (it did)          |
 * | declined    | it refused with a final answer: nothing happened      | no                    |
 * | invalid     | caught before sending: nothing sent                   | no                    |
 * | mismatch    | same reference, different body: an earlier one may    | maybe (earlier send)  |
 * | throttled   | refused for rate: nothing happened                    | no                    |
 * | not-sent    | no byte of the request left this process              | no                    |
 * | unknown     | timeout, reset, 5xx, an ambiguous code ...            | maybe                 |
 */
export type OutcomeClass = ProviderOutcome['kind'];

export const OUTCOME_CLASSES = [
  'succeeded',
  'declined',
  'invalid',
  'mismatch',
  'throttled',
  'not-sent',
  'unknown',
] as const satisfies readonly OutcomeClass[];

/** The answer classes: the provider (or our validation) said what became of the request. */
export type AnswerClass = 'succeeded' | 'declined' | 'invalid' | 'mismatch';
/** The classes without an answer: the same request may be sent again (same reference). */
export type RetryableClass = Exclude<OutcomeClass, AnswerClass>;

export type ProviderOutcome =
  | { kind: 'succeeded'; response: Record<string, unknown> }
  | { kind: 'declined'; code: string; message: string; response?: Record<string, unknown> | undefined }
  | { kind: 'invalid'; message: string; issues: readonly { field: string; message: string }[] }
  | { kind: 'mismatch'; code: string; message: string; response?: Record<string, unknown> | undefined }
  | NoAnswer<'throttled'>
  | NoAnswer<'not-sent'>
  | NoAnswer<'unknown'>;

interface NoAnswer<K extends RetryableClass> {
  kind: K;
  /** Short and stable (e.g. `timeout`, `connection-refused`, `2373`): the stored error is `<kind>:<reason>`. */
  reason: string;
  /** Human-readable; never contains a body (bodies may hold PINs and tokens). */
  detail: string;
  /** Throttled only: how long the provider asked us to wait (`Retry-After`). */
  retryAfterMs?: number | undefined;
}

/**
 * Whether an attempt with this outcome may have reached the provider and taken effect. Only such an
 * attempt starts the idempotency window; an intent none of whose attempts may have can be given up
 * as `failed` (nothing was sold).
 */
export function mayHaveReached(kind: RetryableClass): boolean {
  switch (kind) {
    case 'unknown':
      return true;
    case 'throttled':
    case 'not-sent':
      return false;
    default:
      return assertNever(kind);
  }
}

export function assertNever(value: never): never {
  throw new Error(`unhandled case ${String(value)}`);
}
