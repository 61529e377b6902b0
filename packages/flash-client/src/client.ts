import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { createLogger, type Logger } from '@vendstream/logging';
import got, { type Got } from 'got';
import { createTokenCache, parseTokenResponse, type TokenCache } from './auth.ts';
import { classifyFlashResponse } from './classify.ts';
import { type FlashClientOptions, type ResolvedConfig, resolveConfig } from './config.ts';
import { FlashTokenError, FlashValidationError } from './errors.ts';
import {
  AGGREGATION_PREFIX,
  FLASH_OPERATION_NAMES,
  FLASH_OPERATIONS,
  type FlashOperationName,
  type FlashRequests,
  type FlashResponses,
  LATER_REVISION_PATHS,
} from './operations.ts';
import type { FlashOutcome } from './outcome.ts';
import { transportFailureOf } from './transport.ts';
import { findRequestIssues } from './validation.ts';

export interface FlashCallOptions {
  /** Overrides the operation's configured request timeout for this call. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

type Method<O extends FlashOperationName> = (
  request: FlashRequests[O],
  options?: FlashCallOptions,
) => Promise<FlashOutcome<FlashResponses[O]>>;

export interface FlashClient {
  /** Dispatch by operation name (the worker's entry point). Resolves to an outcome; never rejects. */
  send<O extends FlashOperationName>(
    operation: O,
    request: FlashRequests[O],
    options?: FlashCallOptions,
  ): Promise<FlashOutcome<FlashResponses[O]>>;
  readonly products: { list: Method<'products.list'>; lookup: Method<'products.lookup'> };
  readonly oneVoucher: {
    purchase: Method<'1voucher.purchase'>;
    disburse: Method<'1voucher.disburse'>;
    redeem: Method<'1voucher.redeem'>;
    refund: Method<'1voucher.refund'>;
    reverse: Method<'1voucher.reverse'>;
  };
  readonly giftVoucher: { purchase: Method<'gift-voucher.purchase'> };
  readonly cashOutPin: {
    purchase: Method<'cash-out-pin.purchase'>;
    cancel: Method<'cash-out-pin.cancel'>;
    reverse: Method<'cash-out-pin.reverse'>;
  };
  readonly cellular: { pinlessPurchase: Method<'cellular.pinless.purchase'> };
  readonly eeziVoucher: {
    purchase: Method<'eezi-voucher.purchase'>;
    reverse: Method<'eezi-voucher.reverse'>;
  };
  readonly prepaidUtility: {
    lookup: Method<'prepaid-utility.lookup'>;
    purchase: Method<'prepaid-utility.purchase'>;
  };
  /** Counters for tests and metrics. */
  stats(): { readonly tokenRequests: number };
  /** Destroys the keep-alive agents the client created (not ones passed in). */
  close(): void;
}

interface PreparedOperation {
  readonly name: FlashOperationName;
  readonly read: boolean;
  /** Full URL; for GETs a template with `{accountNumber}` and `{productCode}`. */
  readonly url: string;
  readonly timeout: { readonly lookup: number; readonly connect: number; readonly request: number };
}

/**
 * Creates a Flash Partner API v4 client. Throws `FlashConfigError` for bad options; after that no
 * method throws: every call resolves to a `FlashOutcome`.
 */
export function createFlashClient(options: FlashClientOptions): FlashClient {
  const defaultPaths = {} as Record<FlashOperationName, string>;
  for (const name of FLASH_OPERATION_NAMES) defaultPaths[name] = FLASH_OPERATIONS[name].path;
  // The July 2024 revisions moved every path under /aggregation/4.0 and renamed one of them.
  if (options.pathPrefix === AGGREGATION_PREFIX) Object.assign(defaultPaths, LATER_REVISION_PATHS);
  const config: ResolvedConfig = resolveConfig(options, defaultPaths);
  const log: Logger = (options.logger ?? createLogger({ name: 'flash-client' })).child({
    component: 'flash-client',
  });

  const ownAgents = options.agent === undefined;
  const agents = {
    http: options.agent?.http ?? new HttpAgent({ keepAlive: true, maxSockets: config.maxSockets }),
    https: options.agent?.https ?? new HttpsAgent({ keepAlive: true, maxSockets: config.maxSockets }),
  };
  // One got instance for the client's lifetime. got's own retries are off: a blind retry of a POST
  // that may have been processed is exactly what this package exists to prevent. Retrying is the
  // caller's policy (@vendstream/provider's resend policy, applied by the executor).
  const http: Got = got.extend({
    agent: agents,
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: false,
    http2: false,
    responseType: 'text',
    headers: { accept: 'application/json', 'user-agent': 'vendstream-flash-client' },
  });

  const prepared = {} as Record<FlashOperationName, PreparedOperation>;
  for (const name of FLASH_OPERATION_NAMES) {
    const spec = FLASH_OPERATIONS[name];
    const path = config.paths[name];
    prepared[name] = {
      name,
      read: spec.read,
      url: `${config.baseUrl}${config.pathPrefix}${path}`,
      timeout: { lookup: config.connectMs, connect: config.connectMs, request: config.requestMs[name] },
    };
  }

  const basicAuth = `Basic ${Buffer.from(`${config.credentials.consumerKey}:${config.credentials.consumerSecret}`).toString('base64')}`;
  const tokenTimeout = { lookup: config.connectMs, connect: config.connectMs, request: config.tokenMs };
  const tokens: TokenCache = createTokenCache({
    now: config.now,
    skewMs: config.tokenRefreshSkewMs,
    fetchToken: async () => {
      let response: { statusCode: number; body: string };
      try {
        response = await http.post(config.tokenUrl, {
          form: { grant_type: 'client_credentials' },
          headers: { authorization: basicAuth },
          timeout: tokenTimeout,
        });
      } catch (error) {
        const failure = transportFailureOf(error);
        throw new FlashTokenError(
          'unavailable',
          `token request failed: ${failure.code ?? ''} ${failure.message}`,
          error,
        );
      }
      return parseTokenResponse(response.statusCode, response.body);
    },
  });

  async function exchange<O extends FlashOperationName>(
    op: PreparedOperation,
    body: FlashRequests[O],
    reference: string | undefined,
    authorization: string,
    callOptions: FlashCallOptions | undefined,
  ): Promise<FlashOutcome<FlashResponses[O]>> {
    const timeout =
      callOptions?.timeoutMs === undefined ? op.timeout : { ...op.timeout, request: callOptions.timeoutMs };
    try {
      const response = op.read
        ? await http.get(readUrl(op.url, body as unknown as Partial<FlashRequests['products.lookup']>), {
            headers: { authorization },
            timeout,
            signal: callOptions?.signal,
          })
        : await http.post(op.url, {
            json: body,
            headers: { authorization },
            timeout,
            signal: callOptions?.signal,
          });
      return classifyFlashResponse({
        type: 'response',
        operation: op.name,
        reference,
        httpStatus: response.statusCode,
        body: response.body,
        retryAfter: response.headers['retry-after'],
      });
    } catch (error) {
      return classifyFlashResponse({
        type: 'transport-error',
        operation: op.name,
        reference,
        failure: transportFailureOf(error),
      });
    }
  }

  async function send<O extends FlashOperationName>(
    operation: O,
    body: FlashRequests[O],
    callOptions?: FlashCallOptions,
  ): Promise<FlashOutcome<FlashResponses[O]>> {
    const startedAt = performance.now();
    const reference = referenceOf(body);
    const issues = findRequestIssues(operation, body);
    if (issues) {
      const outcome: FlashOutcome<FlashResponses[O]> = {
        kind: 'invalid',
        operation,
        reference,
        issues,
        error: new FlashValidationError(issues),
      };
      report(outcome, body, startedAt);
      return outcome;
    }
    const op = prepared[operation];
    let authorization = tokens.peek();
    if (authorization === undefined) {
      try {
        authorization = await tokens.get();
      } catch (error) {
        const outcome = tokenNotSent<FlashResponses[O]>(operation, reference, error);
        report(outcome, body, startedAt);
        return outcome;
      }
    }
    let outcome = await exchange(op, body, reference, authorization, callOptions);
    if (outcome.kind === 'unknown' && outcome.reason === 'auth') {
      // Flash rejects a request at the gateway before processing it; a new token and one retry with
      // the same body and reference is safe. A second auth failure is returned as is.
      tokens.invalidate(authorization);
      try {
        const fresh = await tokens.get();
        outcome = await exchange(op, body, reference, fresh, callOptions);
      } catch (error) {
        log.warn(
          { operation, reference, err: describeError(error) },
          'token refresh after auth failure failed',
        );
      }
    }
    report(outcome, body, startedAt);
    return outcome;
  }

  function report(outcome: FlashOutcome<unknown>, body: unknown, startedAt: number): void {
    // Bodies only at trace, and only through the shared logger, which redacts PINs, tokens and
    // credentials at any depth. Messages never interpolate bodies.
    if (log.isLevelEnabled('trace')) log.trace({ request: body, outcome }, 'flash call');
    const kind = outcome.kind;
    const level = kind === 'mismatch' ? 'error' : kind === 'unknown' || kind === 'invalid' ? 'warn' : 'debug';
    if (!log.isLevelEnabled(level)) return;
    log[level](
      {
        operation: outcome.operation,
        reference: outcome.reference,
        kind,
        reason: 'reason' in outcome ? outcome.reason : undefined,
        code: 'code' in outcome ? outcome.code : undefined,
        httpStatus: 'httpStatus' in outcome ? outcome.httpStatus : undefined,
        detail: 'detail' in outcome ? outcome.detail : undefined,
        issues: kind === 'invalid' ? outcome.issues : undefined,
        ms: Math.round(performance.now() - startedAt),
      },
      kind === 'mismatch' ? 'flash reports reference reuse with a different body (2256)' : 'flash call',
    );
  }

  const method =
    <O extends FlashOperationName>(operation: O): Method<O> =>
    (request, callOptions) =>
      send(operation, request, callOptions);

  log.debug({ baseUrl: config.baseUrl, pathPrefix: config.pathPrefix }, 'flash client created');

  return {
    send,
    products: { list: method('products.list'), lookup: method('products.lookup') },
    oneVoucher: {
      purchase: method('1voucher.purchase'),
      disburse: method('1voucher.disburse'),
      redeem: method('1voucher.redeem'),
      refund: method('1voucher.refund'),
      reverse: method('1voucher.reverse'),
    },
    giftVoucher: { purchase: method('gift-voucher.purchase') },
    cashOutPin: {
      purchase: method('cash-out-pin.purchase'),
      cancel: method('cash-out-pin.cancel'),
      reverse: method('cash-out-pin.reverse'),
    },
    cellular: { pinlessPurchase: method('cellular.pinless.purchase') },
    eeziVoucher: { purchase: method('eezi-voucher.purchase'), reverse: method('eezi-voucher.reverse') },
    prepaidUtility: {
      lookup: method('prepaid-utility.lookup'),
      purchase: method('prepaid-utility.purchase'),
    },
    stats: () => ({ tokenRequests: tokens.requests }),
    close() {
      if (!ownAgents) return;
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

function readUrl(template: string, request: { accountNumber?: string; productCode?: number }): string {
  return template
    .replace('{accountNumber}', encodeURIComponent(String(request.accountNumber)))
    .replace('{productCode}', encodeURIComponent(String(request.productCode)));
}

function referenceOf(body: unknown): string | undefined {
  const reference = (body as { reference?: unknown } | null)?.reference;
  return typeof reference === 'string' ? reference : undefined;
}

function describeError(error: unknown): { code?: string; message: string } {
  if (error instanceof FlashTokenError) return { code: error.code, message: error.message };
  return { message: error instanceof Error ? error.message : String(error) };
}

function tokenNotSent<R>(
  operation: FlashOperationName,
  reference: string | undefined,
  error: unknown,
): FlashOutcome<R> {
  const rejected = error instanceof FlashTokenError && error.reason === 'rejected';
  return {
    kind: 'not-sent',
    operation,
    reference,
    reason: rejected ? 'token-rejected' : 'token-unavailable',
    detail: describeError(error).message,
  };
}
