import { assertNever } from './errors.ts';
import { FLASH_OPERATIONS, type FlashOperationName } from './operations.ts';
import type { FlashErrorBody, FlashOutcome, FlashUnknown, UnknownReason } from './outcome.ts';
import { classOfCode } from './response-codes.ts';

/**
 * The one place that decides what a call's result means. Pure: it sees what came back (a response or
 * the facts of a transport failure) and returns the outcome. Everything else in the package (the
 * client's auth retry, the resend helper) asks it instead of looking at status codes itself.
 */

/** What the transport layer observed when a request failed without a response. */
export interface TransportFailure {
  /** Node/got error code: ECONNREFUSED, ENOTFOUND, ETIMEDOUT, ECONNRESET, ERR_ABORTED ... */
  readonly code: string | undefined;
  readonly message: string;
  /** For timeouts: the phase that timed out (lookup, connect, secureConnect, send, response, request ...). */
  readonly timeoutEvent: string | undefined;
  /** A TCP connection existed (new or reused from the pool) when the failure happened. */
  readonly connected: boolean;
  /** The whole request had been handed to the socket (got's `timings.upload`). */
  readonly uploaded: boolean;
}

export type FlashExchange =
  | {
      readonly type: 'response';
      readonly operation: FlashOperationName;
      readonly reference: string | undefined;
      readonly httpStatus: number;
      /** The raw body text; parsed here so "unparseable" is decided in one place. */
      readonly body: string;
      readonly retryAfter?: string | undefined;
    }
  | {
      readonly type: 'transport-error';
      readonly operation: FlashOperationName;
      readonly reference: string | undefined;
      readonly failure: TransportFailure;
    };

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL']);
const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const CONNECT_PHASES = new Set(['lookup', 'connect', 'secureConnect']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

export function classifyFlashResponse<R = unknown>(exchange: FlashExchange): FlashOutcome<R> {
  return exchange.type === 'response'
    ? (classifyHttp(exchange) as FlashOutcome<R>)
    : (classifyFailure(exchange.operation, exchange.reference, exchange.failure) as FlashOutcome<R>);
}

/**
 * "Not sent" must be certain: the caller may then retry at any time, even with a new reference.
 * Only failures that can only happen before the connection exists qualify (refused, DNS, unreachable,
 * a connect-phase timeout), and never once got saw the request uploaded. A fresh connection whose
 * upload had not finished is NOT treated as not-sent: the bytes may already be in the kernel.
 */
function classifyFailure(
  operation: FlashOperationName,
  reference: string | undefined,
  failure: TransportFailure,
): FlashOutcome<unknown> {
  const { code } = failure;
  if (!failure.uploaded) {
    if (code === 'ECONNREFUSED') return notSent(operation, reference, 'connection-refused', failure);
    if (code !== undefined && DNS_CODES.has(code))
      return notSent(operation, reference, 'dns-failure', failure);
    if (!failure.connected) {
      if (code !== undefined && UNREACHABLE_CODES.has(code)) {
        return notSent(operation, reference, 'unreachable', failure);
      }
      if (code === 'ETIMEDOUT') return notSent(operation, reference, 'connect-timeout', failure);
    }
    if (
      code === 'ETIMEDOUT' &&
      failure.timeoutEvent !== undefined &&
      CONNECT_PHASES.has(failure.timeoutEvent)
    ) {
      return notSent(operation, reference, 'connect-timeout', failure);
    }
  }
  const detail = `${code ?? 'error'}: ${failure.message}`;
  if (code === 'ETIMEDOUT') return unknown(operation, reference, 'timeout', detail);
  if (code === 'ERR_ABORTED') return unknown(operation, reference, 'aborted', detail);
  if (code !== undefined && RESET_CODES.has(code)) return unknown(operation, reference, 'reset', detail);
  return unknown(operation, reference, 'transport-error', detail);
}

function notSent(
  operation: FlashOperationName,
  reference: string | undefined,
  reason: 'connection-refused' | 'dns-failure' | 'unreachable' | 'connect-timeout',
  failure: TransportFailure,
): FlashOutcome<unknown> {
  return { kind: 'not-sent', operation, reference, reason, detail: `${failure.code}: ${failure.message}` };
}

function unknown(
  operation: FlashOperationName,
  reference: string | undefined,
  reason: UnknownReason,
  detail: string,
  httpStatus?: number,
  response?: FlashErrorBody,
): FlashUnknown {
  return {
    kind: 'unknown',
    operation,
    reference,
    reason,
    detail,
    httpStatus,
    code: response?.responseCode,
    response,
  };
}

/** JSON.parse without letting its message (which quotes the body, PINs included) escape. */
function parseBody(body: string): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** A body's `responseCode` as an integer (numeric strings accepted), or `undefined`. */
function responseCodeOf(parsed: unknown): number | undefined {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const raw = (parsed as { responseCode?: unknown }).responseCode;
  if (typeof raw === 'number') return Number.isInteger(raw) ? raw : undefined;
  if (typeof raw === 'string' && /^-?\d+$/.test(raw)) return Number(raw);
  return undefined;
}

function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  return undefined;
}

function classifyHttp(exchange: Extract<FlashExchange, { type: 'response' }>): FlashOutcome<unknown> {
  const { operation, reference, httpStatus } = exchange;
  const parsed = parseBody(exchange.body);
  const code = responseCodeOf(parsed);

  if (httpStatus === 429) {
    return {
      kind: 'throttled',
      operation,
      reference,
      httpStatus,
      code,
      retryAfterMs: parseRetryAfter(exchange.retryAfter),
      detail: 'HTTP 429',
    };
  }
  if (httpStatus === 401) {
    return unknown(operation, reference, 'auth', 'HTTP 401', httpStatus, errorBody(parsed, code));
  }
  if (httpStatus >= 500) {
    return unknown(
      operation,
      reference,
      'http-5xx',
      `HTTP ${httpStatus}`,
      httpStatus,
      errorBody(parsed, code),
    );
  }
  if (httpStatus === 200) {
    if (code === 0 || (code === undefined && FLASH_OPERATIONS[operation].read && isJsonValue(parsed))) {
      return {
        kind: 'succeeded',
        operation,
        reference,
        httpStatus,
        response: parsed,
        transactionId: transactionIdOf(parsed),
      };
    }
    if (code === undefined) {
      return unknown(
        operation,
        reference,
        'unparseable',
        `HTTP 200 without a JSON responseCode (${exchange.body.length} bytes)`,
        httpStatus,
      );
    }
    return byCode(operation, reference, httpStatus, code, parsed as FlashErrorBody);
  }
  if (httpStatus >= 400 && httpStatus < 500 && code !== undefined && code !== 0) {
    return byCode(operation, reference, httpStatus, code, parsed as FlashErrorBody);
  }
  return unknown(
    operation,
    reference,
    code === undefined && httpStatus >= 400 ? 'unparseable' : 'unexpected-status',
    `HTTP ${httpStatus}${code === undefined ? '' : ` with responseCode ${code}`}`,
    httpStatus,
    errorBody(parsed, code),
  );
}

function isJsonValue(parsed: unknown): boolean {
  return parsed !== null && typeof parsed === 'object';
}

function errorBody(parsed: unknown, code: number | undefined): FlashErrorBody | undefined {
  return code === undefined ? undefined : (parsed as FlashErrorBody);
}

function transactionIdOf(parsed: unknown): string | undefined {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const raw = (parsed as { transactionId?: unknown }).transactionId;
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'bigint') return String(raw);
  return undefined;
}

function byCode(
  operation: FlashOperationName,
  reference: string | undefined,
  httpStatus: number,
  code: number,
  response: FlashErrorBody,
): FlashOutcome<unknown> {
  const message = typeof response.responseMessage === 'string' ? response.responseMessage : '';
  const codeClass = classOfCode(code);
  switch (codeClass) {
    case 'declined':
      return { kind: 'declined', operation, reference, httpStatus, code, message, response };
    case 'mismatch':
      return { kind: 'mismatch', operation, reference, httpStatus, code, message, response };
    case 'throttled':
      return {
        kind: 'throttled',
        operation,
        reference,
        httpStatus,
        code,
        retryAfterMs: undefined,
        detail: `${code} ${message}`,
      };
    case 'resubmit':
      return unknown(operation, reference, 'resubmit-code', `${code} ${message}`, httpStatus, response);
    case 'unavailable':
      return unknown(operation, reference, 'unavailable-code', `${code} ${message}`, httpStatus, response);
    case 'auth':
      return unknown(operation, reference, 'auth', `${code} ${message}`, httpStatus, response);
    case 'ambiguous':
      return unknown(operation, reference, 'ambiguous-code', `${code} ${message}`, httpStatus, response);
    default:
      return assertNever(codeClass, 'Flash code class');
  }
}
