// The reconciler process: resends unknown outcomes inside the idempotency window, marks the rest
// unresolved, republishes results left in the outbox. Configuration: environment (see README.md).
import {
  ConfigError,
  createRuntime,
  exitOnCrash,
  parseServiceEnv,
  quietKnownWarnings,
} from '@vendstream/runtime';
import { createReconciler } from './reconciler.ts';

async function main(): Promise<void> {
  quietKnownWarnings();
  const config = parseServiceEnv(process.env);
  const runtime = await createRuntime(config, { role: 'reconciler' });
  const reconciler = createReconciler(runtime);
  let stopRequested = false;
  const stop = () => {
    if (stopRequested) return;
    stopRequested = true;
    reconciler.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  exitOnCrash(runtime.logger);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  reconciler.start();
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
