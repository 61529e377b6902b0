/**
 * Logging for every vendstream service: pino, with secrets redacted at any depth.
 *
 * ```ts
 * import { createLogger } from '@vendstream/logging';
 * const log = createLogger({ name: 'worker' });
 * log.info({ response: { pin: '1234567890123456' } }, 'vended'); // pin logged as "[redacted]"
 * ```
 */
export { type CreateLoggerOptions, createLogger, type Logger } from './logger.ts';
export { isSensitiveKey, REDACTED, redactSecrets } from './redact.ts';
