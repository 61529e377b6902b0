import { describe, expect, it } from 'vitest';
import { SANDBOX_ACCOUNTS } from '../src/index.ts';
import { basic, ref, requestToken, useSandbox } from './helpers.ts';

const account = SANDBOX_ACCOUNTS.main.accountNumber;

describe('authentication', () => {
  const h = useSandbox({ tokenTtlSeconds: 60 });

  it('issues a bearer token for the default credentials', async () => {
    const reply = await requestToken(h.sandbox.url);
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ token_type: 'Bearer', expires_in: 60, scope: expect.any(String) });
    expect(reply.json.access_token).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects wrong credentials with 401 and a JSON body', async () => {
    const reply = await requestToken(h.sandbox.url, basic('flash-sandbox-key', 'wrong'));
    expect(reply.status).toBe(401);
    expect(reply.json).toMatchObject({ error: 'invalid_client' });
  });

  it('rejects a grant type other than client_credentials', async () => {
    const reply = await fetch(`${h.sandbox.url}/token`, {
      method: 'POST',
      headers: { authorization: basic(), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password',
    });
    expect(reply.status).toBe(400);
    expect(await reply.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('answers 2232 when the bearer token is missing', async () => {
    const reply = await h.post(
      '/1voucher/purchase',
      { reference: ref(), accountNumber: account, amount: 1000 },
      { token: null },
    );
    expect(reply.status).toBe(401);
    expect(reply.json).toMatchObject({
      responseCode: 2232,
      responseMessage: 'JWT missing from the request header.',
    });
    expect(h.sandbox.ledger()).toEqual([]);
  });

  it('answers 2233 when the bearer token is unknown', async () => {
    const reply = await h.get(`/accounts/${account}/products`, { token: 'not-a-token' });
    expect(reply.status).toBe(401);
    expect(reply.json).toMatchObject({ responseCode: 2233, responseMessage: 'Failed to verify the JWT.' });
  });

  it('answers 2233 once the token has expired on the injected clock', async () => {
    const token = await h.refreshToken();
    const before = await h.get(`/accounts/${account}/products`, { token });
    expect(before.status).toBe(200);
    h.clock.advance(59_999);
    expect((await h.get(`/accounts/${account}/products`, { token })).status).toBe(200);
    h.clock.advance(1);
    const after = await h.get(`/accounts/${account}/products`, { token });
    expect(after.status).toBe(401);
    expect(after.json.responseCode).toBe(2233);
    await h.refreshToken();
  });

  it('checks the token on both path prefixes', async () => {
    const reply = await h.post(
      '/aggregation/4.0/1voucher/purchase',
      { reference: ref(), accountNumber: account, amount: 1000 },
      { token: null },
    );
    expect(reply.status).toBe(401);
    expect(reply.json.responseCode).toBe(2232);
  });
});

describe('authentication with custom credentials', () => {
  const h = useSandbox({ credentials: { consumerKey: 'k1', consumerSecret: 's1' } });

  it('accepts only the configured credentials', async () => {
    expect((await requestToken(h.sandbox.url, basic('k1', 's1'))).status).toBe(200);
    expect((await requestToken(h.sandbox.url)).status).toBe(401);
  });
});
