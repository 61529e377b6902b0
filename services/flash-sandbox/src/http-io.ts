import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_BODY_BYTES = 1_000_000;

/** Reads the whole body as UTF-8; undefined when it is larger than any real request could be. */
export function readBody(req: IncomingMessage, done: (raw: string | undefined) => void): void {
  let raw = '';
  let tooLarge = false;
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => {
    if (tooLarge) return;
    raw += chunk;
    if (raw.length > MAX_BODY_BYTES) tooLarge = true;
  });
  req.on('end', () => done(tooLarge ? undefined : raw));
}

/** Writes a JSON body. A no-op when the client has gone: the effect, if any, stays committed. */
export function writeJson(res: ServerResponse, status: number, body: string, replay = false): void {
  if (res.destroyed || res.writableEnded) return;
  const headers: Record<string, string | number> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  };
  if (replay) headers['x-flash-sandbox-replay'] = 'true';
  res.writeHead(status, headers);
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  writeJson(res, status, JSON.stringify(payload));
}

export function sendEmpty(res: ServerResponse, status: number): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status);
  res.end();
}

export function sendText(res: ServerResponse, status: number, body: string): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
