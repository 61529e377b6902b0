// The worker process: consumes <prefix>.intents, calls Flash, publishes <prefix>.results.
// Configuration: environment variables (see README.md), validated once here.
import {
  ConfigError,
  createRuntime,
  exitOnCrash,
  parseServiceEnv,
  quietKnownWarnings,
} from '@vendstream/runtime';
import { createWorker } from './worker.ts';

async function main(): Promise<void> {
  quietKnownWarnings();
  const config = parseServiceEnv(process.env);
  const runtime = await createRuntime(config, { role: 'worker' });
  const worker = createWorker(runtime);
  let stopRequested = false;
  const stop = (signal: string) => {
    runtime.logger.info({ signal }, 'signal received');
    if (stopRequested) return;
    stopRequested = true;
    worker.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        runtime.logger.error({ err: error }, 'unclean stop');
        process.exit(1);
      },
    );
  };
  exitOnCrash(runtime.logger);
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  await worker.start();
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
