import { parseServiceEnv } from './config.ts';
import { exitOnCrash, quietKnownWarnings } from './crash.ts';
import { ConfigError } from './errors.ts';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime.ts';

/** What a service runs once its runtime is up. */
export interface ServiceLoop {
  start(): void | Promise<void>;
  /** Graceful stop; the process exits 0 after it, 1 if it throws. */
  stop(): Promise<void>;
}

/**
 * The whole life of a service process, one definition for the worker and the reconciler: parse the
 * environment once, build the runtime, start the loop, stop it cleanly on SIGTERM / SIGINT (a
 * second signal is ignored while the first stop runs), exit 1 on a crash. A failure to start is
 * one line on stderr (a refused configuration: one line per problem), never a stack trace.
 */
export function runService(role: RuntimeOptions['role'], build: (runtime: Runtime) => ServiceLoop): void {
  quietKnownWarnings();
  const main = async () => {
    const runtime = await createRuntime(parseServiceEnv(process.env), { role });
    const loop = build(runtime);
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      runtime.logger.info({ signal }, 'signal received');
      if (stopping) return;
      stopping = true;
      loop.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          runtime.logger.error({ err: error }, 'unclean stop');
          process.exit(1);
        },
      );
    };
    exitOnCrash(runtime.logger);
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    await loop.start();
  };
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message);
    else {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      console.error(`${role}: could not start: ${reason.split('\n')[0]}`);
    }
    process.exit(1);
  });
}
