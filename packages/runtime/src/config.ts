import { hostname } from 'node:os';
import { z } from 'zod';

const int = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);
const positive = (fallback: number) => z.coerce.number().positive().default(fallback);

/**
 * Every variable a worker or reconciler reads, with its default. Parsed once at start; an invalid
 * value stops the process with a message naming the variable.
 */
export const serviceEnvSchema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  VEND_INSTANCE_ID: z.string().min(1).optional(),

  KAFKA_BROKERS: z.string().min(1, 'comma-separated host:port list'),
  VEND_TOPIC_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9._-]{1,200}$/)
    .default('vendstream'),
  VEND_INTENT_PARTITIONS: int(12),

  DYNAMODB_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().default('us-east-1'),
  VEND_INTENTS_TABLE: z
    .string()
    .regex(/^[a-zA-Z0-9._-]{3,255}$/)
    .optional(),
  VEND_DUE_SHARDS: int(4),
  VEND_RETENTION_DAYS: int(30),
  VEND_OUTBOX_GRACE_MS: int(60_000),

  FLASH_BASE_URL: z.url(),
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

  VEND_LEASE_MS: int(60_000),
  VEND_WINDOW_MS: int(30 * 60_000),
  VEND_WINDOW_MARGIN_MS: int(2 * 60_000, 0),
  VEND_RETRY_INITIAL_MS: int(1_000),
  VEND_RETRY_MAX_MS: int(60_000),
  /** An intent none of whose attempts could have reached Flash ends `failed` this long after receipt. */
  VEND_GIVE_UP_UNSENT_MS: int(24 * 3_600_000),

  VEND_MAX_IN_FLIGHT: int(256),
  /** Kafka consumer session timeout; the broker accepts 6 000 to 300 000 by default. */
  VEND_KAFKA_SESSION_TIMEOUT_MS: int(30_000, 6_000),
  VEND_SHUTDOWN_GRACE_MS: int(25_000),
  VEND_RECONCILE_INTERVAL_MS: int(1_000),
  VEND_RECONCILE_BATCH: int(100),
  VEND_RECONCILE_CONCURRENCY: int(32),
});

export type ServiceEnv = z.infer<typeof serviceEnvSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses `env` or throws a ConfigError listing every bad variable by name. */
export function parseServiceEnv(env: NodeJS.ProcessEnv): ServiceEnv {
  const parsed = serviceEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const config = parsed.data;
  if (config.VEND_WINDOW_MARGIN_MS >= config.VEND_WINDOW_MS) {
    throw new ConfigError(
      'invalid configuration:\n  VEND_WINDOW_MARGIN_MS: must be smaller than VEND_WINDOW_MS',
    );
  }
  if (config.VEND_LEASE_MS <= config.FLASH_TIMEOUT_MS) {
    throw new ConfigError(
      'invalid configuration:\n  VEND_LEASE_MS: must exceed FLASH_TIMEOUT_MS (a lease must outlive a call)',
    );
  }
  return config;
}

export function parseSealingKeys(
  spec: string,
  currentKeyId: string,
): { keys: Record<string, Buffer>; currentKeyId: string } {
  const keys: Record<string, Buffer> = {};
  for (const part of spec.split(',')) {
    const [kid, material] = part.split(':');
    const key = material ? Buffer.from(material, 'base64') : Buffer.alloc(0);
    if (!kid || key.length !== 32) {
      throw new ConfigError(
        'invalid configuration:\n  VEND_SEALING_KEYS: each entry must be <kid>:<base64 of 32 bytes>',
      );
    }
    keys[kid] = key;
  }
  if (!keys[currentKeyId]) {
    throw new ConfigError(
      `invalid configuration:\n  VEND_SEALING_KEY_ID: "${currentKeyId}" is not in VEND_SEALING_KEYS`,
    );
  }
  return { keys, currentKeyId };
}

export function instanceId(config: ServiceEnv, role: string): string {
  return config.VEND_INSTANCE_ID ?? `${role}-${hostname()}-${process.pid}`;
}

export function intentsTableName(config: ServiceEnv): string {
  return config.VEND_INTENTS_TABLE ?? `${config.VEND_TOPIC_PREFIX}-intents`;
}
