import { createLogger } from '@vendstream/logging';
import { describe, expect, it } from 'vitest';
import { createFlashClient, FlashConfigError } from '../src/index.ts';
import { closedPort } from './closed-port.ts';

const credentials = { consumerKey: 'key', consumerSecret: 'secret' };
const logger = createLogger({ name: 'flash-client-test', level: 'silent' });

describe('createFlashClient', () => {
  it('rejects bad options at construction, naming the option', () => {
    expect(() => createFlashClient({ baseUrl: 'not a url', credentials })).toThrow(FlashConfigError);
    expect(() => createFlashClient({ baseUrl: 'http://x', pathPrefix: 'v4', credentials })).toThrow(
      /pathPrefix/,
    );
    expect(() =>
      createFlashClient({ baseUrl: 'http://x', credentials: { consumerKey: 'k', consumerSecret: '' } }),
    ).toThrow(/consumerSecret/);
    expect(() =>
      createFlashClient({
        baseUrl: 'http://x',
        credentials,
        timeouts: { perOperationMs: { '1voucher.purchase': 0 } },
      }),
    ).toThrow(/1voucher.purchase/);
  });

  it('returns an invalid outcome naming the field and makes no request at all', async () => {
    const port = await closedPort();
    const client = createFlashClient({ baseUrl: `http://127.0.0.1:${port}`, credentials, logger });
    const outcome = await client.oneVoucher.redeem({
      reference: 'r-1',
      accountNumber: 'A',
      amount: 5,
      pin: '12',
    });
    expect(outcome).toMatchObject({ kind: 'invalid', reference: 'r-1', issues: [{ field: 'pin' }] });
    expect(client.stats().tokenRequests).toBe(0);
    client.close();
  });

  it('reports not-sent when no token can be had because nothing listens', async () => {
    const port = await closedPort();
    const client = createFlashClient({ baseUrl: `http://127.0.0.1:${port}`, credentials, logger });
    const outcome = await client.send('1voucher.purchase', {
      reference: 'r-2',
      accountNumber: 'A',
      amount: 5,
    });
    expect(outcome).toMatchObject({ kind: 'not-sent', reason: 'token-unavailable' });
    if (outcome.kind === 'not-sent') expect(outcome.detail).toContain('ECONNREFUSED');
    client.close();
  });
});
