import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import { redactSecrets } from './redact.ts';

export type { Logger } from 'pino';

export interface CreateLoggerOptions {
  /** Service or component name, logged as `name`. */
  name: string;
  /** pino level; defaults to `info`. */
  level?: LoggerOptions['level'];
  /** Where lines go; defaults to stdout. Tests pass a stream to assert on what was logged. */
  destination?: DestinationStream;
}

/**
 * A pino logger that never writes a secret: every logged object passes through `redactSecrets`,
 * and the well-known header and credential paths are also covered by pino's own `redact`.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const loggerOptions: LoggerOptions = {
    name: options.name,
    level: options.level ?? 'info',
    redact: {
      paths: ['headers.authorization', 'req.headers.authorization', 'config.consumerSecret'],
      censor: '[redacted]',
    },
    formatters: {
      log: (object) => redactSecrets(object) as Record<string, unknown>,
    },
  };
  return options.destination ? pino(loggerOptions, options.destination) : pino(loggerOptions);
}
