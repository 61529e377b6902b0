import type { Logger } from '@vendstream/logging';

export type OperationName =
  | '1voucher.purchase'
  | '1voucher.disburse'
  | '1voucher.redeem'
  | '1voucher.refund'
  | '1voucher.reverse'
  | 'gift-voucher.purchase'
  | 'cash-out-pin.purchase'
  | 'cash-out-pin.cancel'
  | 'cash-out-pin.reverse'
  | 'cash-out-pin.lookup'
  | 'cellular.pinless.purchase'
  | 'eezi-voucher.purchase'
  | 'eezi-voucher.reverse'
  | 'prepaid-utility.lookup'
  | 'prepaid-utility.purchase'
  | 'products.list'
  | 'products.lookup'
  | 'token';

export interface FlashSandboxOptions {
  /** 0 or undefined = ephemeral. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** How long a reference replays its original response; default 30 minutes (the draft's window). */
  idempotencyWindowMs?: number;
  /** Access token lifetime; default 3600 s. */
  tokenTtlSeconds?: number;
  /** Injectable clock (ms since epoch), default Date.now. Drives tokens, windows, dates and throttling. */
  now?: () => number;
  /** Default DEFAULT_SANDBOX_CREDENTIALS. */
  credentials?: { consumerKey: string; consumerSecret: string };
  logger?: Logger;
  /** Random source in [0, 1) for fault probabilities and latency distributions; default Math.random. */
  random?: () => number;
  /** How long after the original a reversal is still accepted (code 2281 after); default 24 hours. */
  reversalWindowMs?: number;
}

export interface FlashSandbox {
  /** 'http://127.0.0.1:<port>' (no trailing slash, no prefix). */
  readonly url: string;
  readonly port: number;
  /** Returns the rule id. Throws on an invalid rule. */
  addFault(rule: FaultRule): string;
  /** Removing a hold rule releases the requests it holds. */
  removeFault(id: string): void;
  clearFaults(): void;
  /** How many requests hold rules are holding right now. */
  heldRequests(): number;
  ledger(): LedgerEntry[];
  reset(): void;
  /** Stops listening, destroys every open socket (including hung ones) and cancels pending latency. */
  close(): Promise<void>;
}

export type FaultAction =
  | { kind: 'latency'; ms: number }
  | { kind: 'latency'; distribution: 'uniform'; minMs: number; maxMs: number }
  | { kind: 'latency'; distribution: 'normal'; meanMs: number; stdDevMs: number }
  | { kind: 'latency'; distribution: 'exponential'; meanMs: number }
  | { kind: 'hang' }
  /**
   * Holds each matching request, unanswered, until the rule is removed (or cleared, or reset), then
   * processes it as if the rule had never matched. Lets a test decide exactly when a slow provider
   * answers, instead of racing a fixed latency against the clock.
   */
  | { kind: 'hold' }
  | { kind: 'http-status'; status: number }
  | { kind: 'response-code'; code: number; httpStatus?: number }
  | { kind: 'commit-then-drop' }
  | { kind: 'refuse' }
  | { kind: 'throttle'; maxPerSecond: number }
  /** Extension: answer with a body that is not JSON (an HTML error page from an intermediary). */
  | { kind: 'unparseable-body'; httpStatus?: number };

export interface FaultRule {
  match?: {
    operation?: string;
    pathPrefix?: string;
    accountNumber?: string;
    referencePattern?: string;
    probability?: number;
  };
  action: FaultAction;
  times?: number;
}

export interface LedgerEntry {
  reference: string;
  operation: string;
  accountNumber: string;
  amount: number;
  transactionId: string;
  productCode?: number;
  at: string;
}
