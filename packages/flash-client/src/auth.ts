import { FlashTokenError } from './errors.ts';

/**
 * OAuth2 client-credentials token cache.
 *
 * - Fetched on demand, cached until `skew` before `expires_in` runs out. The skew is capped at half
 *   the lifetime so a short-lived token (a sandbox with a 2 s TTL) is still reused.
 * - Single flight: however many calls find the cache empty or stale at once, one `/token` request is
 *   made and they all wait on it.
 * - `invalidate(header)` only drops the token if it is still the one that was rejected, so a burst of
 *   401s for the same old token causes one refresh, not one per call.
 */

export interface FetchedToken {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
}

export interface TokenCacheOptions {
  readonly fetchToken: () => Promise<FetchedToken>;
  readonly now: () => number;
  /** Refresh this long before expiry (capped at half the token's lifetime). */
  readonly skewMs: number;
}

export interface TokenCache {
  /** The cached `Bearer ...` header value if still fresh; no promise on the hot path. */
  peek(): string | undefined;
  /** A fresh header value, fetching (single flight) if needed. Rejects with `FlashTokenError`. */
  get(): Promise<string>;
  /** Forget `header` if it is still the current one (it was rejected by Flash). */
  invalidate(header: string): void;
  /** How many `/token` requests were started (for tests and metrics). */
  readonly requests: number;
}

export function createTokenCache(options: TokenCacheOptions): TokenCache {
  const { fetchToken, now, skewMs } = options;
  let header: string | undefined;
  let refreshAt = 0;
  let inflight: Promise<string> | undefined;
  let requests = 0;

  const refresh = async (): Promise<string> => {
    requests++;
    // Measured from before the request: the server's clock started no earlier than this.
    const startedAt = now();
    try {
      const token = await fetchToken();
      const lifetimeMs = token.expiresInSeconds * 1000;
      header = `Bearer ${token.accessToken}`;
      refreshAt = startedAt + lifetimeMs - Math.min(skewMs, lifetimeMs / 2);
      return header;
    } finally {
      inflight = undefined;
    }
  };

  return {
    peek() {
      return header !== undefined && now() < refreshAt ? header : undefined;
    },
    get() {
      const fresh = this.peek();
      if (fresh !== undefined) return Promise.resolve(fresh);
      inflight ??= refresh();
      return inflight;
    },
    invalidate(rejected) {
      if (header === rejected) header = undefined;
    },
    get requests() {
      return requests;
    },
  };
}

/** Used when `/token` omits `expires_in`: shorter than Flash's documented 3600 s, a refresh is cheap. */
const DEFAULT_TOKEN_LIFETIME_SECONDS = 300;

/** Parses a `/token` answer; anything but a usable token is a `FlashTokenError`. */
export function parseTokenResponse(status: number, body: string): FetchedToken {
  if (status === 400 || status === 401 || status === 403) {
    throw new FlashTokenError('rejected', `token endpoint refused the credentials (HTTP ${status})`);
  }
  if (status !== 200) throw new FlashTokenError('unavailable', `token endpoint answered HTTP ${status}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new FlashTokenError(
      'unavailable',
      `token endpoint answered unparseable JSON (${body.length} bytes)`,
    );
  }
  const accessToken = (parsed as { access_token?: unknown } | null)?.access_token;
  const expiresIn = Number((parsed as { expires_in?: unknown }).expires_in);
  if (typeof accessToken !== 'string' || accessToken.length === 0) {
    throw new FlashTokenError('unavailable', 'token endpoint answered without access_token');
  }
  return {
    accessToken,
    expiresInSeconds:
      Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_TOKEN_LIFETIME_SECONDS,
  };
}
