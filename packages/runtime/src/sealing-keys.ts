import { createSecretSealer } from '@vendstream/contracts';
import { ConfigError } from './errors.ts';

export interface SealingKeys {
  keys: Record<string, Buffer>;
  currentKeyId: string;
}

/**
 * Reads `VEND_SEALING_KEYS` (`kid:base64key,...`) and `VEND_SEALING_KEY_ID`: the keys, or one
 * `NAME: reason` line per problem. Each key goes through the sealer's own checks (key id rule,
 * 32-byte key), so the sealer built later from the same keys cannot refuse them after the topics
 * and the table exist. Key material is never echoed: these lines are printed and logged.
 */
export function readSealingKeys(
  spec: string,
  currentKeyId: string,
): { ok: true; value: SealingKeys } | { ok: false; problems: string[] } {
  const keys: Record<string, Buffer> = {};
  const problems: string[] = [];
  spec.split(',').forEach((entry, index) => {
    const at = `VEND_SEALING_KEYS: entry ${index + 1}`;
    const fields = entry.split(':');
    const [kid, material] = fields;
    if (fields.length !== 2 || kid === undefined || material === undefined) {
      problems.push(`${at} must be <kid>:<base64 of 32 bytes>`);
      return;
    }
    const key = Buffer.from(material, 'base64');
    try {
      createSecretSealer({ keys: { [kid]: key }, currentKeyId: kid });
    } catch (error) {
      // The sealer's message quotes the key id; a malformed entry's "id" may be key material.
      const reason = error instanceof Error ? error.message.replaceAll(`"${kid}"`, '') : String(error);
      problems.push(`${at}: ${reason.replace(/\s+/g, ' ')} (each entry is <kid>:<base64 of 32 bytes>)`);
      return;
    }
    // Buffer.from skips characters that are not base64: a damaged key could decode to 32 other bytes.
    if (key.toString('base64') !== material) {
      problems.push(`${at} (key id "${kid}"): the key is not canonical base64`);
    } else if (keys[kid] !== undefined) {
      problems.push(`${at}: key id "${kid}" is listed twice`);
    } else {
      keys[kid] = key;
    }
  });
  if (problems.length === 0 && keys[currentKeyId] === undefined) {
    problems.push(`VEND_SEALING_KEY_ID: "${currentKeyId}" is not in VEND_SEALING_KEYS`);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { keys, currentKeyId } };
}

/** `readSealingKeys`, throwing a ConfigError that lists every problem. */
export function parseSealingKeys(spec: string, currentKeyId: string): SealingKeys {
  const read = readSealingKeys(spec, currentKeyId);
  if (!read.ok) throw new ConfigError(read.problems);
  return read.value;
}
