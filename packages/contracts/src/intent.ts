import { z } from 'zod';
import { intentIdSchema } from './fields.ts';
import { type IntentType, intentDataSchemas } from './intent-types.ts';

/** Schema version carried in `dataschema`. A producer of a future v2 is rejected, not misread. */
export const INTENT_DATASCHEMA_V1 = 'urn:vendstream:schema:intent:v1';

/**
 * CloudEvents 1.0 attributes shared by intents and results. Extension attributes must be lowercase
 * alphanumeric (CloudEvents 1.0 §3.1.1), hence `batchid`, `orderingkey`, `replayof`.
 * Unknown extension attributes are accepted and dropped.
 */
export const cloudEventAttributes = {
  specversion: z.literal('1.0'),
  /** For intents: the intent id. Stable across retries and replays of the same intent. */
  id: intentIdSchema,
  /** URI-reference naming the producer, e.g. `urn:payroll:run-42` or `/wallet/api`. */
  source: z.string().min(1).max(512),
  subject: z.string().min(1).max(512).optional(),
  /** RFC 3339 timestamp with offset. */
  time: z.iso.datetime({ offset: true }),
  datacontenttype: z.literal('application/json').optional(),
};

/** Extension attributes an intent may carry. */
const intentExtensions = {
  /** Groups the intents of one disbursement batch; copied to every result. */
  batchid: z.string().min(1).max(200).optional(),
  /** Kafka message key when given (keeps a customer's intents in order); else the intent id. */
  orderingkey: z.string().min(1).max(200).optional(),
  /** Set by operations when an intent is replayed: the id of the intent being replayed. */
  replayof: intentIdSchema.optional(),
};

function intentSchemaOf<T extends IntentType>(type: T) {
  return z.object({
    ...cloudEventAttributes,
    ...intentExtensions,
    dataschema: z.literal(INTENT_DATASCHEMA_V1).optional(),
    type: z.literal(type),
    data: intentDataSchemas[type],
  });
}

/** A purchase intent of any type: a CloudEvent whose `type` selects the shape of `data`. */
export const intentSchema = z.discriminatedUnion('type', [
  intentSchemaOf('1voucher.purchase'),
  intentSchemaOf('1voucher.disburse'),
  intentSchemaOf('1voucher.redeem'),
  intentSchemaOf('1voucher.refund'),
  intentSchemaOf('gift-voucher.purchase'),
  intentSchemaOf('cash-out-pin.purchase'),
  intentSchemaOf('cash-out-pin.cancel'),
  intentSchemaOf('cellular.pinless.purchase'),
  intentSchemaOf('eezi-voucher.purchase'),
  intentSchemaOf('prepaid-utility.purchase'),
]);

export type Intent = z.infer<typeof intentSchema>;

/** The intent of one type, narrowed: `IntentOf<'1voucher.redeem'>['data']['pin']`. */
export type IntentOf<T extends IntentType> = Extract<Intent, { type: T }>;
