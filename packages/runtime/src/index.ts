/**
 * What a vendstream service does at start: parse its environment once, then wire the shared parts.
 *
 * ```ts
 * import { createRuntime, parseServiceEnv } from '@vendstream/runtime';
 * const runtime = await createRuntime(parseServiceEnv(process.env), { role: 'worker' });
 * // ... hand runtime.store, runtime.executor, runtime.kafka to the service's parts
 * await runtime.close();
 * ```
 */
export {
  configProblems,
  idempotencyWindow,
  instanceId,
  intentsTableName,
  parseServiceEnv,
  resendPolicy,
  retryPolicy,
  type ServiceEnv,
  serviceEnvSchema,
} from './config.ts';
export { exitOnCrash, quietKnownWarnings } from './crash.ts';
export { ConfigError, type ConfigErrorCode } from './errors.ts';
export { RETENTION_MARGIN_MS, recordRetentionProblem } from './retention.ts';
export { createRuntime, type Runtime, type RuntimeOptions } from './runtime.ts';
export { parseSealingKeys, readSealingKeys, type SealingKeys } from './sealing-keys.ts';
export { runService, type ServiceLoop } from './service-main.ts';
