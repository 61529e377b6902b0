import { JSONParser } from '@streamparser/json';

/** A top-level `id` or `type` as read from a prefix; `partial` when the prefix ends inside it. */
export interface PrefixValue {
  value: unknown;
  partial: boolean;
}

export interface PrefixIdentity {
  id?: PrefixValue;
  type?: PrefixValue;
}

/** Bytes handed to the parser at a time: the scan stops within one chunk once both are found. */
const CHUNK_BYTES = 4096;

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const LEFT_BRACE = 0x7b;

/**
 * Reads the top-level `id` and `type` of a JSON object from the first bytes of an oversize message,
 * which is never parsed whole (a 10 MB value would cost its full parse and its memory before being
 * refused). Only top-level members count (`$.id`, never `data.id`). Never throws.
 *
 * - The prefix is usually cut mid-document: whatever follows the cut is simply never seen.
 * - The first complete occurrence of each wins and the scan stops once both are read: a later
 *   duplicate key may lie beyond the prefix anyway, so "the last one" (what `JSON.parse` keeps) is
 *   unknowable here. Invalid JSON (or invalid UTF-8) stops the scan with what was read before it.
 * - A string cut by the end of the prefix is returned with `partial: true` (its beginning, which a
 *   producer can still match); any other value cut there is dropped.
 *
 * Cost: at most `prefix.length` bytes through a streaming tokenizer and parser (tens of ms for a
 * 64 KiB prefix of hostile shapes such as deep nesting); a message that is not an object costs one
 * byte scan.
 */
export function readPrefixIdentity(prefix: Uint8Array): PrefixIdentity {
  const found: PrefixIdentity = {};
  if (firstNonWhitespaceByte(prefix) !== LEFT_BRACE) return found;
  let stopped = false;
  const parser = new JSONParser({
    paths: ['$.id', '$.type'],
    keepStack: false,
    // Partial strings let an id cut by the prefix still be echoed (its first characters).
    emitPartialTokens: true,
    emitPartialValues: true,
  });
  parser.onValue = ({ key, value, partial }) => {
    if (key !== 'id' && key !== 'type') return;
    const seen = found[key];
    if (seen !== undefined && !seen.partial) return;
    if (partial === true) {
      if (typeof value === 'string') found[key] = { value, partial: true };
      return;
    }
    found[key] = { value, partial: false };
  };
  parser.onError = () => {
    stopped = true;
  };
  parser.onEnd = () => {
    stopped = true;
  };
  try {
    for (let at = 0; at < prefix.length && !stopped && !complete(found); at += CHUNK_BYTES) {
      parser.write(prefix.subarray(at, at + CHUNK_BYTES));
    }
  } catch {
    // The parser reports errors through onError; this guards a throw from inside the library.
  }
  return found;
}

function complete(found: PrefixIdentity): boolean {
  return found.id?.partial === false && found.type?.partial === false;
}

function firstNonWhitespaceByte(bytes: Uint8Array): number | undefined {
  for (const byte of bytes) if (!WHITESPACE.has(byte)) return byte;
  return undefined;
}
