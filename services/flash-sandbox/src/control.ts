import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxCore } from './core.ts';
import { FaultRuleError } from './faults.ts';
import { sendEmpty, sendJson } from './http-io.ts';
import type { FaultRule } from './types.ts';

/** The control API under /__sandbox: no auth, same semantics as the programmatic API. */
export const CONTROL_PREFIX = '/__sandbox';

export function handleControl(
  core: SandboxCore,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: string,
  raw: string,
): void {
  const method = req.method ?? 'GET';
  const route = path.slice(CONTROL_PREFIX.length);
  if (route === '/health' && method === 'GET') {
    sendJson(res, 200, { status: 'ok' });
  } else if (route === '/faults' && method === 'GET') {
    sendJson(res, 200, core.faults.list());
  } else if (route === '/faults' && method === 'POST') {
    let rule: FaultRule;
    try {
      rule = JSON.parse(raw) as FaultRule;
    } catch {
      sendJson(res, 400, { error: 'body must be a JSON fault rule' });
      return;
    }
    try {
      sendJson(res, 200, { id: core.faults.add(rule) });
    } catch (error) {
      if (!(error instanceof FaultRuleError)) throw error;
      sendJson(res, 400, { error: error.message });
    }
  } else if (route === '/faults' && method === 'DELETE') {
    core.faults.clear();
    sendEmpty(res, 204);
  } else if (route.startsWith('/faults/') && method === 'DELETE') {
    const removed = core.faults.remove(decodeURIComponent(route.slice('/faults/'.length)));
    if (removed) sendEmpty(res, 204);
    else sendJson(res, 404, { error: 'no such fault rule' });
  } else if (route === '/ledger' && method === 'GET') {
    const filter = new URLSearchParams(query);
    const reference = filter.get('reference');
    const operation = filter.get('operation');
    const entries = core.state.ledger
      .list()
      .filter(
        (e) =>
          (reference === null || e.reference === reference) &&
          (operation === null || e.operation === operation),
      );
    sendJson(res, 200, entries);
  } else if (route === '/accounts' && method === 'GET') {
    sendJson(res, 200, core.state.accounts.list());
  } else if (route === '/reset' && method === 'POST') {
    core.reset();
    sendEmpty(res, 204);
  } else {
    sendJson(res, 404, { error: `no control endpoint ${method} ${path}` });
  }
}
