import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type { Logger } from '@vendstream/logging';
import { FlashConfigError } from './errors.ts';
import { FLASH_OPERATION_NAMES, type FlashOperationName, isFlashOperationName } from './operations.ts';

export interface FlashCredentials {
  readonly consumerKey: string;
  readonly consumerSecret: string;
}

export interface FlashTimeouts {
  /** Connecting (TCP, and TLS for https). A timeout here is "not sent". Default 2,000 ms. */
  readonly connectMs?: number;
  /**
   * Whole call, for operations without their own entry in `perOperationMs`. Default 15,000 ms; when
   * not given, the built-in per-operation defaults below apply as well.
   */
  readonly requestMs?: number;
  /** Per operation; defaults: 30,000 ms for prepaid-utility.*, 10,000 ms for products.*. */
  readonly perOperationMs?: Partial<Record<FlashOperationName, number>>;
  /** The `/token` call. Default 10,000 ms. */
  readonly tokenMs?: number;
}

export interface FlashClientOptions {
  /** Scheme and host, e.g. `https://api.flashswitch.flash-group.com` or a sandbox's `url`. */
  readonly baseUrl: string;
  /** `/v4` (the March 2023 draft, default) or `/aggregation/4.0` (July 2024 onwards). */
  readonly pathPrefix?: string;
  /** Replace the path (below the prefix) of some operations, e.g. later revisions' `/gift-voucher/purchase`. */
  readonly paths?: Partial<Record<FlashOperationName, string>>;
  readonly credentials: FlashCredentials;
  /** Where to get tokens. Default `<baseUrl>/token` (Flash serves `/token` on the API host). */
  readonly tokenUrl?: string;
  readonly timeouts?: FlashTimeouts;
  /** Refresh the token this long before it expires. Default 60,000 ms (capped at half its lifetime). */
  readonly tokenRefreshSkewMs?: number;
  /** Keep-alive agent to use; by default one is created with `maxSockets`. */
  readonly agent?: { readonly http?: HttpAgent; readonly https?: HttpsAgent };
  /** Sockets per host for the default agents. Default 256. */
  readonly maxSockets?: number;
  /** Defaults to a `@vendstream/logging` logger named `flash-client`. */
  readonly logger?: Logger;
  /** Clock for token expiry. Default `Date.now`. */
  readonly now?: () => number;
}

export interface ResolvedConfig {
  readonly baseUrl: string;
  readonly pathPrefix: string;
  readonly credentials: FlashCredentials;
  readonly tokenUrl: string;
  readonly connectMs: number;
  readonly tokenMs: number;
  readonly requestMs: Readonly<Record<FlashOperationName, number>>;
  readonly paths: Readonly<Record<FlashOperationName, string>>;
  readonly tokenRefreshSkewMs: number;
  readonly maxSockets: number;
  readonly now: () => number;
}

export const DEFAULT_TIMEOUTS = Object.freeze({
  connectMs: 2_000,
  requestMs: 15_000,
  tokenMs: 10_000,
  perOperationMs: Object.freeze({
    'prepaid-utility.lookup': 30_000,
    'prepaid-utility.purchase': 30_000,
    'products.list': 10_000,
    'products.lookup': 10_000,
  } satisfies Partial<Record<FlashOperationName, number>>),
});

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new FlashConfigError(`${name} must be a positive number, got ${value}`);
  return value;
}

/** Validates options once, at construction; a bad option never surfaces as a per-call failure. */
export function resolveConfig(
  options: FlashClientOptions,
  defaultPaths: Record<FlashOperationName, string>,
): ResolvedConfig {
  let url: URL;
  try {
    url = new URL(options.baseUrl);
  } catch {
    throw new FlashConfigError(`baseUrl is not a URL: ${options.baseUrl}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FlashConfigError(`baseUrl must be http or https, got ${url.protocol}`);
  }
  const prefix = options.pathPrefix ?? '/v4';
  if (prefix !== '' && (!prefix.startsWith('/') || prefix.endsWith('/'))) {
    throw new FlashConfigError(`pathPrefix must start with "/" and not end with one, got "${prefix}"`);
  }
  const { credentials } = options;
  if (!credentials?.consumerKey || !credentials.consumerSecret) {
    throw new FlashConfigError('credentials.consumerKey and credentials.consumerSecret are required');
  }
  const timeouts = options.timeouts ?? {};
  const requestMs = {} as Record<FlashOperationName, number>;
  const fallback = positive('timeouts.requestMs', timeouts.requestMs ?? DEFAULT_TIMEOUTS.requestMs);
  const defaultsPerOp: Partial<Record<FlashOperationName, number>> = DEFAULT_TIMEOUTS.perOperationMs;
  for (const name of FLASH_OPERATION_NAMES) {
    const own =
      timeouts.perOperationMs?.[name] ?? (timeouts.requestMs === undefined ? defaultsPerOp[name] : undefined);
    requestMs[name] = positive(`timeouts.perOperationMs.${name}`, own ?? fallback);
  }
  const paths = { ...defaultPaths };
  for (const [name, path] of Object.entries(options.paths ?? {})) {
    if (!isFlashOperationName(name)) throw new FlashConfigError(`paths: unknown operation "${name}"`);
    if (typeof path !== 'string' || !path.startsWith('/'))
      throw new FlashConfigError(`paths.${name} must start with "/"`);
    paths[name] = path;
  }
  const baseUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  const tokenUrl = options.tokenUrl ?? `${baseUrl}/token`;
  if (!URL.canParse(tokenUrl)) throw new FlashConfigError(`tokenUrl is not a URL: ${tokenUrl}`);
  return {
    baseUrl,
    tokenUrl,
    pathPrefix: prefix,
    credentials,
    connectMs: positive('timeouts.connectMs', timeouts.connectMs ?? DEFAULT_TIMEOUTS.connectMs),
    tokenMs: positive('timeouts.tokenMs', timeouts.tokenMs ?? DEFAULT_TIMEOUTS.tokenMs),
    requestMs,
    paths,
    tokenRefreshSkewMs: options.tokenRefreshSkewMs ?? 60_000,
    maxSockets: positive('maxSockets', options.maxSockets ?? 256),
    now: options.now ?? Date.now,
  };
}
