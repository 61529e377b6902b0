import { ConfigError } from '@vendstream/contracts';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { DEFAULT_SANDBOX_CREDENTIALS } from '../src/index.ts';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    expect(loadConfig({}, [])).toEqual({
      port: 8090,
      host: '127.0.0.1',
      idempotencyWindowMs: 1_800_000,
      tokenTtlSeconds: 3600,
      consumerKey: DEFAULT_SANDBOX_CREDENTIALS.consumerKey,
      consumerSecret: DEFAULT_SANDBOX_CREDENTIALS.consumerSecret,
      logLevel: 'info',
    });
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        FLASH_SANDBOX_PORT: '9000',
        FLASH_SANDBOX_HOST: '0.0.0.0',
        FLASH_SANDBOX_IDEMPOTENCY_WINDOW_MS: '60000',
        FLASH_SANDBOX_TOKEN_TTL_SECONDS: '30',
        FLASH_SANDBOX_CONSUMER_KEY: 'k',
        FLASH_SANDBOX_CONSUMER_SECRET: 's',
        LOG_LEVEL: 'debug',
      },
      [],
    );
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      idempotencyWindowMs: 60_000,
      tokenTtlSeconds: 30,
      logLevel: 'debug',
    });
  });

  it('lets --port win over the environment', () => {
    expect(loadConfig({ FLASH_SANDBOX_PORT: '9000' }, ['--port', '9100']).port).toBe(9100);
    expect(loadConfig({}, ['--port=0']).port).toBe(0);
  });

  it('fails fast naming the variable', () => {
    expect(() => loadConfig({ FLASH_SANDBOX_PORT: 'eighty' }, [])).toThrow(ConfigError);
    expect(() => loadConfig({ FLASH_SANDBOX_PORT: 'eighty' }, [])).toThrow(/FLASH_SANDBOX_PORT/);
    expect(() => loadConfig({ FLASH_SANDBOX_TOKEN_TTL_SECONDS: '-1' }, [])).toThrow(
      /FLASH_SANDBOX_TOKEN_TTL_SECONDS/,
    );
    expect(() => loadConfig({ LOG_LEVEL: 'loud' }, [])).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({}, ['--port', 'x'])).toThrow(/--port/);
  });

  it('refuses with every problem on its own line, the variables and --port together', () => {
    let refusal: unknown;
    try {
      loadConfig({ FLASH_SANDBOX_PORT: 'eighty', LOG_LEVEL: 'loud' }, ['--port', 'x']);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ConfigError);
    const { code, problems, message } = refusal as ConfigError;
    expect(code).toBe('INVALID_CONFIGURATION');
    expect(problems.map((line) => line.split(':')[0])).toEqual(['FLASH_SANDBOX_PORT', 'LOG_LEVEL', '--port']);
    expect(message.split('\n')).toEqual(['invalid configuration:', ...problems.map((line) => `  ${line}`)]);
  });
});
