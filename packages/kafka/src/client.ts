import type { Logger } from '@vendstream/logging';
import { Kafka, type LogEntry, logLevel } from 'kafkajs';

export interface KafkaConnection {
  brokers: string[];
  clientId: string;
  logger?: Logger;
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** A kafkajs client whose own log lines go through our pino logger (kafkajs INFO is chatty: debug). */
export function createKafka(connection: KafkaConnection): Kafka {
  const { logger } = connection;
  return new Kafka({
    clientId: connection.clientId,
    brokers: connection.brokers,
    logLevel: logger ? logLevel.WARN : logLevel.NOTHING,
    retry: { initialRetryTime: 200, retries: 10, maxRetryTime: 5_000 },
    logCreator: () => (entry: LogEntry) => {
      if (!logger) return;
      const level = LEVELS[entry.level] ?? 'debug';
      const { message, ...extra } = entry.log;
      logger[level === 'info' ? 'debug' : level](
        { kafka: { namespace: entry.namespace, ...extra } },
        message,
      );
    },
  });
}
