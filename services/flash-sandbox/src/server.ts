import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { canonicalJson } from '@vendstream/contracts';
import { Code } from './codes.ts';
import { CONTROL_PREFIX, handleControl } from './control.ts';
import { createCore, type SandboxCore } from './core.ts';
import type { FaultPlan, FaultTarget } from './faults.ts';
import { readBody, sendJson, sendText, writeJson } from './http-io.ts';
import { Decline, errorBody, type OpContext, type OpResult, type Prepared } from './operations/common.ts';
import { type ResolvedRoute, resolveRoute } from './routes.ts';
import type { FlashSandbox, FlashSandboxOptions } from './types.ts';
import { asBody, ValidationError } from './validation.ts';

/**
 * The HTTP layer. Per request, in order:
 *   route -> body -> bearer token -> fault plan (hold, latency, then hang/refuse/5xx/code/throttle)
 *   -> validation -> idempotency (replay / 2256 / 2201) -> operation (one synchronous step, so a
 *   check and its effect can never interleave with another request) -> store response -> answer
 *   (or drop the socket for commit-then-drop).
 */

const UNPARSEABLE_BODY = '<html><body><h1>502 Bad Gateway</h1></body></html>';

const EMPTY_BODY: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

interface Pending {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly path: string;
  readonly resolved: ResolvedRoute;
  readonly parsed: unknown;
  readonly parseFailed: boolean;
  readonly reference: string | undefined;
}

export async function startFlashSandbox(options: FlashSandboxOptions = {}): Promise<FlashSandbox> {
  const core = createCore(options);
  const { logger } = core;
  const debug = logger.isLevelEnabled('debug');
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer({ keepAlive: true, keepAliveTimeout: 65_000 }, (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const query = q === -1 ? '' : url.slice(q + 1);
    if (debug)
      res.on('finish', () => logger.debug({ method: req.method, path, status: res.statusCode }, 'request'));
    readBody(req, (raw) => {
      if (raw === undefined) {
        sendJson(res, 413, errorBody(Code.VALIDATION_FAILED, undefined, null, path));
        return;
      }
      try {
        route(req, res, path, query, raw);
      } catch (error) {
        logger.error({ err: error, path }, 'sandbox bug: unhandled error');
        sendJson(res, 500, errorBody(Code.INTERNAL_ERROR, undefined, null, path));
      }
    });
  });

  function route(req: IncomingMessage, res: ServerResponse, path: string, query: string, raw: string): void {
    if (path.startsWith(CONTROL_PREFIX)) {
      handleControl(core, req, res, path, query, raw);
      return;
    }
    if (path === '/token') {
      handleToken(req, res, path, raw);
      return;
    }
    const resolved = resolveRoute(req.method ?? 'GET', path);
    if (resolved === undefined || resolved === 'method-not-allowed') {
      sendJson(
        res,
        resolved === undefined ? 404 : 405,
        errorBody(Code.UNABLE_TO_PROCESS, undefined, null, path),
      );
      return;
    }
    let parsed: unknown;
    let parseFailed = false;
    if (req.method === 'POST' && raw.length > 0) {
      try {
        parsed = JSON.parse(raw);
      } catch {
        parseFailed = true;
      }
    }
    const fields =
      parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : EMPTY_BODY;
    const reference = typeof fields.reference === 'string' ? fields.reference : undefined;
    const auth = core.tokens.check(req.headers.authorization);
    if (auth !== 'ok') {
      const code = auth === 'missing' ? Code.JWT_MISSING : Code.JWT_INVALID;
      sendJson(res, 401, errorBody(code, reference, null, path));
      return;
    }
    const accountNumber =
      typeof fields.accountNumber === 'string'
        ? fields.accountNumber
        : typeof fields.subAccountNumber === 'string'
          ? fields.subAccountNumber
          : resolved.params[0];
    const pending: Pending = { req, res, path, resolved, parsed, parseFailed, reference };
    const target: FaultTarget = {
      operation: resolved.def.name,
      path,
      route: resolved.route,
      accountNumber,
      reference,
    };
    const plan = core.faults.plan(target);
    if (plan === undefined) {
      processRequest(pending, false);
    } else {
      withFaults(plan, pending, () => processRequest(pending, plan.commitThenDrop));
    }
  }

  /**
   * Hold (until its rule is removed), then latency (the request is then processed even if the client
   * gave up meanwhile), then the rest.
   */
  function withFaults(
    plan: FaultPlan,
    p: { req: IncomingMessage; res: ServerResponse; path: string; reference: string | undefined },
    proceed: () => void,
  ): void {
    if (plan.holdRule !== undefined) {
      const holdRule = plan.holdRule;
      plan.holdRule = undefined;
      core.faults.hold(holdRule, () => {
        try {
          withFaults(plan, p, proceed);
        } catch (error) {
          logger.error({ err: error, path: p.path }, 'sandbox bug: unhandled error after hold');
          sendJson(p.res, 500, errorBody(Code.INTERNAL_ERROR, undefined, null, p.path));
        }
      });
      return;
    }
    const afterLatency = (): void => {
      const stop = plan.stop;
      if (stop === undefined) {
        proceed();
        return;
      }
      switch (stop.kind) {
        case 'hang':
          // Hold the socket and never answer; the client's timeout or close() ends it.
          return;
        case 'refuse':
          p.req.socket.destroy();
          return;
        case 'http-status': {
          const code =
            stop.status === 503
              ? Code.UNAVAILABLE
              : stop.status === 429
                ? Code.THROTTLED
                : Code.INTERNAL_ERROR;
          sendJson(p.res, stop.status, errorBody(code, p.reference, null, p.path));
          return;
        }
        case 'response-code':
          sendJson(p.res, stop.httpStatus, errorBody(stop.code, p.reference, null, p.path));
          return;
        case 'throttle':
          sendJson(p.res, 429, errorBody(Code.THROTTLED, p.reference, null, p.path));
          return;
        case 'unparseable-body':
          sendText(p.res, stop.httpStatus, UNPARSEABLE_BODY);
          return;
      }
    };
    if (plan.latencyMs <= 0) {
      afterLatency();
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      try {
        afterLatency();
      } catch (error) {
        logger.error({ err: error, path: p.path }, 'sandbox bug: unhandled error after latency');
        sendJson(p.res, 500, errorBody(Code.INTERNAL_ERROR, undefined, null, p.path));
      }
    }, plan.latencyMs);
    timers.add(timer);
  }

  function processRequest(p: Pending, drop: boolean): void {
    const { res, path, resolved } = p;
    let prepared: Prepared;
    try {
      if (p.parseFailed) throw new ValidationError('body', 'not valid JSON');
      const body = p.req.method === 'POST' ? asBody(p.parsed) : EMPTY_BODY;
      prepared = resolved.def.prepare(body, resolved.params);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      if (debug) logger.debug({ path, field: error.field, reason: error.message }, 'validation failed');
      sendJson(res, 400, errorBody(error.code, p.reference, null, path));
      return;
    }
    const ctx: OpContext = { state: core.state, now: core.now(), path };
    const reference = prepared.reference;
    if (reference === undefined) {
      answer(p, run(prepared, ctx, undefined), drop);
      return;
    }
    const key = `${resolved.def.name}\n${canonicalJson(p.parsed)}`;
    const check = core.idempotency.check(reference, key);
    switch (check.kind) {
      case 'replay':
        if (drop) res.socket?.destroy();
        else writeJson(res, check.response.status, check.response.body, true);
        return;
      case 'mismatch':
        sendJson(res, 400, errorBody(Code.REQUEST_MISMATCH, reference, null, path));
        return;
      case 'expired':
        sendJson(res, 400, errorBody(Code.DUPLICATE, reference, null, path));
        return;
      case 'new': {
        const result = run(prepared, ctx, reference);
        const body = JSON.stringify(result.payload);
        // Server errors are sandbox bugs, not outcomes: never replay them.
        if (result.status < 500) core.idempotency.store(reference, key, result.status, body);
        if (drop) res.socket?.destroy();
        else writeJson(res, result.status, body);
        return;
      }
    }
  }

  function run(prepared: Prepared, ctx: OpContext, reference: string | undefined): OpResult {
    try {
      return prepared.run(ctx);
    } catch (error) {
      if (!(error instanceof Decline)) {
        logger.error({ err: error, path: ctx.path }, 'sandbox bug: operation failed');
        return { status: 500, payload: errorBody(Code.INTERNAL_ERROR, reference, null, ctx.path) };
      }
      return {
        status: error.status,
        payload: errorBody(error.code, reference, core.state.ids.transactionId(), ctx.path),
      };
    }
  }

  function answer(p: Pending, result: OpResult, drop: boolean): void {
    if (drop) p.res.socket?.destroy();
    else sendJson(p.res, result.status, result.payload);
  }

  function handleToken(req: IncomingMessage, res: ServerResponse, path: string, raw: string): void {
    if (req.method !== 'POST') {
      sendJson(res, 405, { error: 'invalid_request', error_description: 'Use POST.' });
      return;
    }
    const plan = core.faults.plan({
      operation: 'token',
      path,
      route: path,
      accountNumber: undefined,
      reference: undefined,
    });
    const issue = (): void => {
      const form = new URLSearchParams(raw);
      if (!core.tokens.authenticate(req.headers.authorization, form)) {
        sendJson(res, 401, { error: 'invalid_client', error_description: 'Client Authentication failed.' });
        return;
      }
      if (form.get('grant_type') !== 'client_credentials') {
        sendJson(res, 400, {
          error: 'unsupported_grant_type',
          error_description: 'Unsupported grant_type value; use client_credentials.',
        });
        return;
      }
      const token = core.tokens.issue();
      if (plan?.commitThenDrop === true) res.socket?.destroy();
      else sendJson(res, 200, token);
    };
    if (plan === undefined) issue();
    else withFaults(plan, { req, res, path, reference: undefined }, issue);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  let closed: Promise<void> | undefined;

  return {
    url,
    port: address.port,
    addFault: (rule) => core.faults.add(rule),
    removeFault: (id) => {
      core.faults.remove(id);
    },
    clearFaults: () => core.faults.clear(),
    heldRequests: () => core.faults.heldCount(),
    ledger: () => core.state.ledger.list(),
    reset: () => core.reset(),
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        core.faults.dropHeld();
        server.close((error) => (error ? reject(error) : resolve()));
        // Releases idle keep-alive sockets and the ones a hang fault is holding.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

export type { SandboxCore };
