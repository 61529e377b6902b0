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

describe('createLogger', () => {
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
