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
