/**
 * One base error for the package, classified by a stable `code` (errors cross JSON and Kafka, so
 * `instanceof` alone is not enough).
 */
export type ContractsErrorCode =
  | 'INVALID_SEALER_CONFIG'
  | 'UNKNOWN_SEALING_KEY'
  | 'SEALED_VALUE_INVALID'
  | 'UNSEALED_SECRET'
  | 'VALUE_TOO_DEEP'
  | 'INVALID_REFERENCE_INPUT'
  | 'INVALID_RESULT'
  /** `ConfigError`: a service refuses to start. */
  | 'INVALID_CONFIGURATION'
  | 'RETENTION_TOO_SHORT';

export class ContractsError extends Error {
  readonly code: ContractsErrorCode;

  constructor(code: ContractsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ContractsError';
    this.code = code;
  }
}

/** Sealing or opening a secret failed: wrong key, unknown key id, or tampered ciphertext. */
export class SecretSealerError extends ContractsError {
  constructor(code: ContractsErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'SecretSealerError';
  }
}
