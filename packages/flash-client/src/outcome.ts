import type { FlashValidationError, ValidationIssue } from './errors.ts';
import type { FlashOperationName } from './operations.ts';

/**
 * What became of one call. Every client method resolves to one of these and never throws for a
 * provider or network problem: the caller's next step depends on the kind, so the kind is data.
 *
 * | kind        | meaning                                              | safe next step                         |
 * |-------------|------------------------------------------------------|----------------------------------------|
 * | succeeded   | HTTP 200 and responseCode 0 (reads: 200 with JSON)   | done                                   |
 * | declined    | Flash refused it with a documented final code        | fail the intent; nothing was vended    |
 * | mismatch    | 2256: same reference, different body (our bug)       | alert; an earlier effect may exist     |
 * | unknown     | may or may not have taken effect                     | resend SAME reference inside window    |
 * | not-sent    | no byte of the request left this process             | retry any time (same reference)        |
 * | throttled   | 2373/2377/HTTP 429: refused, nothing happened        | back off, retry same reference         |
 * | invalid     | failed validation before sending; nothing sent       | reject the intent (field-level issues) |
 */
export type FlashOutcome<R> =
  | FlashSucceeded<R>
  | FlashDeclined
  | FlashMismatch
  | FlashUnknown
  | FlashNotSent
  | FlashThrottled
  | FlashInvalid;

export type FlashOutcomeKind = FlashOutcome<unknown>['kind'];

interface OutcomeBase {
  readonly operation: FlashOperationName;
  /** The request's reference (reads have none). */
  readonly reference: string | undefined;
}

/** The body of a non-success answer (later revisions document these fields); other fields kept. */
export interface FlashErrorBody {
  responseCode: number;
  responseMessage?: string;
  reference?: string;
  transactionId?: string | number;
  path?: string;
  [key: string]: unknown;
}

export interface FlashSucceeded<R> extends OutcomeBase {
  readonly kind: 'succeeded';
  readonly httpStatus: number;
  /** The parsed body, every field kept as Flash sent it. */
  readonly response: R;
  /** `response.transactionId` normalised to a string (Flash sends a string or an integer). */
  readonly transactionId: string | undefined;
}

export interface FlashDeclined extends OutcomeBase {
  readonly kind: 'declined';
  readonly httpStatus: number;
  readonly code: number;
  readonly message: string;
  readonly response: FlashErrorBody;
}

/**
 * 2256, "The request does not match previous transaction values": the reference was used before with
 * a different body. Not a `declined`: the earlier request under this reference may have vended, so
 * "nothing was sold" would be a lie. It is a bug on our side; alert and reconcile by hand.
 */
export interface FlashMismatch extends OutcomeBase {
  readonly kind: 'mismatch';
  readonly httpStatus: number;
  readonly code: number;
  readonly message: string;
  readonly response: FlashErrorBody;
}

export type UnknownReason =
  /** A timeout after the request may have reached Flash. */
  | 'timeout'
  /** The connection broke (reset, closed, aborted read) after the request may have reached Flash. */
  | 'reset'
  | 'http-5xx'
  /** A "resubmit the same request" code: 2210, 2211, 2220, 2331, 2378, 2661, 2771, 2318, 2319. */
  | 'resubmit-code'
  /** "System temporarily unavailable" codes: back off minutes, resend the same reference. */
  | 'unavailable-code'
  /** A code whose effect is unknown (2222, 2201, ...) or any undocumented code: reconcile, escalate. */
  | 'ambiguous-code'
  /** 401 or an auth code (2232, 2233, 3700-3711) even after one token refresh and one retry. */
  | 'auth'
  /** HTTP 200 (or 4xx) whose body is not the JSON the operation answers with. */
  | 'unparseable'
  /** A status the API does not use this way (3xx, 2xx other than 200, 4xx without a code). */
  | 'unexpected-status'
  /** The caller's AbortSignal fired after the request may have reached Flash. */
  | 'aborted'
  /** Any other transport failure after the connection was made. */
  | 'transport-error';

export interface FlashUnknown extends OutcomeBase {
  readonly kind: 'unknown';
  readonly reason: UnknownReason;
  /** Human-readable; never contains a body (bodies may hold PINs and tokens). */
  readonly detail: string;
  readonly httpStatus: number | undefined;
  readonly code: number | undefined;
  readonly response: FlashErrorBody | undefined;
}

export type NotSentReason =
  | 'connection-refused'
  | 'dns-failure'
  | 'unreachable'
  | 'connect-timeout'
  /** No access token could be obtained, so the call itself was never made. */
  | 'token-unavailable'
  /** `/token` refused the credentials: a configuration problem, retrying will not help. */
  | 'token-rejected';

export interface FlashNotSent extends OutcomeBase {
  readonly kind: 'not-sent';
  readonly reason: NotSentReason;
  readonly detail: string;
}

export interface FlashThrottled extends OutcomeBase {
  readonly kind: 'throttled';
  readonly httpStatus: number;
  readonly code: number | undefined;
  /** From a `Retry-After` header, when Flash sends one. */
  readonly retryAfterMs: number | undefined;
  readonly detail: string;
}

export interface FlashInvalid extends OutcomeBase {
  readonly kind: 'invalid';
  /** Every bad field, named (`pin`, `metadata.storeId` ...). */
  readonly issues: readonly ValidationIssue[];
  /** The same issues as an error, for callers that prefer to throw. */
  readonly error: FlashValidationError;
}
