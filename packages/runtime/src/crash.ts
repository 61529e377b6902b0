import type { Logger } from '@vendstream/logging';

/**
 * Logs an uncaught exception or unhandled rejection with its cause (redacted like every log line),
 * then ends the process with code 1. Nothing is lost by exiting: a claimed intent's lease expires
 * and the reconciler resends it with the same reference; an unpublished result stays in the outbox.
 */
export function exitOnCrash(logger: Logger): void {
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception');
    process.exit(1);
  });
  process.on('unhandledRejection', (error) => {
    logger.fatal({ err: error }, 'unhandled rejection');
    process.exit(1);
  });
}

/**
 * Node's process warnings, minus one that is noise: kafkajs schedules retries with delays that can
 * come out negative, which Node 24 clamps to 1 ms and reports as `TimeoutNegativeWarning` on stderr,
 * three lines at a time, e.g. in the middle of a start-up refusal that should read one line per
 * problem. Every other warning is still printed, as one line.
 */
export function quietKnownWarnings(): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name === 'TimeoutNegativeWarning') return;
    process.stderr.write(`warning: ${warning.name}: ${warning.message}\n`);
  });
}
