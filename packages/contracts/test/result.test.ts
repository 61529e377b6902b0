import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildResultEvent, createSecretSealer, parseResultEvent, RESULT_EVENT_TYPE } from '../src/index.ts';

const now = () => Date.parse('2025-01-01T10:00:05Z');

describe('buildResultEvent', () => {
  it('builds a valid succeeded result whose event id is derived from the intent id', () => {
    const event = buildResultEvent(
      {
        intentId: 'i-1',
        intentType: '1voucher.purchase',
        status: 'succeeded',
        references: ['i-1'],
        attempts: 1,
        batchid: 'b1',
      },
      { source: 'urn:vendstream:worker', now },
    );
    expect(event).toMatchObject({
      specversion: '1.0',
      id: 'i-1/result',
      type: RESULT_EVENT_TYPE,
      subject: 'i-1',
      batchid: 'b1',
      data: {
        intentId: 'i-1',
        status: 'succeeded',
        provider: 'flash',
        completedAt: '2025-01-01T10:00:05.000Z',
      },
    });
    expect(parseResultEvent(JSON.stringify(event))).toEqual({ ok: true, event });
  });

  it('seals PINs in the provider response with the given sealer', () => {
    const sealer = createSecretSealer({ keys: { k1: randomBytes(32) }, currentKeyId: 'k1' });
    const event = buildResultEvent(
      { intentId: 'i-2', status: 'succeeded', providerResponse: { voucher: { pin: '1111222233334444' } } },
      { source: 's', sealer },
    );
    expect(JSON.stringify(event)).not.toContain('1111222233334444');
    expect(sealer.open(event.data.providerResponse)).toEqual({ voucher: { pin: '1111222233334444' } });
  });

  it('refuses to build a result that would carry a PIN in clear', () => {
    expect(() =>
      buildResultEvent(
        { intentId: 'i-3', status: 'succeeded', providerResponse: { voucher: { pin: '1111222233334444' } } },
        { source: 's' },
      ),
    ).toThrow(expect.objectContaining({ code: 'UNSEALED_SECRET' }));
  });

  it('requires an error for every status but succeeded', () => {
    expect(() => buildResultEvent({ intentId: 'i-4', status: 'failed' }, { source: 's' })).toThrow(
      expect.objectContaining({ code: 'INVALID_RESULT' }),
    );
    const rejected = buildResultEvent(
      {
        intentId: 'i-4',
        status: 'rejected',
        error: {
          code: 'INVALID_INTENT',
          message: 'bad',
          source: 'validation',
          issues: [{ field: 'data.amount', message: 'x' }],
        },
      },
      { source: 's' },
    );
    expect(rejected.data.error?.issues).toHaveLength(1);
  });
});
