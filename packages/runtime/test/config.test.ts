import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  instanceId,
  parseServiceEnv,
  readSealingKeys,
  retryPolicy,
  type ServiceEnv,
} from '../src/index.ts';

// No network: parseServiceEnv only reads the values it is given.
const KEY = randomBytes(32).toString('base64');
const OTHER_KEY = randomBytes(32).toString('base64');
const VALID: Record<string, string> = {
  KAFKA_BROKERS: '127.0.0.1:19092,127.0.0.1:19093',
  FLASH_BASE_URL: 'http://127.0.0.1:8080',
  FLASH_CONSUMER_KEY: 'key',
  FLASH_CONSUMER_SECRET: 'secret',
  VEND_SEALING_KEYS: `k1:${KEY},k2:${OTHER_KEY}`,
  VEND_SEALING_KEY_ID: 'k2',
};

/** The ConfigError that `env` (over the valid base) is refused with. */
function refusal(overrides: Record<string, string | undefined>): ConfigError {
  try {
    parseServiceEnv({ ...VALID, ...overrides });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(overrides)}`);
}

const named = (error: ConfigError) => error.problems.map((line) => line.split(':')[0]);

describe('parseServiceEnv', () => {
  it('accepts a valid environment and fills in the defaults', () => {
    const config = parseServiceEnv(VALID);
    expect(config.VEND_RETRY_INITIAL_MS).toBe(1_000);
    expect(config.VEND_RETRY_MAX_MS).toBe(60_000);
    expect(config.VEND_RETENTION_DAYS).toBe(30);
  });

  // Each case: the variables set, and the one variable the refusal must name.
  const refusals: [string, Record<string, string | undefined>, string][] = [
    ['a missing sealing key list', { VEND_SEALING_KEYS: undefined }, 'VEND_SEALING_KEYS'],
    [
      'a sealing key of 16 bytes',
      { VEND_SEALING_KEYS: `k1:${randomBytes(16).toString('base64')}`, VEND_SEALING_KEY_ID: 'k1' },
      'VEND_SEALING_KEYS',
    ],
    [
      'a sealing key entry without a key id',
      { VEND_SEALING_KEYS: KEY, VEND_SEALING_KEY_ID: 'k1' },
      'VEND_SEALING_KEYS',
    ],
    [
      'a key id the sealer refuses',
      { VEND_SEALING_KEYS: `key one:${KEY}`, VEND_SEALING_KEY_ID: 'key one' },
      'VEND_SEALING_KEYS',
    ],
    [
      'a key id of 33 characters',
      { VEND_SEALING_KEYS: `${'k'.repeat(33)}:${KEY}`, VEND_SEALING_KEY_ID: 'k'.repeat(33) },
      'VEND_SEALING_KEYS',
    ],
    [
      'a key with characters that are not base64',
      { VEND_SEALING_KEYS: `k1:${KEY.slice(0, 10)}!${KEY.slice(10)}`, VEND_SEALING_KEY_ID: 'k1' },
      'VEND_SEALING_KEYS',
    ],
    [
      'a key id listed twice',
      { VEND_SEALING_KEYS: `k1:${KEY},k1:${OTHER_KEY}`, VEND_SEALING_KEY_ID: 'k1' },
      'VEND_SEALING_KEYS',
    ],
    [
      'an empty entry after a comma',
      { VEND_SEALING_KEYS: `k1:${KEY},`, VEND_SEALING_KEY_ID: 'k1' },
      'VEND_SEALING_KEYS',
    ],
    ['a current key id that is not listed', { VEND_SEALING_KEY_ID: 'k3' }, 'VEND_SEALING_KEY_ID'],
    [
      'a retry cap below the first delay',
      { VEND_RETRY_INITIAL_MS: '5000', VEND_RETRY_MAX_MS: '1000' },
      'VEND_RETRY_MAX_MS',
    ],
    [
      'a window margin as long as the window',
      { VEND_WINDOW_MS: '60000', VEND_WINDOW_MARGIN_MS: '60000' },
      'VEND_WINDOW_MARGIN_MS',
    ],
    ['a lease no longer than a call', { FLASH_TIMEOUT_MS: '60000', VEND_LEASE_MS: '60000' }, 'VEND_LEASE_MS'],
    [
      'a lease that outlasts the resend window',
      { VEND_WINDOW_MS: '600000', VEND_WINDOW_MARGIN_MS: '60000', VEND_LEASE_MS: '540000' },
      'VEND_LEASE_MS',
    ],
    [
      'a first resend delay past the resend window',
      {
        VEND_WINDOW_MS: '600000',
        VEND_WINDOW_MARGIN_MS: '60000',
        VEND_RETRY_INITIAL_MS: '540000',
        VEND_RETRY_MAX_MS: '600000',
      },
      'VEND_RETRY_INITIAL_MS',
    ],
    [
      'giving up on unsent intents after their records expired',
      { VEND_RETENTION_DAYS: '1', VEND_GIVE_UP_UNSENT_MS: String(24 * 3_600_000) },
      'VEND_GIVE_UP_UNSENT_MS',
    ],
    [
      'an outbox grace longer than the records live',
      {
        VEND_RETENTION_DAYS: '1',
        VEND_GIVE_UP_UNSENT_MS: '60000',
        VEND_OUTBOX_GRACE_MS: String(2 * 24 * 3_600_000),
      },
      'VEND_OUTBOX_GRACE_MS',
    ],
    ['an empty number (not read as 0)', { VEND_WINDOW_MARGIN_MS: '' }, 'VEND_WINDOW_MARGIN_MS'],
    ['a hexadecimal number', { VEND_LEASE_MS: '0x10000' }, 'VEND_LEASE_MS'],
    ['a number with spaces', { VEND_RETRY_MAX_MS: ' 60000 ' }, 'VEND_RETRY_MAX_MS'],
    ['a fractional count', { VEND_MAX_IN_FLIGHT: '2.5' }, 'VEND_MAX_IN_FLIGHT'],
    ['a broker list with an empty entry', { KAFKA_BROKERS: '127.0.0.1:19092,' }, 'KAFKA_BROKERS'],
    ['a broker without a port', { KAFKA_BROKERS: '127.0.0.1' }, 'KAFKA_BROKERS'],
    ['a Flash URL that is not http', { FLASH_BASE_URL: 'ftp://flash.example' }, 'FLASH_BASE_URL'],
    ['an instance id with a space', { VEND_INSTANCE_ID: 'worker 1' }, 'VEND_INSTANCE_ID'],
    ['retention of zero days', { VEND_RETENTION_DAYS: '0' }, 'VEND_RETENTION_DAYS'],
    ['a resend factor below 1', { VEND_RETRY_FACTOR: '0.5' }, 'VEND_RETRY_FACTOR'],
    ['jitter above 1', { VEND_RETRY_JITTER: '1.5' }, 'VEND_RETRY_JITTER'],
    ['a negative number of local retries', { VEND_LOCAL_RETRIES: '-1' }, 'VEND_LOCAL_RETRIES'],
    [
      'a store-outage cap below its first wait',
      { VEND_STORE_RETRY_INITIAL_MS: '5000', VEND_STORE_RETRY_MAX_MS: '1000' },
      'VEND_STORE_RETRY_MAX_MS',
    ],
    [
      'a queue smaller than the in-flight slots',
      { VEND_MAX_QUEUED: '200', VEND_MAX_QUEUED_PER_KEY: '100' },
      'VEND_MAX_QUEUED',
    ],
    [
      'a per-key queue larger than the whole queue',
      { VEND_MAX_QUEUED: '500', VEND_MAX_QUEUED_PER_KEY: '1000' },
      'VEND_MAX_QUEUED_PER_KEY',
    ],
  ];

  it.each(refusals)('refuses %s, naming the variable on its own line', (_, overrides, variable) => {
    const error = refusal(overrides);
    expect(error.code).toBe('INVALID_CONFIGURATION');
    expect(named(error)).toEqual([variable]);
    expect(error.message).toBe(`invalid configuration:\n  ${error.problems[0]}`);
    expect(error.message).not.toMatch(/\n\s*at /); // a reason, not a stack
  });

  it('refuses a retry cap below the first delay instead of raising the cap to it', () => {
    const error = refusal({ VEND_RETRY_INITIAL_MS: '5000', VEND_RETRY_MAX_MS: '1000' });
    expect(error.problems[0]).toMatch(
      /^VEND_RETRY_MAX_MS: .*VEND_RETRY_INITIAL_MS=5000, VEND_RETRY_MAX_MS=1000/,
    );
    const config = parseServiceEnv({ ...VALID, VEND_RETRY_INITIAL_MS: '5000', VEND_RETRY_MAX_MS: '5000' });
    expect(retryPolicy(config).maxDelayMs).toBe(5_000);
  });

  it('lists every bad variable at once, one line each', () => {
    const error = refusal({
      VEND_SEALING_KEY_ID: 'missing',
      VEND_RETRY_INITIAL_MS: '5000',
      VEND_RETRY_MAX_MS: '1000',
      FLASH_TIMEOUT_MS: '90000',
    });
    expect(named(error).sort()).toEqual(['VEND_LEASE_MS', 'VEND_RETRY_MAX_MS', 'VEND_SEALING_KEY_ID']);
    expect(error.message.split('\n')).toHaveLength(4);
  });

  it('never prints sealing key material in a refusal', () => {
    const leaked = `${KEY.slice(0, 20)}:${KEY}`; // key material where the key id belongs
    for (const spec of [leaked, `k1:${KEY}:${OTHER_KEY}`, `k1:${KEY}=`, KEY]) {
      const error = refusal({ VEND_SEALING_KEYS: spec, VEND_SEALING_KEY_ID: 'k1' });
      expect(error.message).not.toContain(KEY.slice(0, 20));
      expect(error.message).not.toContain(OTHER_KEY.slice(0, 20));
    }
  });
});

describe('readSealingKeys', () => {
  it('returns every listed key, the current one among them', () => {
    const read = readSealingKeys(`k1:${KEY},k2:${OTHER_KEY}`, 'k1');
    expect(read.ok && Object.keys(read.value.keys)).toEqual(['k1', 'k2']);
    expect(read.ok && read.value.keys.k1?.equals(Buffer.from(KEY, 'base64'))).toBe(true);
  });
});

describe('instanceId', () => {
  const config = parseServiceEnv({ ...VALID, VEND_INSTANCE_ID: 'worker-a' }) as ServiceEnv;

  it('keeps VEND_INSTANCE_ID as a readable prefix and adds 8 random hex characters', () => {
    expect(instanceId(config, 'worker')).toMatch(/^worker-a-[0-9a-f]{8}$/);
    expect(instanceId(parseServiceEnv(VALID), 'reconciler')).toMatch(/^reconciler-.+-\d+-[0-9a-f]{8}$/);
  });

  it('differs between two starts with the same VEND_INSTANCE_ID', () => {
    const ids = new Set(Array.from({ length: 100 }, () => instanceId(config, 'worker')));
    expect(ids.size).toBe(100);
  });
});
