import { randomUUID } from 'node:crypto';

/**
 * OAuth 2.0 client credentials as Flash's API Manager does it: POST /token with
 * grant_type=client_credentials and HTTP Basic base64(key:secret); opaque bearer tokens with a TTL.
 */

export interface Credentials {
  consumerKey: string;
  consumerSecret: string;
}

export type TokenCheck = 'ok' | 'missing' | 'invalid';

export class TokenIssuer {
  readonly #credentials: Credentials;
  readonly #ttlSeconds: number;
  readonly #now: () => number;
  readonly #expiresAt = new Map<string, number>();

  constructor(credentials: Credentials, ttlSeconds: number, now: () => number) {
    this.#credentials = credentials;
    this.#ttlSeconds = ttlSeconds;
    this.#now = now;
  }

  /** Accepts Basic credentials, or client_id/client_secret in the form body as OAuth allows. */
  authenticate(authorization: string | undefined, form: URLSearchParams): boolean {
    let key = form.get('client_id');
    let secret = form.get('client_secret');
    if (authorization !== undefined && authorization.slice(0, 6).toLowerCase() === 'basic ') {
      const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) {
        key = decoded.slice(0, colon);
        secret = decoded.slice(colon + 1);
      }
    }
    return key === this.#credentials.consumerKey && secret === this.#credentials.consumerSecret;
  }

  issue(): { access_token: string; scope: string; token_type: 'Bearer'; expires_in: number } {
    const token = randomUUID();
    this.#expiresAt.set(token, this.#now() + this.#ttlSeconds * 1000);
    return {
      access_token: token,
      scope: 'am_application_scope default',
      token_type: 'Bearer',
      expires_in: this.#ttlSeconds,
    };
  }

  check(authorization: string | undefined): TokenCheck {
    if (authorization === undefined || authorization.length === 0) return 'missing';
    if (authorization.slice(0, 7).toLowerCase() !== 'bearer ') return 'invalid';
    const token = authorization.slice(7).trim();
    if (token.length === 0) return 'missing';
    const expiresAt = this.#expiresAt.get(token);
    if (expiresAt === undefined) return 'invalid';
    if (this.#now() >= expiresAt) {
      this.#expiresAt.delete(token);
      return 'invalid';
    }
    return 'ok';
  }

  reset(): void {
    this.#expiresAt.clear();
  }
}
