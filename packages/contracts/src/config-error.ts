import { ContractsError } from './errors.ts';

export type ConfigErrorCode =
  /** A variable is missing, malformed, or contradicts another one (found before any side effect). */
  | 'INVALID_CONFIGURATION'
  /** The intents topic keeps a message longer than the store keeps its record (found at start). */
  | 'RETENTION_TOO_SHORT';

/**
 * Why a service refuses to start: one definition for every process that parses its configuration
 * (the worker and reconciler through the runtime, the Flash sandbox). It lives here, not in the
 * runtime, because the sandbox may not depend on the runtime: that would load Kafka, DynamoDB and
 * the Flash client (whose tests run against the sandbox) into a simulator that needs none of them.
 *
 * `problems` holds one `NAME: reason` line per problem, naming the variable; `message` lists them
 * under one heading, which is what the entry points print (no stack trace: the lines say everything
 * an operator can act on). Never retriable: the same configuration fails the same way.
 */
export class ConfigError extends ContractsError {
  declare readonly code: ConfigErrorCode;
  readonly problems: readonly string[];

  constructor(problems: readonly string[], code: ConfigErrorCode = 'INVALID_CONFIGURATION') {
    super(code, `invalid configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = [...problems];
  }
}
