import { resolve } from 'node:path';

/** Where the local servers live and listen. Resolved once from the environment by the CLI or test setup. */
export interface LocalStackConfig {
  /** Root of everything fetched and run locally (git-ignored). */
  home: string;
  /**
   * A named second stack (own pid files, data and logs under `home/instances/<name>`; shared jars),
   * e.g. a broker a test restarts without disturbing the run's shared one. Default: the main stack.
   */
  instance?: string;
  kafka: {
    version: string;
    host: string;
    port: number;
    controllerPort: number;
    heapMb: number;
  };
  dynamodb: {
    host: string;
    port: number;
    /** In memory (default) or on disk under `home/data/dynamodb` so it survives restarts. */
    persist: boolean;
    heapMb: number;
  };
}

export const DEFAULT_KAFKA_VERSION = '3.9.1';

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0 || value > 65535) {
    throw new Error(`${name} must be a positive integer (got "${raw}")`);
  }
  return value;
}

/** Reads `VEND_*` variables; every one is optional and named in the error when invalid. */
export function localStackConfigFromEnv(env: NodeJS.ProcessEnv, repoRoot: string): LocalStackConfig {
  const version = env.VEND_KAFKA_VERSION || DEFAULT_KAFKA_VERSION;
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error(`VEND_KAFKA_VERSION must look like 3.9.1 (got "${version}")`);
  }
  return {
    home: resolve(env.VEND_HOME || resolve(repoRoot, '.vend')),
    kafka: {
      version,
      host: '127.0.0.1',
      port: intVar(env, 'VEND_KAFKA_PORT', 19092),
      controllerPort: intVar(env, 'VEND_KAFKA_CONTROLLER_PORT', 19093),
      heapMb: intVar(env, 'VEND_KAFKA_HEAP_MB', 768),
    },
    dynamodb: {
      host: '127.0.0.1',
      port: intVar(env, 'VEND_DYNAMODB_PORT', 18000),
      persist: env.VEND_DYNAMODB_PERSIST === '1' || env.VEND_DYNAMODB_PERSIST === 'true',
      heapMb: intVar(env, 'VEND_DYNAMODB_HEAP_MB', 1024),
    },
  };
}

export function kafkaBrokers(config: LocalStackConfig): string {
  return `${config.kafka.host}:${config.kafka.port}`;
}

export function dynamodbEndpoint(config: LocalStackConfig): string {
  return `http://${config.dynamodb.host}:${config.dynamodb.port}`;
}

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
