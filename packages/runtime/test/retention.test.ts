import { type TopicRetention, topicDefinitions, topicNames } from '@vendstream/kafka';
import { describe, expect, it } from 'vitest';
import { RETENTION_MARGIN_MS, recordRetentionProblem } from '../src/index.ts';

// No network: the rule is pure; runtime.test.ts checks it against a real broker.
const DAY = 24 * 3_600_000;
const topic = (overrides: Partial<TopicRetention> = {}): TopicRetention => ({
  topic: 'vs.intents',
  retentionMs: 7 * DAY,
  segmentMs: DAY,
  cleanupPolicy: ['delete'],
  ...overrides,
});

describe('recordRetentionProblem', () => {
  it('accepts records kept longer than retention.ms + segment.ms + the margin', () => {
    expect(RETENTION_MARGIN_MS).toBe(DAY);
    expect(recordRetentionProblem(30, topic())).toBeUndefined();
    expect(recordRetentionProblem(10, topic())).toBeUndefined(); // 10 d > 7 + 1 + 1
    expect(recordRetentionProblem(9, topic({ retentionMs: 7 * DAY - 1 }))).toBeUndefined();
  });

  it('refuses records that expire when the last copy of an intent may still be delivered, or before', () => {
    expect(recordRetentionProblem(9, topic())).toMatch(/^VEND_RETENTION_DAYS: /); // exactly at the bound
    expect(recordRetentionProblem(8, topic())).toMatch(/^VEND_RETENTION_DAYS: /);
    // The broker's default segment (7 days) counts in full: a segment is deleted only as a whole.
    expect(recordRetentionProblem(14, topic({ segmentMs: 7 * DAY }))).toMatch(/^VEND_RETENTION_DAYS: /);
    expect(recordRetentionProblem(16, topic({ segmentMs: 7 * DAY }))).toBeUndefined();
  });

  it('names VEND_RETENTION_DAYS, the topic and its settings in one line', () => {
    const line = recordRetentionProblem(30, topic({ retentionMs: 40 * DAY }));
    expect(line).toBe(
      'VEND_RETENTION_DAYS: 30 d must exceed how long topic "vs.intents" can keep an intent, retention.ms + segment.ms + a 1 d margin = 42 d (retention.ms=3456000000, segment.ms=86400000, cleanup.policy=delete): raise VEND_RETENTION_DAYS above 42 d or shorten the topic\'s retention.ms',
    );
  });

  it('refuses any retention for a topic that never deletes intents', () => {
    for (const never of [topic({ retentionMs: -1 }), topic({ cleanupPolicy: ['compact'] })]) {
      const line = recordRetentionProblem(10_000, never);
      expect(line).toMatch(/^VEND_RETENTION_DAYS: topic "vs.intents" never deletes intents/);
      expect(line).not.toContain('\n');
    }
    // Compaction on top of deletion only removes more: the time bound still holds.
    expect(recordRetentionProblem(30, topic({ cleanupPolicy: ['compact', 'delete'] }))).toBeUndefined();
  });

  it('is satisfied by the default topic layout with the default 30 days, and tight from 10 days', () => {
    const [intents] = topicDefinitions(topicNames('vs'));
    const setting = (name: string) => Number(intents?.configEntries?.find((e) => e.name === name)?.value);
    const layout = topic({ retentionMs: setting('retention.ms'), segmentMs: setting('segment.ms') });
    expect(layout).toMatchObject({ retentionMs: 7 * DAY, segmentMs: DAY });
    expect(recordRetentionProblem(30, layout)).toBeUndefined();
    expect(recordRetentionProblem(10, layout)).toBeUndefined();
    expect(recordRetentionProblem(9, layout)).toBeDefined();
  });
});
