import { SANDBOX_ACCOUNTS } from '@vendstream/flash-sandbox';
import { describe, expect, it } from 'vitest';
import { ref, useSandbox } from './harness.ts';

const WINDOW_MS = 30 * 60_000;
const h = useSandbox({ idempotencyWindowMs: WINDOW_MS, tokenTtlSeconds: 24 * 3600 });
const account = SANDBOX_ACCOUNTS.main.accountNumber;

function ledgerFor(reference: string) {
  return h.sandbox.ledger().filter((entry) => entry.reference === reference);
}

describe('contract: idempotency by reference', () => {
  it('replays the same reference with the same transaction id and one ledger entry', async () => {
    const request = { reference: ref('replay'), accountNumber: account, amount: 1_000 };
    const first = await h.client.oneVoucher.purchase(request);
    const second = await h.client.oneVoucher.purchase(request);
    expect(first.kind).toBe('succeeded');
    expect(second.kind).toBe('succeeded');
    if (first.kind !== 'succeeded' || second.kind !== 'succeeded') return;
    expect(second.transactionId).toBe(first.transactionId);
    expect(second.response.voucher?.pin).toBe(first.response.voucher?.pin);
    expect(ledgerFor(request.reference)).toHaveLength(1);
  });

  it('reports mismatch (2256) for the same reference with a different body, without a second effect', async () => {
    const reference = ref('mismatch');
    expect(
      (await h.client.oneVoucher.purchase({ reference, accountNumber: account, amount: 1_000 })).kind,
    ).toBe('succeeded');
    const outcome = await h.client.oneVoucher.purchase({ reference, accountNumber: account, amount: 2_000 });
    expect(outcome).toMatchObject({ kind: 'mismatch', code: 2256 });
    expect(ledgerFor(reference)).toHaveLength(1);
  });

  it('answers 2201 (ambiguous, unknown) for a reference reused after the window', async () => {
    const request = { reference: ref('late'), accountNumber: account, amount: 1_000 };
    expect((await h.client.oneVoucher.purchase(request)).kind).toBe('succeeded');
    h.clock.advance(WINDOW_MS + 1_000);
    const outcome = await h.client.oneVoucher.purchase(request);
    expect(outcome).toMatchObject({ kind: 'unknown', reason: 'ambiguous-code', code: 2201 });
    expect(ledgerFor(request.reference)).toHaveLength(1);
  });

  it('recovers a lost response: unknown, then the same reference returns the original, one effect', async () => {
    const request = { reference: ref('lost'), accountNumber: account, amount: 1_000 };
    h.sandbox.addFault({
      match: { referencePattern: `^${request.reference}$` },
      action: { kind: 'commit-then-drop' },
      times: 1,
    });
    const lost = await h.client.oneVoucher.purchase(request);
    expect(lost.kind).toBe('unknown');
    const committed = ledgerFor(request.reference);
    expect(committed).toHaveLength(1);
    const outcome = await h.client.oneVoucher.purchase(request);
    expect(outcome.kind).toBe('succeeded');
    if (outcome.kind === 'succeeded') expect(outcome.transactionId).toBe(committed[0]?.transactionId);
    expect(ledgerFor(request.reference)).toHaveLength(1);
  });

  it('sends nothing for an invalid request and names the field', async () => {
    const client = h.newClient();
    const before = h.sandbox.ledger().length;
    const outcome = await client.oneVoucher.redeem({
      reference: 'bad reference!',
      accountNumber: account,
      pin: '1234',
      amount: 10,
    });
    expect(outcome).toMatchObject({ kind: 'invalid' });
    if (outcome.kind === 'invalid') expect(outcome.issues.map((i) => i.field)).toEqual(['reference', 'pin']);
    expect(h.sandbox.ledger()).toHaveLength(before);
    expect(client.stats().tokenRequests).toBe(0);
  });
});
