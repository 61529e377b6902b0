import { describe, expect, it } from 'vitest';
import { classifyFlashResponse, type FlashOperationName, type TransportFailure } from '../src/index.ts';

function http(httpStatus: number, body: unknown, operation: FlashOperationName = '1voucher.purchase') {
  return classifyFlashResponse({
    type: 'response',
    operation,
    reference: 'ref-1',
    httpStatus,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function failure(facts: Partial<TransportFailure>) {
  return classifyFlashResponse({
    type: 'transport-error',
    operation: '1voucher.purchase',
    reference: 'ref-1',
    failure: {
      code: undefined,
      message: 'x',
      timeoutEvent: undefined,
      connected: true,
      uploaded: true,
      ...facts,
    },
  });
}

describe('classifyFlashResponse: responses', () => {
  it('is success only for HTTP 200 with responseCode 0', () => {
    const outcome = http(200, { responseCode: 0, transactionId: 'T1', voucher: { pin: '1' } });
    expect(outcome).toMatchObject({ kind: 'succeeded', transactionId: 'T1', reference: 'ref-1' });
  });

  it('normalises an integer transactionId to a string and keeps the raw value in the response', () => {
    const outcome = http(200, { responseCode: 0, transactionId: 123456789, extra: { kept: true } });
    expect(outcome.kind).toBe('succeeded');
    if (outcome.kind !== 'succeeded') return;
    expect(outcome.transactionId).toBe('123456789');
    expect(outcome.response).toMatchObject({ transactionId: 123456789, extra: { kept: true } });
  });

  it('does not treat HTTP 200 with a non-zero code as success', () => {
    expect(http(200, { responseCode: 2003, responseMessage: 'Insufficient balance' })).toMatchObject({
      kind: 'declined',
      code: 2003,
      message: 'Insufficient balance',
      httpStatus: 200,
    });
  });

  it('does not treat a 2xx other than 200 as success', () => {
    expect(http(201, { responseCode: 0 })).toMatchObject({ kind: 'unknown', reason: 'unexpected-status' });
  });

  it('classifies 400, 404 and 422 with a body by their code', () => {
    expect(http(400, { responseCode: 2231 })).toMatchObject({
      kind: 'declined',
      code: 2231,
      httpStatus: 400,
    });
    expect(http(404, { responseCode: 2202 })).toMatchObject({
      kind: 'declined',
      code: 2202,
      httpStatus: 404,
    });
    expect(http(422, { responseCode: 2211 })).toMatchObject({ kind: 'unknown', reason: 'resubmit-code' });
  });

  it('treats a 4xx without a parseable code as unknown, not declined', () => {
    expect(http(404, '<html>not found</html>')).toMatchObject({ kind: 'unknown', reason: 'unparseable' });
  });

  it('treats a 200 with an unparseable or code-less body as unknown without quoting the body', () => {
    const truncated = http(200, '{"responseCode":0,"voucher":{"pin":"1234567890123456"');
    expect(truncated).toMatchObject({ kind: 'unknown', reason: 'unparseable' });
    expect(JSON.stringify(truncated)).not.toContain('1234567890123456');
    expect(http(200, '')).toMatchObject({ kind: 'unknown', reason: 'unparseable' });
    expect(http(200, { hello: 'world' })).toMatchObject({ kind: 'unknown', reason: 'unparseable' });
    expect(http(200, [1, 2])).toMatchObject({ kind: 'unknown', reason: 'unparseable' });
  });

  it('accepts a bare product list or product from the read endpoints', () => {
    expect(http(200, [{ productCode: 1 }], 'products.list')).toMatchObject({ kind: 'succeeded' });
    expect(http(200, { productCode: 1 }, 'products.lookup')).toMatchObject({ kind: 'succeeded' });
    expect(http(200, 'nope', 'products.list')).toMatchObject({ kind: 'unknown', reason: 'unparseable' });
    expect(http(404, { responseCode: 2101 }, 'products.lookup')).toMatchObject({
      kind: 'declined',
      code: 2101,
    });
  });

  it('treats every 5xx as unknown, whatever the body says', () => {
    expect(http(500, 'oops')).toMatchObject({ kind: 'unknown', reason: 'http-5xx', httpStatus: 500 });
    expect(http(503, { responseCode: 2003 })).toMatchObject({
      kind: 'unknown',
      reason: 'http-5xx',
      code: 2003,
    });
  });

  it('maps throttling codes and HTTP 429 to throttled, with Retry-After when given', () => {
    expect(http(200, { responseCode: 2373 })).toMatchObject({ kind: 'throttled', code: 2373 });
    expect(http(200, { responseCode: 2377 })).toMatchObject({ kind: 'throttled', code: 2377 });
    const limited = classifyFlashResponse({
      type: 'response',
      operation: '1voucher.purchase',
      reference: 'r',
      httpStatus: 429,
      body: '',
      retryAfter: '2',
    });
    expect(limited).toMatchObject({ kind: 'throttled', httpStatus: 429, retryAfterMs: 2000 });
  });

  it('maps 401 and auth codes to unknown(auth) so the client refreshes its token', () => {
    expect(http(401, '')).toMatchObject({ kind: 'unknown', reason: 'auth' });
    expect(http(200, { responseCode: 2233 })).toMatchObject({ kind: 'unknown', reason: 'auth' });
    expect(http(400, { responseCode: 3704 })).toMatchObject({ kind: 'unknown', reason: 'auth' });
  });

  it('maps resubmit, unavailable, ambiguous and undocumented codes to unknown with their reason', () => {
    expect(http(200, { responseCode: 2210 })).toMatchObject({
      kind: 'unknown',
      reason: 'resubmit-code',
      code: 2210,
    });
    expect(http(200, { responseCode: 2240 })).toMatchObject({ kind: 'unknown', reason: 'unavailable-code' });
    expect(http(200, { responseCode: 2222 })).toMatchObject({ kind: 'unknown', reason: 'ambiguous-code' });
    expect(http(200, { responseCode: 2201 })).toMatchObject({ kind: 'unknown', reason: 'ambiguous-code' });
    expect(http(200, { responseCode: 9876 })).toMatchObject({
      kind: 'unknown',
      reason: 'ambiguous-code',
      code: 9876,
    });
  });

  it('gives 2256 its own mismatch kind rather than declined', () => {
    expect(http(200, { responseCode: 2256, responseMessage: 'does not match' })).toMatchObject({
      kind: 'mismatch',
      code: 2256,
    });
  });

  it('accepts a numeric-string responseCode', () => {
    expect(http(200, { responseCode: '0' })).toMatchObject({ kind: 'succeeded' });
    expect(http(200, { responseCode: '2003' })).toMatchObject({ kind: 'declined', code: 2003 });
  });
});

describe('classifyFlashResponse: transport failures', () => {
  it('is not-sent for refused connections and DNS failures', () => {
    expect(failure({ code: 'ECONNREFUSED', connected: false, uploaded: false })).toMatchObject({
      kind: 'not-sent',
      reason: 'connection-refused',
    });
    expect(failure({ code: 'ENOTFOUND', connected: false, uploaded: false })).toMatchObject({
      kind: 'not-sent',
      reason: 'dns-failure',
    });
    expect(failure({ code: 'EAI_AGAIN', connected: false, uploaded: false })).toMatchObject({
      kind: 'not-sent',
      reason: 'dns-failure',
    });
  });

  it('is not-sent for a timeout before the connection existed', () => {
    expect(
      failure({ code: 'ETIMEDOUT', timeoutEvent: 'connect', connected: false, uploaded: false }),
    ).toMatchObject({
      kind: 'not-sent',
      reason: 'connect-timeout',
    });
    // The whole-request timer firing while still waiting for a pooled socket: nothing written.
    expect(
      failure({ code: 'ETIMEDOUT', timeoutEvent: 'request', connected: false, uploaded: false }),
    ).toMatchObject({
      kind: 'not-sent',
      reason: 'connect-timeout',
    });
  });

  it('is unknown for a timeout once connected, even before the upload finished', () => {
    expect(
      failure({ code: 'ETIMEDOUT', timeoutEvent: 'request', connected: true, uploaded: false }),
    ).toMatchObject({
      kind: 'unknown',
      reason: 'timeout',
    });
    expect(
      failure({ code: 'ETIMEDOUT', timeoutEvent: 'response', connected: true, uploaded: true }),
    ).toMatchObject({
      kind: 'unknown',
      reason: 'timeout',
    });
  });

  it('is unknown for resets, aborts and anything unrecognised after connecting', () => {
    expect(failure({ code: 'ECONNRESET' })).toMatchObject({ kind: 'unknown', reason: 'reset' });
    expect(failure({ code: 'ECONNRESET', uploaded: false })).toMatchObject({
      kind: 'unknown',
      reason: 'reset',
    });
    expect(failure({ code: 'ERR_ABORTED' })).toMatchObject({ kind: 'unknown', reason: 'aborted' });
    expect(failure({ code: 'EWHATEVER' })).toMatchObject({ kind: 'unknown', reason: 'transport-error' });
    expect(failure({ code: undefined, connected: false, uploaded: false })).toMatchObject({
      kind: 'unknown',
      reason: 'transport-error',
    });
  });

  it('never calls a failure after the upload not-sent, whatever its code', () => {
    expect(failure({ code: 'ECONNREFUSED', uploaded: true })).toMatchObject({ kind: 'unknown' });
    expect(failure({ code: 'ETIMEDOUT', timeoutEvent: 'connect', uploaded: true })).toMatchObject({
      kind: 'unknown',
    });
  });
});
