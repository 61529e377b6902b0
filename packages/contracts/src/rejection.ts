import type { z } from 'zod';
import { intentIdSchema } from './fields.ts';
import { cloudEventAttributes } from './intent.ts';
import {
  MAX_LOCATION_TOPIC_LENGTH,
  MAX_OFFSET_DIGITS,
  MAX_RECEIVED_ID_LENGTH,
  type ResultError,
  type ResultLocation,
  resultDataSchema,
} from './result.ts';

/**
 * What a rejected intent carries back, bounded whatever the input: a 60 KB intent can hold thousands
 * of wrong fields, and a rejection listing them all (hundreds of KB once serialized) outgrew a
 * DynamoDB item, so the worker retried that message forever. A rejection keeps the first issues,
 * the total, and strings cut to a bound.
 */

/**
 * One thing wrong with an input, named by where it is. The one definition: an intent's rejection
 * and the Flash client's refusal to send a malformed request (`FlashValidationError`) both use it.
 */
export interface ValidationIssue {
  /**
   * Dotted path of the offending field: `data.amount` in an intent, `metadata.storeIdentifier` or
   * `pin` in a Flash request; `''` for the whole message.
   */
  readonly field: string;
  readonly message: string;
}

/** Issues a rejection carries; `issueCount` tells how many were found in all. */
export const MAX_REJECTION_ISSUES = 20;
/** Characters of an issue's `field` (a path through producer-chosen keys), ellipsis included. */
export const MAX_ISSUE_FIELD_LENGTH = 200;
/** Characters of an issue's `message`, ellipsis included. */
export const MAX_ISSUE_MESSAGE_LENGTH = 300;
/** Characters of an unusable id echoed in `receivedId`, before the ellipsis that marks a cut. */
export const RECEIVED_ID_ECHO_LENGTH = 64;

export const INVALID_INTENT_CODE = 'INVALID_INTENT';

const ELLIPSIS = '…';

/**
 * Cuts `text` to at most `max` UTF-16 code units, the last being `…` when anything was cut. Never
 * splits a surrogate pair (half of one would serialize as a `\udXXX` escape).
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return text.slice(0, end) + ELLIPSIS;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** One issue, its field and message cut to their bounds. */
export function boundIssue(issue: ValidationIssue): ValidationIssue {
  return {
    field: truncateText(issue.field, MAX_ISSUE_FIELD_LENGTH),
    message: truncateText(issue.message, MAX_ISSUE_MESSAGE_LENGTH),
  };
}

/**
 * Keeps the first `MAX_REJECTION_ISSUES` issues in the order given, each bounded, and counts them
 * all. Takes an iterable so a flood of issues is counted without building a second copy.
 */
export function capIssues(all: Iterable<ValidationIssue>): { issues: ValidationIssue[]; issueCount: number } {
  const issues: ValidationIssue[] = [];
  let issueCount = 0;
  for (const issue of all) {
    issueCount += 1;
    if (issues.length < MAX_REJECTION_ISSUES) issues.push(boundIssue(issue));
  }
  return { issues, issueCount };
}

// Control characters (C0, DEL, C1), lone surrogates and bidirectional overrides: none belongs in an
// echo that people read in logs, consoles and tickets.
const UNSAFE_CHARACTERS = /[\p{Cc}\p{Cs}\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

/**
 * A safe echo of an id that cannot be used (not a string, empty, over 200 characters), so a producer
 * can still match the rejection to what it sent. A string gives its first 64 characters with
 * control characters replaced by U+FFFD, and `…` when cut (`cut` says the value itself was already
 * cut, e.g. by the end of a prefix). Another JSON type gives a short description: `(number) 12345`,
 * `(boolean) true`, `(null)`, `(object)`, `(array)`. Never the whole value.
 */
export function describeReceivedId(value: unknown, cut = false): string {
  if (typeof value === 'string') {
    let visible = value.slice(0, RECEIVED_ID_ECHO_LENGTH);
    if (visible.length < value.length && isHighSurrogate(visible.charCodeAt(visible.length - 1))) {
      visible = visible.slice(0, -1);
    }
    const wasCut = cut || visible.length < value.length;
    return visible.replace(UNSAFE_CHARACTERS, '\uFFFD') + (wasCut ? ELLIPSIS : '');
  }
  let description: string;
  if (value === null) description = '(null)';
  else if (Array.isArray(value)) description = '(array)';
  else if (typeof value === 'object') description = '(object)';
  else if (typeof value === 'number' || typeof value === 'boolean')
    description = `(${typeof value}) ${value}`;
  else description = `(${typeof value})`;
  return truncateText(description, RECEIVED_ID_ECHO_LENGTH);
}

/** What `invalidIntentError` needs from a failed `parseIntent` (or an equivalent rejection). */
export interface IntentRejection {
  issues: ValidationIssue[];
  issueCount: number;
  receivedId?: string | undefined;
}

/**
 * The one `ResultError` of a rejected intent (`INVALID_INTENT`, source `validation`). `location`
 * says where the message sat on Kafka: the only handle on a rejection without a usable id. Issues
 * and strings are bounded again here, so a hand-built rejection cannot break the size bound either.
 */
export function invalidIntentError(rejection: IntentRejection, location?: ResultLocation): ResultError {
  const { issues, issueCount } = capIssues(rejection.issues);
  const error: ResultError = {
    code: INVALID_INTENT_CODE,
    message: 'the intent failed validation',
    source: 'validation',
    issues,
    issueCount: Math.max(issueCount, rejection.issueCount),
  };
  if (rejection.receivedId !== undefined) {
    error.receivedId = truncateText(rejection.receivedId, MAX_RECEIVED_ID_LENGTH);
  }
  if (location !== undefined) error.location = location;
  return error;
}

function maxLengthOf(schema: z.ZodString): number {
  if (schema.maxLength === null) throw new Error('the size bound needs a bounded string schema');
  return schema.maxLength;
}

/** Worst case JSON bytes per UTF-16 code unit: a control character or lone surrogate becomes `\u001f`. */
const JSON_BYTES_PER_CHAR = 6;
/** Digits of a safe integer (`issueCount`, `partition`): `Number.MAX_SAFE_INTEGER` has 16. */
const SAFE_INTEGER_DIGITS = 16;
/** `{"field":"","message":""},` around each issue's two strings. */
const ISSUE_JSON_OVERHEAD = 32;
/**
 * Everything else in a rejected result event, at a fixed size: member names, quotes and commas,
 * `specversion`, `type`, `time`, `datacontenttype`, `dataschema`, `status`, `references: []`,
 * `attempts: 0`, `provider`, `completedAt`, the error's code, message and source. About 550 bytes
 * today; the unit test that builds the worst case keeps this honest.
 */
const FIXED_JSON_BYTES = 2048;

const MAX_ID_CHARS = maxLengthOf(intentIdSchema); // 200
const MAX_TYPE_CHARS = maxLengthOf(resultDataSchema.shape.intentType.unwrap()); // 200
const MAX_SOURCE_CHARS = maxLengthOf(cloudEventAttributes.source); // 512
const RESULT_ID_SUFFIX_CHARS = '/result'.length;

/**
 * Upper bound, in bytes of its JSON, of a rejected result event built by `buildResultEvent` from
 * `invalidIntentError` (no `providerResponse`, no `batchid`: a rejection has neither). It fits a
 * Kafka message (1 MB by default) and leaves most of a DynamoDB item (400 KB) for the rest of a
 * record. Derived from the other bounds, each string at 6 bytes per character (its worst escape):
 *
 *   intent id      200 chars × 3 (`data.intentId`, `subject`, `id` + '/result')   3,607 bytes
 *   intent type    200 chars                                                       1,200
 *   source         512 chars (the publishing service's own name)                   3,072
 *   issues         20 × (field 200 + message 300 chars) + 20 × 32                 60,640
 *   receivedId     80 chars                                                           480
 *   location       topic 300 chars, partition 16 digits, offset 20 digits         1,836
 *   issueCount     16 digits                                                           16
 *   fixed parts    names, punctuation, constant values                             2,048
 *                                                                           total 72,899
 */
export const MAX_REJECTED_RESULT_BYTES =
  MAX_ID_CHARS * 3 * JSON_BYTES_PER_CHAR +
  RESULT_ID_SUFFIX_CHARS +
  MAX_TYPE_CHARS * JSON_BYTES_PER_CHAR +
  MAX_SOURCE_CHARS * JSON_BYTES_PER_CHAR +
  MAX_REJECTION_ISSUES *
    ((MAX_ISSUE_FIELD_LENGTH + MAX_ISSUE_MESSAGE_LENGTH) * JSON_BYTES_PER_CHAR + ISSUE_JSON_OVERHEAD) +
  MAX_RECEIVED_ID_LENGTH * JSON_BYTES_PER_CHAR +
  (MAX_LOCATION_TOPIC_LENGTH * JSON_BYTES_PER_CHAR + SAFE_INTEGER_DIGITS + MAX_OFFSET_DIGITS) +
  SAFE_INTEGER_DIGITS +
  FIXED_JSON_BYTES;
