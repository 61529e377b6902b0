import { type Intent, parseIntent } from '@vendstream/contracts';
import type { IntentRecord } from '@vendstream/intent-store';
import { describe, expect, it } from 'vitest';
import { assertNever } from '../src/errors.ts';
import {
  createIntentExecutor,
  ExecutorError,
  type ExecutorErrorCode,
  flashCallFor,
  type IntentExecutorOptions,
  RateLimiter,
  RequestBuildError,
  scopeOf,
} from '../src/index.ts';

function intent(type: string, data: Record<string, unknown>): Intent {
  const parsed = parseIntent({
    specversion: '1.0',
    id: 'intent-1',
    source: 'urn:test:producer',
    type,
    time: '2026-11-29T06:00:00Z',
    datacontenttype: 'application/json',
    data,
  });
  if (!parsed.ok) throw new Error(`test intent invalid: ${JSON.stringify(parsed.issues)}`);
  return parsed.intent;
}

/** What `fn` threw, so each property can be checked by name. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return expect.unreachable('should have thrown');
}

describe('executor errors', () => {
  it('rejects a Cash Out PIN cancel with no serial number and no original result as ORIGINAL_NOT_FOUND, for that intent only', () => {
    const cancel = intent('cash-out-pin.cancel', {
      accountNumber: 'A1',
      originalIntentId: 'cop-1',
      productCode: 7,
    });
    const error = thrownBy(() => flashCallFor(cancel, { reference: 'r-1', step: 'V', stepResponses: {} }));
    expect(error).toBeInstanceOf(RequestBuildError);
    expect(error).toBeInstanceOf(ExecutorError);
    expect(error).toMatchObject({
      name: 'RequestBuildError',
      code: 'ORIGINAL_NOT_FOUND',
      retriable: false,
      scope: 'intent',
      field: 'data.originalIntentId',
    });
  });

  it('rejects a prepaid utility purchase step without a transaction id from its lookup as LOOKUP_MISSING', () => {
    const purchase = intent('prepaid-utility.purchase', {
      accountNumber: 'A1',
      amount: 100,
      meterNumber: '0123',
    });
    const error = thrownBy(() =>
      flashCallFor(purchase, { reference: 'r-1.P', step: 'P', stepResponses: { L: { responseCode: 0 } } }),
    );
    expect(error).toMatchObject({
      code: 'LOOKUP_MISSING',
      retriable: false,
      scope: 'intent',
      field: 'data.meterNumber',
    });
  });

  it('refuses a rate limit of zero as INVALID_CONFIG and a share among zero processes as INVALID_ARGUMENT', () => {
    expect(thrownBy(() => new RateLimiter(0))).toMatchObject({
      name: 'ExecutorError',
      code: 'INVALID_CONFIG',
      retriable: false,
      scope: 'service',
    });
    expect(thrownBy(() => new RateLimiter(10).shareAmong(0))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      retriable: false,
      scope: 'service',
    });
  });

  // Both checks come before the executor touches any of its parts, so none is given.
  const noParts = { source: 'urn:test', owner: 'test-1' } as unknown as IntentExecutorOptions;

  it('refuses a lease of zero at construction as INVALID_CONFIG', () => {
    expect(thrownBy(() => createIntentExecutor({ ...noParts, leaseMs: 0 }))).toMatchObject({
      code: 'INVALID_CONFIG',
      message: 'leaseMs must be > 0, got 0',
    });
  });

  it('sends nothing for a record without a reference for its step, and says so as MISSING_REFERENCE', async () => {
    const executor = createIntentExecutor({ ...noParts, leaseMs: 30_000 });
    const purchase = intent('1voucher.purchase', { accountNumber: 'A1', amount: 100 });
    const record = { intentId: 'intent-1', references: {}, stepResponses: {} } as unknown as IntentRecord;
    await expect(executor.execute(record, purchase)).rejects.toMatchObject({
      code: 'MISSING_REFERENCE',
      scope: 'intent',
      retriable: false,
      intentId: 'intent-1',
    });
  });

  it('classifies every code, and reports a value that escaped an exhaustive switch as INTERNAL', () => {
    const scopes: Record<ExecutorErrorCode, 'intent' | 'service'> = {
      ORIGINAL_NOT_FOUND: 'intent',
      LOOKUP_MISSING: 'intent',
      MISSING_REFERENCE: 'intent',
      INVALID_CONFIG: 'service',
      INVALID_ARGUMENT: 'service',
      INTERNAL: 'service',
    };
    for (const [code, scope] of Object.entries(scopes)) {
      expect(scopeOf(code as ExecutorErrorCode)).toBe(scope);
      expect(new ExecutorError(code as ExecutorErrorCode, 'x').retriable).toBe(false);
    }
    expect(thrownBy(() => assertNever('surprise' as never, 'transition'))).toMatchObject({
      code: 'INTERNAL',
      message: 'unhandled transition: "surprise"',
    });
    expect(thrownBy(() => scopeOf('NEW_CODE' as never))).toMatchObject({ code: 'INTERNAL' });
  });
});
