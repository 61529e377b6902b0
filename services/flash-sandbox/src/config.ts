import { ConfigError } from '@vendstream/contracts';
import { z } from 'zod';
import { DEFAULT_IDEMPOTENCY_WINDOW_MS, DEFAULT_TOKEN_TTL_SECONDS } from './core.ts';
import { DEFAULT_SANDBOX_CREDENTIALS } from './seed.ts';

/** The only place the sandbox reads the environment (and argv): once, at start, failing fast. */

export interface SandboxConfig {
  port: number;
  host: string;
  idempotencyWindowMs: number;
  tokenTtlSeconds: number;
  consumerKey: string;
  consumerSecret: string;
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
}

const port = z.coerce.number().int().min(0).max(65_535);

const schema = z.object({
  FLASH_SANDBOX_PORT: port.default(8090),
  FLASH_SANDBOX_HOST: z.string().min(1).default('127.0.0.1'),
  FLASH_SANDBOX_IDEMPOTENCY_WINDOW_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(DEFAULT_IDEMPOTENCY_WINDOW_MS),
  FLASH_SANDBOX_TOKEN_TTL_SECONDS: z.coerce.number().int().positive().default(DEFAULT_TOKEN_TTL_SECONDS),
  FLASH_SANDBOX_CONSUMER_KEY: z.string().min(1).default(DEFAULT_SANDBOX_CREDENTIALS.consumerKey),
  FLASH_SANDBOX_CONSUMER_SECRET: z.string().min(1).default(DEFAULT_SANDBOX_CREDENTIALS.consumerSecret),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
});

/**
 * `--port N` (or `--port=N`) wins over FLASH_SANDBOX_PORT. Throws a ConfigError with one line per
 * problem, variables and `--port` together, as the other services do.
 */
export function loadConfig(env: Record<string, string | undefined>, argv: readonly string[]): SandboxConfig {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    // An empty variable means "unset", as shells and compose files often leave them.
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = schema.safeParse(input);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  let portArgument: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const raw =
      arg === '--port' ? argv[i + 1] : arg.startsWith('--port=') ? arg.slice('--port='.length) : undefined;
    if (raw === undefined) {
      if (arg === '--port') problems.push('--port: expected a port number');
      continue;
    }
    const result = port.safeParse(raw);
    if (result.success) portArgument = result.data;
    else problems.push(`--port: expected a port number, got ${JSON.stringify(raw)}`);
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const config = parsed.data;
  return {
    port: portArgument ?? config.FLASH_SANDBOX_PORT,
    host: config.FLASH_SANDBOX_HOST,
    idempotencyWindowMs: config.FLASH_SANDBOX_IDEMPOTENCY_WINDOW_MS,
    tokenTtlSeconds: config.FLASH_SANDBOX_TOKEN_TTL_SECONDS,
    consumerKey: config.FLASH_SANDBOX_CONSUMER_KEY,
    consumerSecret: config.FLASH_SANDBOX_CONSUMER_SECRET,
    logLevel: config.LOG_LEVEL,
  };
}
