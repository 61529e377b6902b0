import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  DEFAULT_RESEND_POLICY,
  type IdempotencyWindow,
  type ResendPolicy,
  type RetryPolicy,
  validateResendPolicy,
  validateRetryPolicy,
  validateWindow,
} from '@vendstream/provider';
import { z } from 'zod';
import { ConfigError } from './errors.ts';
import { readSealingKeys } from './sealing-keys.ts';

// Numbers are read strictly: z.coerce.number() takes "" for 0, " 5 " for 5 and "0x10" for 16, a
// silent repair of what was probably a templating mistake.
const int = (fallback: number, min = 1) =>
  z
    .string()
    .regex(/^\d{1,15}$/, 'must be a whole number in decimal digits')
    .transform(Number)
    .pipe(z.number().min(min))
    .default(fallback);
const positive = (fallback: number) =>
  z
    .string()
    .regex(/^\d{1,15}(\.\d{1,6})?$/, 'must be a decimal number')
    .transform(Number)
    .pipe(z.number().positive())
    .default(fallback);
/** A share from 0 to 1, e.g. how much jitter may take off a delay. */
const fraction = (fallback: number) =>
  z
    .string()
    .regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/, 'must be a decimal number from 0 to 1')
    .transform(Number)
    .default(fallback);
const httpUrl = () => z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

/**
 * Every variable a worker or reconciler reads, with its default. Parsed once at start; an invalid
 * value stops the process with a message naming the variable.
 */
export const serviceEnvSchema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** A readable prefix of the instance id; a random suffix makes each start unique (instanceId). */
  VEND_INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'must be 1-100 of [A-Za-z0-9._:-]')
    .optional(),

  // kafkajs splits each entry at ':' itself: an empty entry or a missing port fails only at connect.
  KAFKA_BROKERS: z
    .string()
    .regex(/^[^,:\s]+:\d{1,5}(,[^,:\s]+:\d{1,5})*$/, 'must be a comma-separated host:port list'),
  VEND_TOPIC_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9._-]{1,200}$/)
    .default('vendstream'),
  VEND_INTENT_PARTITIONS: int(12),

  DYNAMODB_ENDPOINT: httpUrl().optional(),
  AWS_REGION: z.string().default('us-east-1'),
  VEND_INTENTS_TABLE: z
    .string()
    .regex(/^[a-zA-Z0-9._-]{3,255}$/)
    .optional(),
  /** Unset: the table's own count (set by the first process to open the table, 4 if it had none). */
  VEND_DUE_SHARDS: z
    .string()
    .regex(/^\d{1,4}$/, 'must be a whole number in decimal digits')
    .transform(Number)
    .pipe(z.number().min(1).max(1000))
    .optional(),
  VEND_RETENTION_DAYS: int(30),
  VEND_OUTBOX_GRACE_MS: int(60_000),

  FLASH_BASE_URL: httpUrl(),
  FLASH_PATH_PREFIX: z
    .string()
    .regex(/^(\/[A-Za-z0-9._-]+)*$/)
    .default('/v4'),
  FLASH_CONSUMER_KEY: z.string().min(1),
  FLASH_CONSUMER_SECRET: z.string().min(1),
  FLASH_TIMEOUT_MS: int(15_000),
  FLASH_RATE_LIMIT_PER_ACCOUNT: positive(200),
  FLASH_MAX_SOCKETS: int(256),

  /** `kid:base64key,kid2:base64key` (32-byte AES keys); the current key seals, all keys open. */
  VEND_SEALING_KEYS: z.string().min(1),
  VEND_SEALING_KEY_ID: z.string().min(1),
  /**
   * Key ids removed from VEND_SEALING_KEYS on purpose (`kid1,kid2`): due items they sealed no
   * longer refuse the start; the reconciler reports and quarantines them.
   */
  VEND_RETIRED_SEALING_KEYS: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}(,[A-Za-z0-9_-]{1,32})*$/, 'must be a comma-separated list of key ids')
    .optional(),

  VEND_LEASE_MS: int(60_000),
  VEND_WINDOW_MS: int(30 * 60_000),
  VEND_WINDOW_MARGIN_MS: int(2 * 60_000, 0),
  VEND_RETRY_INITIAL_MS: int(1_000),
  VEND_RETRY_MAX_MS: int(60_000),
  /** Each resend delay is the previous one times this (at least 1). */
  VEND_RETRY_FACTOR: positive(2),
  /** Share of a resend delay that jitter may take off (0 to 1). */
  VEND_RETRY_JITTER: fraction(0.5),
  /** Throttled or not-sent attempts retried in the sending process before the reconciler takes over. */
  VEND_LOCAL_RETRIES: int(3, 0),
  /** The worker's wait to claim a message again while the store or broker is out: first, then cap. */
  VEND_STORE_RETRY_INITIAL_MS: int(250),
  VEND_STORE_RETRY_MAX_MS: int(30_000),
  /** An intent none of whose attempts could have reached Flash ends `failed` this long after receipt. */
  VEND_GIVE_UP_UNSENT_MS: int(24 * 3_600_000),

  VEND_MAX_IN_FLIGHT: int(256),
  /**
   * What a worker holds in memory in front of its in-flight slots (services/worker/README.md):
   * messages in total, their bytes, and messages of one ordering key.
   */
  VEND_MAX_QUEUED: int(4_096),
  VEND_MAX_QUEUED_BYTES: int(32 * 1024 * 1024),
  VEND_MAX_QUEUED_PER_KEY: int(1_000),
  /** Kafka consumer session timeout; the broker accepts 6 000 to 300 000 by default. */
  VEND_KAFKA_SESSION_TIMEOUT_MS: int(30_000, 6_000),
  VEND_SHUTDOWN_GRACE_MS: int(25_000),
  VEND_RECONCILE_INTERVAL_MS: int(1_000),
  VEND_RECONCILE_BATCH: int(100),
  VEND_RECONCILE_CONCURRENCY: int(32),
});

export type ServiceEnv = z.infer<typeof serviceEnvSchema>;

// Kept here too: services import the error from the config they parse.
export { ConfigError } from './errors.ts';

const DAY_MS = 24 * 3_600_000;

/**
 * Parses `env` or throws a ConfigError with one line per bad variable, before anything is created:
 * a value that the runtime's parts would refuse later (sealing keys, window, retry policy) is
 * refused here by the same rules, and nothing is silently repaired.
 */
export function parseServiceEnv(env: NodeJS.ProcessEnv): ServiceEnv {
  const parsed = serviceEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const problems = configProblems(parsed.data);
  if (problems.length > 0) throw new ConfigError(problems);
  return parsed.data;
}

/** Flash's idempotency window as the resend policy holds it (validated by parseServiceEnv). */
export function idempotencyWindow(config: ServiceEnv): IdempotencyWindow {
  return { windowMs: config.VEND_WINDOW_MS, marginMs: config.VEND_WINDOW_MARGIN_MS };
}

/** The resend backoff as the resend policy holds it (validated by parseServiceEnv). */
export function retryPolicy(config: ServiceEnv): RetryPolicy {
  return {
    initialDelayMs: config.VEND_RETRY_INITIAL_MS,
    factor: config.VEND_RETRY_FACTOR,
    maxDelayMs: config.VEND_RETRY_MAX_MS,
    jitter: config.VEND_RETRY_JITTER,
  };
}

/**
 * The one resend policy (@vendstream/provider) every part is given: the executor (worker and
 * reconciler) and the worker's store-outage wait. The knobs not listed here keep the policy's
 * defaults (packages/provider/README.md). Validated by parseServiceEnv.
 */
export function resendPolicy(config: ServiceEnv): ResendPolicy {
  return {
    ...DEFAULT_RESEND_POLICY,
    retry: retryPolicy(config),
    localRetries: config.VEND_LOCAL_RETRIES,
    window: idempotencyWindow(config),
    giveUpUnsentAfterMs: config.VEND_GIVE_UP_UNSENT_MS,
    storeOutage: {
      ...DEFAULT_RESEND_POLICY.storeOutage,
      initialDelayMs: config.VEND_STORE_RETRY_INITIAL_MS,
      maxDelayMs: config.VEND_STORE_RETRY_MAX_MS,
    },
  };
}

/** The variable behind each field the provider's validators name in their messages. */
const POLICY_VARIABLES: Record<string, string> = {
  'window.windowMs': 'VEND_WINDOW_MS',
  'window.marginMs': 'VEND_WINDOW_MARGIN_MS',
  'retry.initialDelayMs': 'VEND_RETRY_INITIAL_MS',
  'retry.maxDelayMs': 'VEND_RETRY_MAX_MS',
  'retry.factor': 'VEND_RETRY_FACTOR',
  'retry.jitter': 'VEND_RETRY_JITTER',
  localRetries: 'VEND_LOCAL_RETRIES',
  'storeOutage.initialDelayMs': 'VEND_STORE_RETRY_INITIAL_MS',
  'storeOutage.maxDelayMs': 'VEND_STORE_RETRY_MAX_MS',
  giveUpUnsentAfterMs: 'VEND_GIVE_UP_UNSENT_MS',
};

/**
 * Runs one of the provider's validators (the one definition of its rule) and turns a refusal into
 * a line naming the variable, with the values of the variables that make up the policy.
 */
function policyProblem(validate: () => unknown, variables: Record<string, number>): string | undefined {
  try {
    validate();
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const field = Object.keys(POLICY_VARIABLES).find((name) => message.startsWith(name));
    const names = Object.keys(variables);
    const variable = (field && POLICY_VARIABLES[field]) ?? names.join(' / ');
    const values = names.map((name) => `${name}=${variables[name]}`).join(', ');
    return `${variable}: ${message} (${values})`;
  }
}

/**
 * Every cross-check of a parsed configuration, one `NAME: reason` line per problem. createRuntime
 * runs it again, so a configuration built by hand cannot skip it.
 */
export function configProblems(config: ServiceEnv): string[] {
  const problems: string[] = [];
  const keys = readSealingKeys(config.VEND_SEALING_KEYS, config.VEND_SEALING_KEY_ID);
  if (!keys.ok) problems.push(...keys.problems);

  const windowProblem = policyProblem(() => validateWindow(idempotencyWindow(config)), {
    VEND_WINDOW_MS: config.VEND_WINDOW_MS,
    VEND_WINDOW_MARGIN_MS: config.VEND_WINDOW_MARGIN_MS,
  });
  const retryProblem = policyProblem(() => validateRetryPolicy(retryPolicy(config)), {
    VEND_RETRY_INITIAL_MS: config.VEND_RETRY_INITIAL_MS,
    VEND_RETRY_MAX_MS: config.VEND_RETRY_MAX_MS,
    VEND_RETRY_FACTOR: config.VEND_RETRY_FACTOR,
    VEND_RETRY_JITTER: config.VEND_RETRY_JITTER,
  });
  if (windowProblem) problems.push(windowProblem);
  if (retryProblem) problems.push(retryProblem);
  if (!windowProblem && !retryProblem) {
    // The whole policy as the parts get it, by the same rules (the window and backoff passed above).
    const policyLine = policyProblem(() => validateResendPolicy(resendPolicy(config)), {
      VEND_GIVE_UP_UNSENT_MS: config.VEND_GIVE_UP_UNSENT_MS,
      VEND_LOCAL_RETRIES: config.VEND_LOCAL_RETRIES,
      VEND_STORE_RETRY_INITIAL_MS: config.VEND_STORE_RETRY_INITIAL_MS,
      VEND_STORE_RETRY_MAX_MS: config.VEND_STORE_RETRY_MAX_MS,
    });
    if (policyLine) problems.push(policyLine);
  }

  if (config.VEND_LEASE_MS <= config.FLASH_TIMEOUT_MS) {
    problems.push('VEND_LEASE_MS: must exceed FLASH_TIMEOUT_MS (a lease must outlive a call)');
  }
  if (!windowProblem) {
    // A resend is allowed only before firstSentAt + window - margin (provider/window.ts).
    const resendableMs = config.VEND_WINDOW_MS - config.VEND_WINDOW_MARGIN_MS;
    if (config.VEND_LEASE_MS >= resendableMs) {
      problems.push(
        "VEND_LEASE_MS: must be shorter than VEND_WINDOW_MS - VEND_WINDOW_MARGIN_MS (a crashed worker's intent would reach the reconciler only after its window closed, and end unresolved)",
      );
    }
    if (config.VEND_RETRY_INITIAL_MS >= resendableMs) {
      problems.push(
        'VEND_RETRY_INITIAL_MS: must be shorter than VEND_WINDOW_MS - VEND_WINDOW_MARGIN_MS (an unknown outcome would never be resent inside the window)',
      );
    }
  }
  // A record expires VEND_RETENTION_DAYS after its creation while its intent is still pending, and
  // after its terminal write once finished: whatever must happen to it has to happen before.
  const retentionMs = config.VEND_RETENTION_DAYS * DAY_MS;
  if (config.VEND_GIVE_UP_UNSENT_MS >= retentionMs) {
    problems.push(
      'VEND_GIVE_UP_UNSENT_MS: must be shorter than VEND_RETENTION_DAYS (the record of an intent still retried would expire, and the intent be lost)',
    );
  }
  // The queue feeds the in-flight slots (services/worker/README.md): smaller, they could never fill.
  if (config.VEND_MAX_QUEUED < config.VEND_MAX_IN_FLIGHT) {
    problems.push(
      'VEND_MAX_QUEUED: must be at least VEND_MAX_IN_FLIGHT (the queue feeds the in-flight slots)',
    );
  }
  if (config.VEND_MAX_QUEUED_PER_KEY > config.VEND_MAX_QUEUED) {
    problems.push('VEND_MAX_QUEUED_PER_KEY: must be at most VEND_MAX_QUEUED');
  }
  if (config.VEND_OUTBOX_GRACE_MS >= retentionMs) {
    problems.push(
      'VEND_OUTBOX_GRACE_MS: must be shorter than VEND_RETENTION_DAYS (a result left in the outbox would expire before it is republished)',
    );
  }
  return problems;
}

/**
 * The lease owner of one runtime: `<VEND_INSTANCE_ID, else role-host-pid>-<8 random hex>`. The
 * suffix makes it unique per start, by construction: two live processes given the same
 * VEND_INSTANCE_ID (a copied deployment), or a restarted container with the same host name and pid
 * 1, would otherwise share leases, each extending and completing the other's claims. The prefix
 * keeps it readable in logs and in the table's `leaseOwner`.
 */
export function instanceId(
  config: ServiceEnv,
  role: string,
  suffix: string = randomBytes(4).toString('hex'),
): string {
  return `${config.VEND_INSTANCE_ID ?? `${role}-${hostname()}-${process.pid}`}-${suffix}`;
}

export function retiredSealingKeyIds(config: ServiceEnv): string[] {
  return config.VEND_RETIRED_SEALING_KEYS?.split(',') ?? [];
}

export function intentsTableName(config: ServiceEnv): string {
  return config.VEND_INTENTS_TABLE ?? `${config.VEND_TOPIC_PREFIX}-intents`;
}
