/**
 * A stateful Flash Partner API v4 sandbox over real HTTP, with fault injection and a ledger.
 *
 * ```ts
 * import { startFlashSandbox, DEFAULT_SANDBOX_CREDENTIALS, SANDBOX_ACCOUNTS } from '@vendstream/flash-sandbox';
 * const sandbox = await startFlashSandbox({ port: 0 });
 * sandbox.addFault({ match: { operation: '1voucher.purchase' }, action: { kind: 'commit-then-drop' }, times: 1 });
 * // ... point the client at baseUrl `sandbox.url` with pathPrefix '/v4' (or '/aggregation/4.0')
 * expect(sandbox.ledger()).toHaveLength(1);
 * await sandbox.close();
 * ```
 */
export { isDocumentedCode, messageFor } from './codes.ts';
export {
  DEFAULT_IDEMPOTENCY_WINDOW_MS,
  DEFAULT_REVERSAL_WINDOW_MS,
  DEFAULT_TOKEN_TTL_SECONDS,
} from './core.ts';
export { API_PREFIXES } from './routes.ts';
export {
  DEFAULT_SANDBOX_CREDENTIALS,
  FBE_UNITS_KWH,
  SANDBOX_ACCOUNTS,
  SANDBOX_METERS,
  SANDBOX_MSISDNS,
  SANDBOX_PRODUCTS,
  SANDBOX_VOUCHERS,
} from './seed.ts';
export { startFlashSandbox } from './server.ts';
export type {
  FaultAction,
  FaultRule,
  FlashSandbox,
  FlashSandboxOptions,
  LedgerEntry,
  OperationName,
} from './types.ts';
export { MAX_REFERENCE_LENGTH } from './validation.ts';
