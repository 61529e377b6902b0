/**
 * Contracts shared by every vendstream process: purchase intents and result events (CloudEvents 1.0
 * JSON, zod schemas, JSON Schema files), Flash reference derivation, payload hashing and field-level
 * sealing of secrets.
 *
 * ```ts
 * import { buildResultEvent, deriveReference, invalidIntentError, parseIntent, payloadHash } from '@vendstream/contracts';
 * const parsed = parseIntent(message.value); // bounded: at most 20 issues, strings cut, 64 KiB read
 * if (!parsed.ok) publish(buildResultEvent({ intentId: parsed.id ?? `unparseable.${partition}.${offset}`,
 *   intentType: parsed.type, status: 'rejected', error: invalidIntentError(parsed, { topic, partition, offset }) },
 *   { source: 'urn:vendstream:worker' })); // JSON under MAX_REJECTED_RESULT_BYTES
 * else send({ ...parsed.intent.data, reference: deriveReference(parsed.intent.id) }, payloadHash(parsed.intent));
 * ```
 */
export { ConfigError, type ConfigErrorCode } from './config-error.ts';
export { ContractsError, type ContractsErrorCode, SecretSealerError } from './errors.ts';
export {
  accountNumberSchema,
  alphanumericSchema,
  amountCentsSchema,
  intentIdSchema,
  metadataSchema,
  meterNumberSchema,
  msisdnSchema,
  pinSchema,
  productCodeSchema,
} from './fields.ts';
export {
  cloudEventAttributes,
  INTENT_DATASCHEMA_V1,
  type Intent,
  type IntentOf,
  intentSchema,
} from './intent.ts';
export {
  INTENT_STEPS,
  INTENT_TYPES,
  type IntentData,
  type IntentType,
  intentDataSchemas,
  isIntentType,
} from './intent-types.ts';
export { buildJsonSchemas, renderJsonSchemas } from './json-schema.ts';
export {
  DEFAULT_MAX_INTENT_BYTES,
  type ParseIntentFailure,
  type ParseIntentOptions,
  type ParseIntentResult,
  parseIntent,
} from './parse-intent.ts';
export { canonicalJson, createPayloadHasher, type PayloadHasher, payloadHash } from './payload-hash.ts';
export {
  deriveReference,
  intentReferences,
  MAX_REFERENCE_LENGTH,
  REFERENCE_PATTERN,
} from './reference.ts';
export {
  describeReceivedId,
  INVALID_INTENT_CODE,
  type IntentRejection,
  invalidIntentError,
  MAX_ISSUE_FIELD_LENGTH,
  MAX_ISSUE_MESSAGE_LENGTH,
  MAX_REJECTED_RESULT_BYTES,
  MAX_REJECTION_ISSUES,
  RECEIVED_ID_ECHO_LENGTH,
  type ValidationIssue,
} from './rejection.ts';
export {
  type BuildResultInput,
  type BuildResultOptions,
  buildResultEvent,
  ERROR_SOURCES,
  type ErrorSource,
  MAX_LOCATION_TOPIC_LENGTH,
  MAX_OFFSET_DIGITS,
  MAX_RECEIVED_ID_LENGTH,
  parseResultEvent,
  RESULT_DATASCHEMA_V1,
  RESULT_EVENT_TYPE,
  RESULT_STATUSES,
  type ResultData,
  type ResultError,
  type ResultEvent,
  type ResultLocation,
  type ResultStatus,
  resultDataSchema,
  resultErrorSchema,
  resultEventId,
  resultEventSchema,
  resultLocationSchema,
} from './result.ts';
export {
  containsUnsealedSecret,
  createSecretSealer,
  isSealableKey,
  isSealedValue,
  type SealedValue,
  type SecretSealer,
  type SecretSealerOptions,
} from './secret-sealer.ts';
