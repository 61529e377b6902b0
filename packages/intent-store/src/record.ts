import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { isSealedValue, type ResultData, type SecretSealer } from '@vendstream/contracts';
import { IntentStoreError } from './errors.ts';

/**
 * Lifecycle (DESIGN.md): `in_flight(lease) -> succeeded | failed | rejected`, and
 * `in_flight -> unknown -> (resend: in_flight) -> succeeded | failed | unresolved`.
 * There is no stored `received` state: the claim creates the item already leased, saving a write.
 */
export const INTENT_STATES = [
  'in_flight',
  'unknown',
  'succeeded',
  'failed',
  'rejected',
  'unresolved',
] as const;
export type IntentState = (typeof INTENT_STATES)[number];

export const TERMINAL_STATES = ['succeeded', 'failed', 'rejected', 'unresolved'] as const;
export type TerminalState = (typeof TERMINAL_STATES)[number];

export function isTerminalState(state: IntentState): state is TerminalState {
  return (TERMINAL_STATES as readonly string[]).includes(state);
}

export interface StoredError {
  code: string;
  message: string;
  [key: string]: unknown;
}

/** One intent as callers see it: secrets opened, numbers as numbers, absent attributes absent. */
export interface IntentRecord {
  intentId: string;
  /** The intent type, e.g. `1voucher.purchase` (may be absent for a rejected unparseable intent). */
  type?: string;
  state: IntentState;
  /** sha256 of the canonical `{type, data}` (contracts' `payloadHash`). */
  payloadHash?: string;
  /** Step -> Flash reference, e.g. `{ V: '<id>' }` or `{ L: '<id>.L', P: '<id>.P' }`. */
  references: Record<string, string>;
  /** The step being worked on (key of `references`). */
  currentStep?: string;
  /** When the current step's reference was first sent (epoch ms): the start of Flash's window. */
  firstSentAt?: number;
  /**
   * Whether an attempt before the one in progress may have reached Flash under the current step's
   * reference. False at claim and after a step; true once an attempt ended with an unknown outcome
   * or its worker died mid-call. Only then does Flash's window bind: an intent whose attempts all
   * failed to connect (or were throttled) can be sent at any time (DESIGN, invariant 3). Items
   * written before this field existed read as true.
   */
  mayHaveSent: boolean;
  /** Provider calls started for this intent (claim = 1, each resend +1). */
  attempts: number;
  leaseOwner?: string;
  /** Epoch ms. */
  leaseExpiresAt?: number;
  /** Epoch ms; present only while some action is due (keeps the GSI sparse). */
  nextActionAt?: number;
  dueShard?: string;
  /** True from the terminal write until `markPublished`: the result may not be on Kafka yet. */
  outboxPending: boolean;
  /** The intent event as received, so the reconciler can resend it. */
  intent?: unknown;
  /** The last provider response (any step). */
  lastResponse?: unknown;
  /** Responses of finished steps of multi-step intents, e.g. `{ L: <lookup response> }`. */
  stepResponses: Record<string, unknown>;
  lastError?: StoredError;
  /** The terminal result event's data, for republishing. */
  result?: ResultData;
  batchId?: string;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms. */
  updatedAt: number;
  /** Epoch seconds (DynamoDB TTL). Absent on `unresolved` records: they stay until a person decides. */
  expiresAt?: number;
}

// ---- marshalling (hand-written: the item shape is fixed and small, no util-dynamodb needed) ----

export type Item = Record<string, AttributeValue>;

export const s = (value: string): AttributeValue => ({ S: value });
export const n = (value: number): AttributeValue => ({ N: String(value) });
export const bool = (value: boolean): AttributeValue => ({ BOOL: value });
export const stringMap = (value: Record<string, string>): AttributeValue => ({
  M: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, s(v)])),
});

/**
 * Secret-bearing objects (intent, responses, result) are stored as JSON strings after sealing:
 * opaque to DynamoDB, one attribute each, and the sealer decides what is secret.
 */
export function sealedJson(sealer: SecretSealer, value: unknown, intentId: string): AttributeValue {
  try {
    return s(JSON.stringify(sealer.seal(value)));
  } catch (error) {
    throw new IntentStoreError('SEALING_FAILED', `could not seal a value of intent ${intentId}`, {
      cause: error,
      intentId,
    });
  }
}

function openJson(
  sealer: SecretSealer,
  attr: AttributeValue | undefined,
  intentId: string,
  name: string,
): unknown {
  if (attr?.S === undefined) return undefined;
  let stored: unknown;
  try {
    stored = JSON.parse(attr.S);
  } catch (error) {
    throw new IntentStoreError('CORRUPT_ITEM', `${name} of intent ${intentId} is not JSON`, {
      cause: error,
      intentId,
    });
  }
  try {
    return sealer.open(stored);
  } catch (error) {
    const keyId = unknownKeyId(sealer, stored);
    const why =
      keyId === undefined ? 'wrong key or tampered data' : `sealing key "${keyId}" is not configured`;
    throw new IntentStoreError('UNREADABLE_ITEM', `could not open ${name} of intent ${intentId}: ${why}`, {
      cause: error,
      intentId,
      keyId,
    });
  }
}

/**
 * The key id of the first sealed envelope in `value` that this sealer has no key for, if any: the
 * caller can then name the key an operator must restore (never the envelope itself, it is secret).
 */
function unknownKeyId(sealer: SecretSealer, value: unknown, depth = 0): string | undefined {
  if (depth > 64 || value === null || typeof value !== 'object') return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (isSealedValue(inner)) {
      try {
        sealer.open({ [key]: inner });
      } catch (error) {
        if ((error as { code?: unknown }).code === 'UNKNOWN_SEALING_KEY') return inner.kid;
      }
      continue;
    }
    const found = unknownKeyId(sealer, inner, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

function num(attr: AttributeValue | undefined): number | undefined {
  return attr?.N === undefined ? undefined : Number(attr.N);
}

export function toRecord(item: Item, sealer: SecretSealer): IntentRecord {
  const intentId = item.intentId?.S;
  const state = item.state?.S as IntentState | undefined;
  if (intentId === undefined || state === undefined || !INTENT_STATES.includes(state)) {
    throw new IntentStoreError('CORRUPT_ITEM', `item without intentId or with an unknown state`, {
      intentId,
    });
  }
  const record: IntentRecord = {
    intentId,
    state,
    references: Object.fromEntries(Object.entries(item.references?.M ?? {}).map(([k, v]) => [k, v.S ?? ''])),
    attempts: num(item.attempts) ?? 0,
    mayHaveSent: item.mayHaveSent?.BOOL ?? true,
    outboxPending: item.outboxPending?.BOOL ?? false,
    stepResponses: Object.fromEntries(
      Object.entries(item.stepResponses?.M ?? {}).map(([k, v]) => [
        k,
        openJson(sealer, v, intentId, `step ${k}`),
      ]),
    ),
    createdAt: num(item.createdAt) ?? 0,
    updatedAt: num(item.updatedAt) ?? 0,
  };
  const optionalStrings = [
    'type',
    'payloadHash',
    'currentStep',
    'leaseOwner',
    'dueShard',
    'batchId',
  ] as const;
  for (const key of optionalStrings) {
    const value = item[key]?.S;
    if (value !== undefined) record[key] = value;
  }
  const optionalNumbers = ['firstSentAt', 'leaseExpiresAt', 'nextActionAt', 'expiresAt'] as const;
  for (const key of optionalNumbers) {
    const value = num(item[key]);
    if (value !== undefined) record[key] = value;
  }
  const intent = openJson(sealer, item.intent, intentId, 'intent');
  if (intent !== undefined) record.intent = intent;
  const lastResponse = openJson(sealer, item.lastResponse, intentId, 'lastResponse');
  if (lastResponse !== undefined) record.lastResponse = lastResponse;
  const lastError = openJson(sealer, item.lastError, intentId, 'lastError');
  if (lastError !== undefined) record.lastError = lastError as StoredError;
  const result = openJson(sealer, item.result, intentId, 'result');
  if (result !== undefined) record.result = result as ResultData;
  return record;
}
