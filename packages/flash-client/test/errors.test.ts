import { describe, expect, it } from 'vitest';
import { assertNever } from '../src/errors.ts';
import {
  createFlashClient,
  FlashClientError,
  type FlashClientErrorCode,
  FlashConfigError,
  FlashTokenError,
  FlashValidationError,
  retriableOf,
} from '../src/index.ts';

describe('flash-client errors', () => {
  it('gives every error a stable code, and calls only an unavailable token endpoint retriable', () => {
    const cases: [FlashClientError, FlashClientErrorCode, boolean][] = [
      [
        new FlashValidationError([{ field: 'pin', message: 'must be exactly 16 digits' }]),
        'FLASH_VALIDATION',
        false,
      ],
      [new FlashConfigError('baseUrl is not a URL'), 'FLASH_CONFIG', false],
      [
        new FlashTokenError('unavailable', 'token endpoint answered HTTP 503'),
        'FLASH_TOKEN_UNAVAILABLE',
        true,
      ],
      [
        new FlashTokenError('rejected', 'token endpoint refused the credentials'),
        'FLASH_TOKEN_REJECTED',
        false,
      ],
      [new FlashClientError('FLASH_INTERNAL', 'unreachable'), 'FLASH_INTERNAL', false],
    ];
    for (const [error, code, retriable] of cases) {
      expect(error).toBeInstanceOf(FlashClientError);
      expect(error.code).toBe(code);
      expect(error.retriable).toBe(retriable);
      expect(retriableOf(code)).toBe(retriable);
    }
  });

  it('keeps what went wrong underneath as the cause', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const error = new FlashTokenError('unavailable', 'token request failed', reset);
    expect(error.cause).toBe(reset);
    expect(error.name).toBe('FlashTokenError');
  });

  it('refuses bad options at construction with FLASH_CONFIG, not a bare Error', () => {
    try {
      createFlashClient({ baseUrl: 'not a url', credentials: { consumerKey: 'k', consumerSecret: 's' } });
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(FlashConfigError);
      expect((error as FlashConfigError).code).toBe('FLASH_CONFIG');
      expect((error as FlashConfigError).retriable).toBe(false);
    }
  });

  it('reports a value that escaped an exhaustive switch as FLASH_INTERNAL', () => {
    expect(() => assertNever('surprise' as never, 'Flash code class')).toThrow(
      expect.objectContaining({
        code: 'FLASH_INTERNAL',
        retriable: false,
        message: 'unhandled Flash code class: "surprise"',
      }),
    );
    expect(() => retriableOf('FLASH_NEW' as never)).toThrow(
      expect.objectContaining({ code: 'FLASH_INTERNAL' }),
    );
  });
});
