/**
 * Runs the sandbox as a process: `node services/flash-sandbox/src/main.ts --port 8090`
 * (what `./vend sandbox flash --port N` spawns). Configuration: see config.ts and the README.
 */
import { ConfigError } from '@vendstream/contracts';
import { createLogger } from '@vendstream/logging';
import { loadConfig } from './config.ts';
import { API_PREFIXES } from './routes.ts';
import { startFlashSandbox } from './server.ts';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env, process.argv.slice(2));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`flash-sandbox: ${error.message}`);
  process.exit(2);
}

const logger = createLogger({ name: 'flash-sandbox', level: config.logLevel });
const sandbox = await startFlashSandbox({
  port: config.port,
  host: config.host,
  idempotencyWindowMs: config.idempotencyWindowMs,
  tokenTtlSeconds: config.tokenTtlSeconds,
  credentials: { consumerKey: config.consumerKey, consumerSecret: config.consumerSecret },
  logger,
});
logger.info(
  { url: sandbox.url, prefixes: API_PREFIXES, idempotencyWindowMs: config.idempotencyWindowMs },
  `Flash sandbox listening on ${sandbox.url} (API under ${API_PREFIXES.join(' and ')}, token at /token)`,
);

let stopping = false;
function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping');
  sandbox.close().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, 'failed to stop cleanly');
      process.exit(1);
    },
  );
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
