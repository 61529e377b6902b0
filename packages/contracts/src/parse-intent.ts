import type { z } from 'zod';
import { intentIdSchema } from './fields.ts';
import { type Intent, intentSchema } from './intent.ts';
import { type PrefixIdentity, readPrefixIdentity } from './prefix-identity.ts';
import { capIssues, describeReceivedId, type ValidationIssue } from './rejection.ts';

/** A failed `parseIntent`: bounded whatever the input (see `rejection.ts`). */
export interface ParseIntentFailure {
  ok: false;
  /** The first `MAX_REJECTION_ISSUES` (20) issues in the order found, fields and messages cut. */
  issues: ValidationIssue[];
  /** Every issue found, including those left out of `issues`. */
  issueCount: number;
  /** The intent id, when one could be read, so a `rejected` result can still be published. */
  id?: string;
  /** The `type` as sent (may be unknown), for the rejected result and for logs. */
  type?: string;
  /**
   * When an id was sent but cannot be used (not a string, empty, over 200 characters): a short,
   * safe echo of it (`describeReceivedId`) so the producer can still match the rejection.
   */
  receivedId?: string;
}

export type ParseIntentResult = { ok: true; intent: Intent } | ParseIntentFailure;

export interface ParseIntentOptions {
  /** Largest accepted message in bytes (UTF-8 for strings). Default 64 KiB. */
  maxBytes?: number;
}

export const DEFAULT_MAX_INTENT_BYTES = 64 * 1024;

/** Longest `type` a rejection names (the result's `intentType`). */
const MAX_TYPE_LENGTH = 200;

type Identity = Pick<ParseIntentFailure, 'id' | 'type' | 'receivedId'>;

/**
 * Validates a raw intent (Kafka message value, HTTP body or already-parsed object). Never throws:
 * bad input is data to report back (invariant 6), not a crash or a retry loop.
 *
 * Cost is bounded by `maxBytes`: a string or Buffer over the limit is never parsed whole; its `id`
 * and `type` are read from its first `maxBytes` bytes only.
 */
export function parseIntent(raw: unknown, options: ParseIntentOptions = {}): ParseIntentResult {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_INTENT_BYTES;
  try {
    let value: unknown = raw;
    if (typeof raw === 'string' || raw instanceof Uint8Array) {
      const size = typeof raw === 'string' ? Buffer.byteLength(raw, 'utf8') : raw.byteLength;
      if (size > maxBytes) {
        const identity = identityOf(readPrefixIdentity(prefixOf(raw, maxBytes)));
        return reject([oversize(size, maxBytes)], identity);
      }
      const text =
        typeof raw === 'string'
          ? raw
          : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
      try {
        value = JSON.parse(text);
      } catch (error) {
        return reject([{ field: '', message: notJsonMessage(error) }], {});
      }
    } else {
      // Already parsed (HTTP body, stored intent): the memory is spent, only the limit remains.
      const size = jsonSize(raw);
      if (size !== undefined && size > maxBytes) {
        return reject([oversize(size, maxBytes)], identityOf(readTopLevel(raw)));
      }
    }
    const identity = identityOf(readTopLevel(value));
    const parsed = intentSchema.safeParse(value);
    if (parsed.success) return { ok: true, intent: parsed.data };
    return reject(flattenIssues(parsed.error), identity);
  } catch (error) {
    // Defensive: a getter that throws or a cyclic object must still become a rejection.
    const reason = error instanceof Error ? error.message : String(error);
    return reject([{ field: '', message: `unreadable intent: ${reason}` }], {});
  }
}

function reject(issues: Iterable<ValidationIssue>, identity: Identity): ParseIntentFailure {
  return { ok: false, ...capIssues(issues), ...identity };
}

/** The first `maxBytes` bytes, without encoding (or copying) the rest of a large value. */
function prefixOf(raw: string | Uint8Array, maxBytes: number): Uint8Array {
  if (typeof raw !== 'string') return raw.subarray(0, maxBytes);
  // Each UTF-16 code unit is at least one UTF-8 byte: `maxBytes` code units cover the prefix.
  return Buffer.from(raw.slice(0, maxBytes), 'utf8').subarray(0, maxBytes);
}

/**
 * V8's JSON.parse messages quote the input around the error (`Unexpected token ... "{"pin":"1234..."
 * is not valid JSON`), and an intent may carry a voucher PIN: keep the position, never the text.
 */
function notJsonMessage(error: unknown): string {
  const position = error instanceof Error ? /position (\d+)/.exec(error.message)?.[1] : undefined;
  return position === undefined ? 'not valid JSON' : `not valid JSON (error at position ${position})`;
}

function oversize(size: number, maxBytes: number): ValidationIssue {
  return { field: '', message: `intent is ${size} bytes, over the limit of ${maxBytes}` };
}

function jsonSize(value: unknown): number | undefined {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : Buffer.byteLength(text, 'utf8');
}

/** The top-level `id` and `type` of an already-parsed value, in the shape the prefix reader gives. */
function readTopLevel(value: unknown): PrefixIdentity {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: PrefixIdentity = {};
  if (Object.hasOwn(value, 'id')) out.id = { value: (value as { id: unknown }).id, partial: false };
  if (Object.hasOwn(value, 'type')) out.type = { value: (value as { type: unknown }).type, partial: false };
  return out;
}

/** Which id and type a rejection can name, and the safe echo of an id it cannot use. */
function identityOf(found: PrefixIdentity): Identity {
  const out: Identity = {};
  if (found.id !== undefined && found.id.value !== undefined) {
    const { value, partial } = found.id;
    if (!partial && typeof value === 'string' && intentIdSchema.safeParse(value).success) {
      out.id = value;
    } else {
      out.receivedId = describeReceivedId(value, partial);
    }
  }
  const type = found.type;
  if (
    type !== undefined &&
    !type.partial &&
    typeof type.value === 'string' &&
    type.value.length <= MAX_TYPE_LENGTH
  ) {
    out.type = type.value;
  }
  return out;
}

/**
 * Flattens zod issues to `{ field: 'data.amount', message }`, expanding unknown keys to one issue
 * each. A generator: a flood of issues is counted by `capIssues` without a second full copy.
 */
export function* flattenIssues(error: z.ZodError): Generator<ValidationIssue> {
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.');
    if (issue.code === 'invalid_union' && field === 'type') {
      yield { field, message: 'unknown intent type' };
      continue;
    }
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        yield { field: field ? `${field}.${key}` : key, message: 'unknown field' };
      continue;
    }
    yield { field, message: issue.message };
  }
}
