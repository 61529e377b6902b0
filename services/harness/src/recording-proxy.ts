import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  at: number;
  method: string;
  path: string;
  /** The `reference` of the JSON body, when there is one. */
  reference?: string;
  /** The upstream's HTTP status; absent while pending or when the connection was dropped. */
  status?: number;
}

/**
 * An HTTP proxy in front of a provider sandbox that records every request it forwards: an
 * independent witness of what the pipeline sent and when (e.g. "never sent again after the window").
 */
export class RecordingProxy {
  readonly requests: RecordedRequest[] = [];
  readonly #server: Server;
  #url = '';

  private constructor(target: string) {
    const upstream = new URL(target);
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        let reference: string | undefined;
        try {
          const parsed = JSON.parse(body.toString()) as { reference?: unknown };
          if (typeof parsed.reference === 'string') reference = parsed.reference;
        } catch {
          /* not JSON (e.g. the token form) */
        }
        const record: RecordedRequest = { at: Date.now(), method: req.method ?? '', path: req.url ?? '' };
        if (reference) record.reference = reference;
        this.requests.push(record);
        const forward = httpRequest(
          {
            host: upstream.hostname,
            port: upstream.port,
            method: req.method,
            path: req.url,
            headers: req.headers,
          },
          (upstreamRes) => {
            if (upstreamRes.statusCode !== undefined) record.status = upstreamRes.statusCode;
            res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
            upstreamRes.pipe(res);
          },
        );
        // The sandbox dropping or refusing a connection must look the same to the client.
        forward.on('error', () => res.destroy());
        res.on('close', () => forward.destroy());
        forward.end(body);
      });
    });
  }

  static async start(target: string): Promise<RecordingProxy> {
    const proxy = new RecordingProxy(target);
    await new Promise<void>((resolve) => proxy.#server.listen(0, '127.0.0.1', resolve));
    proxy.#url = `http://127.0.0.1:${(proxy.#server.address() as AddressInfo).port}`;
    return proxy;
  }

  get url(): string {
    return this.#url;
  }

  sentWithReference(reference: string): RecordedRequest[] {
    return this.requests.filter((r) => r.reference === reference);
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
