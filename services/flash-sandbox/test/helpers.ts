import { type ManualClock, manualClock } from '@vendstream/testing';
import { afterAll, beforeAll } from 'vitest';
import {
  DEFAULT_SANDBOX_CREDENTIALS,
  type FlashSandbox,
  type FlashSandboxOptions,
  startFlashSandbox,
} from '../src/index.ts';

let counter = 0;
/** A reference unique within the process: state persists across the tests of a file. */
export function ref(label = 't'): string {
  counter += 1;
  return `${label}-${process.pid}-${counter}`;
}

export interface Reply {
  status: number;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test convenience for reading response fields
  json: any;
}

export async function readReply(response: Response): Promise<Reply> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

export function basic(
  key = DEFAULT_SANDBOX_CREDENTIALS.consumerKey,
  secret = DEFAULT_SANDBOX_CREDENTIALS.consumerSecret,
): string {
  return `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
}

export async function requestToken(url: string, authorization = basic()): Promise<Reply> {
  return readReply(
    await fetch(`${url}/token`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    }),
  );
}

export interface Harness {
  readonly sandbox: FlashSandbox;
  readonly clock: ManualClock;
  readonly token: string;
  /** POST a JSON body to `/v4<path>` (or a full path starting with /aggregation or /__sandbox). */
  post(path: string, body: unknown, init?: { token?: string | null; signal?: AbortSignal }): Promise<Reply>;
  get(path: string, init?: { token?: string | null }): Promise<Reply>;
  /** A fresh token (e.g. after reset() or clock moves). */
  refreshToken(): Promise<string>;
  balance(accountNumber: string): Promise<number>;
}

function fullPath(path: string): string {
  return path.startsWith('/aggregation/') || path.startsWith('/v4/') || path.startsWith('/__sandbox')
    ? path
    : `/v4${path}`;
}

/** One sandbox per test file on an ephemeral port, with an injected clock, reached over real HTTP. */
export function useSandbox(options: Partial<FlashSandboxOptions> = {}): Harness {
  // A fixed start, so the times the sandbox writes into its answers do not depend on when tests run.
  const clock = manualClock(Date.UTC(2026, 0, 15, 8, 0, 0));
  let sandbox: FlashSandbox | undefined;
  let token = '';
  const headers = (t: string | null | undefined): Record<string, string> => {
    const h: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    const bearer = t === undefined ? token : t;
    if (bearer !== null) h.authorization = `Bearer ${bearer}`;
    return h;
  };
  const harness: Harness = {
    get sandbox() {
      if (sandbox === undefined) throw new Error('sandbox not started');
      return sandbox;
    },
    clock,
    get token() {
      return token;
    },
    async post(path, body, init = {}) {
      const requestInit: RequestInit = {
        method: 'POST',
        headers: headers(init.token),
        body: typeof body === 'string' ? body : JSON.stringify(body),
      };
      if (init.signal !== undefined) requestInit.signal = init.signal;
      return readReply(await fetch(`${harness.sandbox.url}${fullPath(path)}`, requestInit));
    },
    async get(path, init = {}) {
      return readReply(
        await fetch(`${harness.sandbox.url}${fullPath(path)}`, { headers: headers(init.token) }),
      );
    },
    async refreshToken() {
      const reply = await requestToken(harness.sandbox.url);
      token = reply.json.access_token;
      return token;
    },
    async balance(accountNumber) {
      const reply = await harness.get('/__sandbox/accounts');
      const account = (reply.json as Array<{ accountNumber: string; balance: number }>).find(
        (a) => a.accountNumber === accountNumber,
      );
      if (account === undefined) throw new Error(`no account ${accountNumber}`);
      return account.balance;
    },
  };
  beforeAll(async () => {
    sandbox = await startFlashSandbox({ port: 0, now: clock.now, ...options });
    await harness.refreshToken();
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  return harness;
}

/** Waits (on the event loop, no fixed sleep) until hold rules are holding `count` requests. */
export async function waitForHeld(sandbox: FlashSandbox, count: number, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (sandbox.heldRequests() < count) {
    if (Date.now() > deadline) {
      throw new Error(`expected ${count} held requests, the sandbox holds ${sandbox.heldRequests()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
