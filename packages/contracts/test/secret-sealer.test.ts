import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { containsUnsealedSecret, createSecretSealer, isSealedValue } from '../src/index.ts';

const PIN = '9876543210123456';
const TOKEN = '12345678901234567890';
const response = {
  responseCode: 0,
  reference: 'ref-1',
  voucher: { pin: PIN, serialNumber: 'SN1', amount: 500 },
  tokens: [{ token: TOKEN, units: { quantity: 12.5 } }],
};

describe('createSecretSealer', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);

  it('round-trips a provider response and leaves no PIN or token in the sealed JSON', () => {
    const sealer = createSecretSealer({ keys: { k1 }, currentKeyId: 'k1' });
    const sealed = sealer.seal(response);
    const json = JSON.stringify(sealed);
    expect(json).not.toContain(PIN);
    expect(json).not.toContain(TOKEN);
    expect(sealed.voucher.serialNumber).toBe('SN1');
    expect(isSealedValue(sealed.voucher.pin)).toBe(true);
    expect(containsUnsealedSecret(sealed)).toBe(false);
    expect(containsUnsealedSecret(response)).toBe(true);
    expect(sealer.open(sealed)).toEqual(response);
  });

  it('uses a fresh IV each time, so the same PIN never seals to the same text', () => {
    const sealer = createSecretSealer({ keys: { k1 }, currentKeyId: 'k1' });
    expect(JSON.stringify(sealer.seal({ pin: PIN }))).not.toBe(JSON.stringify(sealer.seal({ pin: PIN })));
  });

  it('does not seal a value twice', () => {
    const sealer = createSecretSealer({ keys: { k1 }, currentKeyId: 'k1' });
    const once = sealer.seal(response);
    expect(sealer.seal(once)).toEqual(once);
  });

  it('opens values sealed with an older key after the current key rotates', () => {
    const old = createSecretSealer({ keys: { k1 }, currentKeyId: 'k1' });
    const sealedWithK1 = old.seal(response);
    const rotated = createSecretSealer({ keys: { k1, k2 }, currentKeyId: 'k2' });
    expect(rotated.open(sealedWithK1)).toEqual(response);
    const sealedWithK2 = rotated.seal(response);
    expect((sealedWithK2.voucher.pin as unknown as { kid: string }).kid).toBe('k2');
    expect(() => old.open(sealedWithK2)).toThrow(expect.objectContaining({ code: 'UNKNOWN_SEALING_KEY' }));
  });

  it('detects tampered ciphertext, a wrong key and a sealed value moved to another field', () => {
    const sealer = createSecretSealer({ keys: { k1 }, currentKeyId: 'k1' });
    const sealed = sealer.seal({ pin: PIN }) as unknown as { pin: { ct: string } };
    const ct = Buffer.from(sealed.pin.ct, 'base64');
    ct[0] = (ct[0] ?? 0) ^ 1;
    const tampered = { pin: { ...sealed.pin, ct: ct.toString('base64') } };
    expect(() => sealer.open(tampered)).toThrow(expect.objectContaining({ code: 'SEALED_VALUE_INVALID' }));

    const impostor = createSecretSealer({ keys: { k1: k2 }, currentKeyId: 'k1' });
    expect(() => impostor.open(sealed)).toThrow(/wrong key or tampered/);

    expect(() => sealer.open({ token: sealed.pin })).toThrow(
      expect.objectContaining({ code: 'SEALED_VALUE_INVALID' }),
    );
  });

  it('never puts the secret in the error message', () => {
    const sealer = createSecretSealer({ keys: { k1 }, currentKeyId: 'k1' });
    const impostor = createSecretSealer({ keys: { k1: k2 }, currentKeyId: 'k1' });
    try {
      impostor.open(sealer.seal({ pin: PIN }));
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain(PIN);
    }
  });

  it('rejects bad configuration at construction', () => {
    expect(() => createSecretSealer({ keys: { k1: randomBytes(16) }, currentKeyId: 'k1' })).toThrow(
      expect.objectContaining({ code: 'INVALID_SEALER_CONFIG' }),
    );
    expect(() => createSecretSealer({ keys: { k1 }, currentKeyId: 'k9' })).toThrow(
      expect.objectContaining({ code: 'INVALID_SEALER_CONFIG' }),
    );
  });
});
