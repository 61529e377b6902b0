import type { TopicRetention } from '@vendstream/kafka';

const DAY_MS = 24 * 3_600_000;

/**
 * What the bound below leaves out: the broker looks for expired segments only every
 * `log.retention.check.interval.ms` (5 min), clocks differ between producers, brokers and us, and
 * DynamoDB's TTL is counted in whole seconds.
 */
export const RETENTION_MARGIN_MS = DAY_MS;

const days = (ms: number) => `${Number((ms / DAY_MS).toFixed(2))} d`;

/**
 * Finished work stays finished only while an intent's record outlives every copy of the intent
 * Kafka could still deliver (a rebalance, a group whose offsets were reset or expired): a
 * redelivered intent without its record is claimed afresh and sent again.
 *
 *   published    segment rolled (<= segment.ms)    segment's newest message older than retention.ms
 *   |----------------|---------------------------------|-> segment deleted (next retention check)
 *   |-> claimed: record created (expiry renewed by its terminal write) --- VEND_RETENTION_DAYS ---|
 *
 * A record is created when its intent is first consumed, after it was published, so it is enough
 * that VEND_RETENTION_DAYS > retention.ms + segment.ms + RETENTION_MARGIN_MS. A topic that never
 * deletes (retention.ms = -1, or a cleanup.policy without `delete`) can satisfy no retention.
 * DynamoDB's TTL only ever deletes late, which is on the safe side.
 *
 * Returns the line that refuses the start (naming VEND_RETENTION_DAYS, the topic and its values),
 * or undefined when the setting is safe.
 */
export function recordRetentionProblem(retentionDays: number, topic: TopicRetention): string | undefined {
  const records = retentionDays * DAY_MS;
  const settings = `retention.ms=${topic.retentionMs}, segment.ms=${topic.segmentMs}, cleanup.policy=${topic.cleanupPolicy.join(',')}`;
  if (topic.retentionMs < 0 || !topic.cleanupPolicy.includes('delete')) {
    return `VEND_RETENTION_DAYS: topic "${topic.topic}" never deletes intents (${settings}): one redelivered after its record expired (${retentionDays} d) would be sent again; give the topic cleanup.policy=delete and a finite retention.ms`;
  }
  const lifetime = topic.retentionMs + topic.segmentMs + RETENTION_MARGIN_MS;
  if (records > lifetime) return undefined;
  return `VEND_RETENTION_DAYS: ${retentionDays} d must exceed how long topic "${topic.topic}" can keep an intent, retention.ms + segment.ms + a ${days(RETENTION_MARGIN_MS)} margin = ${days(lifetime)} (${settings}): raise VEND_RETENTION_DAYS above ${days(lifetime)} or shorten the topic's retention.ms`;
}
