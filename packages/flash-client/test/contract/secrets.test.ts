import {
  DEFAULT_SANDBOX_CREDENTIALS,
  SANDBOX_ACCOUNTS,
  SANDBOX_METERS,
  SANDBOX_VOUCHERS,
} from '@vendstream/flash-sandbox';
import { describe, expect, it } from 'vitest';
import { capturedLogger, ref, useSandbox } from './harness.ts';

const h = useSandbox();
const account = SANDBOX_ACCOUNTS.main.accountNumber;

describe('contract: secrets never reach the log', () => {
  it('logs calls at trace level without PINs, electricity tokens, access tokens or credentials', async () => {
    const { lines, logger } = capturedLogger('trace');
    const client = h.newClient({ logger });

    const bought = await client.oneVoucher.purchase({
      reference: ref('sec-buy'),
      accountNumber: account,
      amount: 2_000,
    });
    const redeemed = await client.oneVoucher.redeem({
      reference: ref('sec-red'),
      accountNumber: account,
      pin: SANDBOX_VOUCHERS.active500.pin,
      amount: 0,
    });
    const lookup = await client.prepaidUtility.lookup({
      reference: ref('sec-l'),
      accountNumber: account,
      amount: 10_000,
      meterNumber: SANDBOX_METERS.electricity,
    });
    const power =
      lookup.kind === 'succeeded'
        ? await client.prepaidUtility.purchase({
            reference: ref('sec-p'),
            accountNumber: account,
            amount: 10_000,
            transactionID: lookup.transactionId ?? '',
          })
        : lookup;

    expect([bought.kind, redeemed.kind, lookup.kind, power.kind]).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    const secrets = [
      SANDBOX_VOUCHERS.active500.pin,
      DEFAULT_SANDBOX_CREDENTIALS.consumerSecret,
      Buffer.from(
        `${DEFAULT_SANDBOX_CREDENTIALS.consumerKey}:${DEFAULT_SANDBOX_CREDENTIALS.consumerSecret}`,
      ).toString('base64'),
    ];
    if (bought.kind === 'succeeded') secrets.push(bought.response.voucher?.pin ?? 'missing-pin');
    if (power.kind === 'succeeded') secrets.push(power.response.tokens?.[0]?.token ?? 'missing-token');

    // The calls were logged (with their bodies, at trace) ...
    const log = lines.join('');
    expect(lines.length).toBeGreaterThanOrEqual(8);
    expect(log).toContain('sec-buy');
    // ... and not one secret made it.
    for (const secret of secrets) expect(log).not.toContain(secret);
    expect(log).not.toMatch(/Bearer [A-Za-z0-9]/);
  });
});
