import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SecretSealer } from '@vendstream/contracts';
import {
  DueShardsMismatchError,
  describeMissingKeys,
  type IntentStore,
  openIntentStore,
  SealingKeysMissingError,
} from '@vendstream/intent-store';
import type { Logger } from '@vendstream/logging';
import { retiredSealingKeyIds, type ServiceEnv } from './config.ts';
import { ConfigError } from './errors.ts';

/**
 * Opens the intent store with the table's own settings (intent-store's `openIntentStore`): the due
 * shard count comes from the table, and the table's record of sealing keys is checked against
 * VEND_SEALING_KEYS. A contradiction refuses the start with one line naming the variable.
 */
export async function openStore(
  config: ServiceEnv,
  parts: {
    client: DynamoDBClient;
    tableName: string;
    sealer: SecretSealer;
    sealingKeyIds: readonly string[];
    now: () => number;
    logger: Logger;
  },
): Promise<IntentStore> {
  const { logger, tableName } = parts;
  try {
    return await openIntentStore({
      client: parts.client,
      tableName,
      sealer: parts.sealer,
      sealingKeyIds: parts.sealingKeyIds,
      retiredSealingKeyIds: retiredSealingKeyIds(config),
      now: parts.now,
      dueShards: config.VEND_DUE_SHARDS,
      retentionDays: config.VEND_RETENTION_DAYS,
      outboxGraceMs: config.VEND_OUTBOX_GRACE_MS,
      onMissingSealingKeys: (missing) =>
        // Loud, once per start: the reconciler reports and quarantines every due item these keys sealed.
        logger.warn(
          { table: tableName, missing },
          `SEALING KEYS MISSING: table ${tableName} was sealed with ${describeMissingKeys(missing)}, not in VEND_SEALING_KEYS; their due items are reported for a person and quarantined`,
        ),
    });
  } catch (error) {
    if (error instanceof DueShardsMismatchError) {
      throw new ConfigError([
        `VEND_DUE_SHARDS: ${error.configured} contradicts table ${error.tableName}, whose due index has ${error.table} shards (set by the first process that opened it): unset VEND_DUE_SHARDS to use the table's value, or set it to ${error.table}`,
      ]);
    }
    if (error instanceof SealingKeysMissingError) {
      const blocking = error.missing.filter((key) => key.dueItems > 0 && !key.retired);
      throw new ConfigError([
        `VEND_SEALING_KEYS: lacks ${describeMissingKeys(blocking)}, which due items of table ${error.tableName} are sealed with: add the key${blocking.length === 1 ? '' : 's'} back, or list ${blocking.length === 1 ? 'it' : 'them'} in VEND_RETIRED_SEALING_KEYS to start anyway (those items are then reported for a person and quarantined)`,
      ]);
    }
    throw error;
  }
}
