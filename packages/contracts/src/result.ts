import { z } from 'zod';
import { ContractsError } from './errors.ts';
import { intentIdSchema } from './fields.ts';
import { cloudEventAttributes } from './intent.ts';
import { containsUnsealedSecret, type SecretSealer } from './secret-sealer.ts';

export const RESULT_EVENT_TYPE = 'vendstream.result.v1';
export const RESULT_DATASCHEMA_V1 = 'urn:vendstream:schema:result:v1';

export const RESULT_STATUSES = ['succeeded', 'failed', 'rejected', 'unresolved'] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];

export const ERROR_SOURCES = ['provider', 'validation', 'vendstream'] as const;
export type ErrorSource = (typeof ERROR_SOURCES)[number];

/** Longest `receivedId`: a 64-character echo and its ellipsis, with room to spare. */
export const MAX_RECEIVED_ID_LENGTH = 80;
/** Longest topic name in a `location` (Kafka allows 249 characters). */
export const MAX_LOCATION_TOPIC_LENGTH = 300;
/** Digits of a Kafka offset (a signed 64-bit integer has at most 19). */
export const MAX_OFFSET_DIGITS = 20;

/** Where a message sat on Kafka: the only handle on a rejected message without a usable id. */
export const resultLocationSchema = z.object({
  topic: z.string().min(1).max(MAX_LOCATION_TOPIC_LENGTH),
  partition: z.int().min(0),
  /** Kafka offsets are 64-bit: a string of digits, as KafkaJS gives them. */
  offset: z.string().regex(new RegExp(`^\\d{1,${MAX_OFFSET_DIGITS}}$`), 'must be a string of digits'),
});
export type ResultLocation = z.infer<typeof resultLocationSchema>;

export const resultErrorSchema = z.object({
  /** Stable code: the provider's responseCode as a string, or a vendstream code. */
  code: z.string().min(1).max(100),
  message: z.string().max(2000),
  source: z.enum(ERROR_SOURCES),
  /**
   * For `validation`: the field-level reasons. A rejection built by `invalidIntentError` keeps at
   * most `MAX_REJECTION_ISSUES` (20), fields and messages cut to a bound; `issueCount` has the total.
   */
  issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  /** For `validation`: how many issues were found, including those left out of `issues`. */
  issueCount: z.int().min(0).optional(),
  /** For an intent whose id was unusable: a safe, short echo of what was sent as its id. */
  receivedId: z.string().max(MAX_RECEIVED_ID_LENGTH).optional(),
  /** Where the message sat on Kafka, for rejections without a usable id. */
  location: resultLocationSchema.optional(),
});
export type ResultError = z.infer<typeof resultErrorSchema>;

export const resultDataSchema = z.object({
  intentId: intentIdSchema,
  /** The intent's type as sent; for a rejected intent it may be unknown or absent. */
  intentType: z.string().max(200).optional(),
  status: z.enum(RESULT_STATUSES),
  /** Every Flash reference sent for this intent, in step order (empty when never sent). */
  references: z.array(z.string()),
  /** Provider calls made (resends included). */
  attempts: z.int().min(0),
  provider: z.literal('flash'),
  /** The provider's final response body; PINs and tokens in it are sealed (see SecretSealer). */
  providerResponse: z.record(z.string(), z.unknown()).optional(),
  /** Present unless `succeeded`. */
  error: resultErrorSchema.optional(),
  batchid: z.string().optional(),
  /** RFC 3339. */
  completedAt: z.iso.datetime({ offset: true }),
});
export type ResultData = z.infer<typeof resultDataSchema>;

/**
 * The result event: one terminal outcome per intent, published at least once. Consumers dedupe by
 * `data.intentId` (the event `id` is derived from it, so a republish carries the same id).
 */
export const resultEventSchema = z.object({
  ...cloudEventAttributes,
  id: z.string().min(1).max(300),
  type: z.literal(RESULT_EVENT_TYPE),
  dataschema: z.literal(RESULT_DATASCHEMA_V1),
  batchid: z.string().optional(),
  data: resultDataSchema,
});
export type ResultEvent = z.infer<typeof resultEventSchema>;

export interface BuildResultInput {
  intentId: string;
  intentType?: string | undefined;
  status: ResultStatus;
  references?: string[] | undefined;
  attempts?: number | undefined;
  providerResponse?: Record<string, unknown> | undefined;
  error?: ResultError | undefined;
  batchid?: string | undefined;
  /** Defaults to `now()`. */
  completedAt?: Date | string | undefined;
}

export interface BuildResultOptions {
  /** CloudEvents `source` of the publishing service, e.g. `urn:vendstream:worker`. */
  source: string;
  /**
   * Seals PINs and tokens in `providerResponse`. Without it, a response holding a secret is an
   * error (`UNSEALED_SECRET`), so a PIN never reaches Kafka in clear by accident.
   */
  sealer?: SecretSealer | undefined;
  now?: () => number;
}

/** The CloudEvents id of an intent's result: deterministic, so every republish has the same id. */
export function resultEventId(intentId: string): string {
  return `${intentId}/result`;
}

/**
 * Builds (and validates) the result event of an intent. Throws `ContractsError` with code
 * `INVALID_RESULT` on a programming error (e.g. a failed status without `error`).
 */
export function buildResultEvent(input: BuildResultInput, options: BuildResultOptions): ResultEvent {
  const now = options.now ?? Date.now;
  let providerResponse = input.providerResponse;
  if (providerResponse !== undefined) {
    if (options.sealer) providerResponse = options.sealer.seal(providerResponse);
    else if (containsUnsealedSecret(providerResponse)) {
      throw new ContractsError('UNSEALED_SECRET', 'providerResponse holds a PIN or token: pass a sealer');
    }
  }
  if (input.status !== 'succeeded' && input.error === undefined) {
    throw new ContractsError('INVALID_RESULT', `a ${input.status} result needs an error`);
  }
  const completedAt =
    input.completedAt === undefined
      ? new Date(now()).toISOString()
      : typeof input.completedAt === 'string'
        ? input.completedAt
        : input.completedAt.toISOString();
  const data: ResultData = {
    intentId: input.intentId,
    status: input.status,
    references: input.references ?? [],
    attempts: input.attempts ?? 0,
    provider: 'flash',
    completedAt,
  };
  if (input.intentType !== undefined) data.intentType = input.intentType;
  if (providerResponse !== undefined) data.providerResponse = providerResponse;
  if (input.error !== undefined) data.error = input.error;
  if (input.batchid !== undefined) data.batchid = input.batchid;
  const event: ResultEvent = {
    specversion: '1.0',
    id: resultEventId(input.intentId),
    source: options.source,
    type: RESULT_EVENT_TYPE,
    subject: input.intentId.slice(0, 512),
    time: new Date(now()).toISOString(),
    datacontenttype: 'application/json',
    dataschema: RESULT_DATASCHEMA_V1,
    data,
  };
  if (input.batchid !== undefined) event.batchid = input.batchid;
  const checked = resultEventSchema.safeParse(event);
  if (!checked.success) {
    throw new ContractsError('INVALID_RESULT', `result event is invalid: ${checked.error.message}`, {
      cause: checked.error,
    });
  }
  return event;
}

/** Validates a result event read from Kafka. Never throws. */
export function parseResultEvent(
  raw: unknown,
): { ok: true; event: ResultEvent } | { ok: false; issues: { field: string; message: string }[] } {
  let value = raw;
  try {
    if (typeof raw === 'string' || Buffer.isBuffer(raw)) value = JSON.parse(raw.toString());
  } catch (error) {
    return { ok: false, issues: [{ field: '', message: `not valid JSON: ${String(error)}` }] };
  }
  const parsed = resultEventSchema.safeParse(value);
  if (parsed.success) return { ok: true, event: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message })),
  };
}
