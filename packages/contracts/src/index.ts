/**
 * Contracts shared by every vendstream process: purchase intents and result events (CloudEvents 1.0
 * JSON, zod schemas, JSON Schema files), Flash reference derivation, payload hashing and field-level
 * sealing of secrets.
 *
 * ```ts
 * import { buildResultEvent, createSecretSealer, deriveReference, parseIntent, payloadHash } from '@vendstream/contracts';
 * const parsed = parseIntent(message.value);
 * if (!parsed.ok) publish(buildResultEvent({ intentId: parsed.id, status: 'rejected',
 *   error: { code: 'INVALID_INTENT', message: 'invalid intent', source: 'validation', issues: parsed.issues } },
 *   { source: 'urn:vendstream:worker' }));
 * else send({ ...parsed.intent.data, reference: deriveReference(parsed.intent.id) }, payloadHash(parsed.intent));
 * ```
 */
export { ContractsError, type ContractsErrorCode, SecretSealerError } from './errors.ts';
export {
  accountNumberSchema,
  amountCentsSchema,
  intentIdSchema,
  metadataSchema,
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
  type ParseIntentOptions,
  type ParseIntentResult,
  parseIntent,
  type ValidationIssue,
} from './parse-intent.ts';
export { canonicalJson, createPayloadHasher, type PayloadHasher, payloadHash } from './payload-hash.ts';
export {
  deriveReference,
  intentReferences,
  MAX_REFERENCE_LENGTH,
  REFERENCE_PATTERN,
} from './reference.ts';
export {
  type BuildResultInput,
  type BuildResultOptions,
  buildResultEvent,
  ERROR_SOURCES,
  type ErrorSource,
  parseResultEvent,
  RESULT_DATASCHEMA_V1,
  RESULT_EVENT_TYPE,
  RESULT_STATUSES,
  type ResultData,
  type ResultError,
  type ResultEvent,
  type ResultStatus,
  resultDataSchema,
  resultEventId,
  resultEventSchema,
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
