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
 * A pino logger that never writes a secret: every logged object (errors included) and every child
 * logger's bindings pass through `redactSecrets`,
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
    // `redactSecrets` has already turned errors into plain, redacted objects: pino's own `err`
    // serializer would fold the cause into the message and drop the error's type.
    serializers: { err: (err: unknown) => err },
  };
  const logger = options.destination ? pino(loggerOptions, options.destination) : pino(loggerOptions);
  // A child's bindings never pass through `formatters.log`. Children inherit this override through
  // their prototype, so grandchildren are covered too.
  const pinoChild = logger.child;
  logger.child = function child(this: Logger, bindings, childOptions) {
    return pinoChild.call(this, redactSecrets(bindings) as typeof bindings, childOptions);
  } as Logger['child'];
  return logger;
}
