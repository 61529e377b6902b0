import type { z } from 'zod';
import { type Intent, intentSchema } from './intent.ts';

export interface ValidationIssue {
  /** Dotted path of the offending field, e.g. `data.amount`; `''` for the whole message. */
  field: string;
  message: string;
}

export type ParseIntentResult =
  | { ok: true; intent: Intent }
  | {
      ok: false;
      issues: ValidationIssue[];
      /** The intent id, when one could be read, so a `rejected` result can still be published. */
      id?: string;
      /** The `type` as sent (may be unknown), for the rejected result and for logs. */
      type?: string;
    };

export interface ParseIntentOptions {
  /** Largest accepted message in bytes (UTF-8 for strings). Default 64 KiB. */
  maxBytes?: number;
}

export const DEFAULT_MAX_INTENT_BYTES = 64 * 1024;

/**
 * Validates a raw intent (Kafka message value, HTTP body or already-parsed object). Never throws:
 * bad input is data to report back (invariant 6), not a crash or a retry loop.
 */
export function parseIntent(raw: unknown, options: ParseIntentOptions = {}): ParseIntentResult {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_INTENT_BYTES;
  try {
    let value: unknown = raw;
    let size: number | undefined;
    if (typeof raw === 'string' || Buffer.isBuffer(raw) || raw instanceof Uint8Array) {
      size = typeof raw === 'string' ? Buffer.byteLength(raw, 'utf8') : raw.byteLength;
      const text = typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8');
      try {
        value = JSON.parse(text);
      } catch (error) {
        const tooBig = size > maxBytes ? [oversize(size, maxBytes)] : [];
        return { ok: false, issues: [...tooBig, { field: '', message: notJsonMessage(error) }] };
      }
    } else {
      size = jsonSize(raw);
    }
    const identity = readIdentity(value);
    if (size !== undefined && size > maxBytes) {
      return { ok: false, issues: [oversize(size, maxBytes)], ...identity };
    }
    const parsed = intentSchema.safeParse(value);
    if (parsed.success) return { ok: true, intent: parsed.data };
    return { ok: false, issues: toIssues(parsed.error), ...identity };
  } catch (error) {
    // Defensive: a getter that throws or a cyclic object must still become a rejection.
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [{ field: '', message: `unreadable intent: ${reason}` }] };
  }
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

/** Reads `id` and `type` from an invalid intent when they are usable, for the rejected result. */
function readIdentity(value: unknown): { id?: string; type?: string } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const { id, type } = value as Record<string, unknown>;
  const out: { id?: string; type?: string } = {};
  if (typeof id === 'string' && id.length >= 1 && id.length <= 200) out.id = id;
  if (typeof type === 'string' && type.length <= 200) out.type = type;
  return out;
}

/** Flattens zod issues to `{ field: 'data.amount', message }`, expanding union branches. */
export function toIssues(error: z.ZodError): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.');
    if (issue.code === 'invalid_union' && field === 'type') {
      out.push({ field, message: 'unknown intent type' });
      continue;
    }
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ field: field ? `${field}.${key}` : key, message: 'unknown field' });
      }
      continue;
    }
    out.push({ field, message: issue.message });
  }
  return out;
}
