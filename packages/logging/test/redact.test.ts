import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactSecrets } from '../src/index.ts';

describe('redactSecrets', () => {
  it('replaces PINs, tokens and credentials at any depth and keeps other fields', () => {
    const input = {
      reference: 'abc-1',
      voucher: { pin: '1234567890123456', amount: 1000 },
      tokens: [{ stsToken: '12345678901234567890' }],
      nested: { deeper: { consumer_secret: 's3cret', Authorization: 'Bearer x' } },
    };
    expect(redactSecrets(input)).toEqual({
      reference: 'abc-1',
      voucher: { pin: '[redacted]', amount: 1000 },
      tokens: '[redacted]',
      nested: { deeper: { consumer_secret: '[redacted]', Authorization: '[redacted]' } },
    });
  });
});

describe('redactSecrets on errors and unusual keys', () => {
  it('matches secret-looking key names by their ending, not only by exact name', () => {
    const out = redactSecrets({
      FLASH_CONSUMER_SECRET: 'a',
      VEND_SEALING_KEYS: 'k1:abc',
      sealedPin: '1234',
      electricityToken: '5555',
      pinless: true,
      tokenType: 'bearer',
    });
    expect(out).toEqual({
      FLASH_CONSUMER_SECRET: '[redacted]',
      VEND_SEALING_KEYS: '[redacted]',
      sealedPin: '[redacted]',
      electricityToken: '[redacted]',
      pinless: true,
      tokenType: 'bearer',
    });
  });

  it('cuts objects nested deeper than a log line needs instead of passing them through', () => {
    let deep: Record<string, unknown> = { pin: '9999' };
    for (let i = 0; i < 20; i++) deep = { inner: deep };
    expect(JSON.stringify(redactSecrets(deep))).not.toContain('9999');
  });
});

describe('createLogger', () => {
  function capture() {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    return { lines, log: createLogger({ name: 'test', destination }) };
  }

  it('logs an HTTP client error without the request it carries (headers, body with a PIN)', () => {
    const { lines, log } = capture();
    // Like got's RequestError: the request options are an enumerable property of the error.
    const cause = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const error = Object.assign(new Error('Timeout awaiting response for 15000ms', { cause }), {
      code: 'ETIMEDOUT',
      options: {
        headers: { authorization: 'Bearer eyJsecret-token' },
        body: '{"pin":"4826173950284617"}',
      },
      request: { requestUrl: 'https://flash/v4/1voucher/redeem' },
    });
    log.warn({ err: error, intentId: 'i-1' }, 'call failed');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? '{}');
    expect(line.err.message).toContain('Timeout awaiting response');
    expect(line.err.code).toBe('ETIMEDOUT');
    expect(line.err.cause.code).toBe('ECONNRESET');
    expect(lines[0]).not.toContain('4826173950284617');
    expect(lines[0]).not.toContain('eyJsecret-token');
  });

  it('redacts secrets in the bindings of a child logger', () => {
    const { lines, log } = capture();
    log.child({ consumerSecret: 'c0nsumer-s3cret' }).info('started');
    expect(lines[0]).toContain('started');
    expect(lines[0]).not.toContain('c0nsumer-s3cret');
  });

  it('never writes a voucher PIN or an electricity token to the log stream', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger({ name: 'test', destination });
    log.info({ response: { voucher: { pin: '9999888877776666' }, token: '11112222333344445555' } }, 'vended');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('vended');
    expect(lines[0]).not.toContain('9999888877776666');
    expect(lines[0]).not.toContain('11112222333344445555');
  });
});
