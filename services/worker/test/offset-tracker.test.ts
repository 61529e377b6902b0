import { describe, expect, it } from 'vitest';
import { OffsetTracker } from '../src/offset-tracker.ts';

describe('OffsetTracker', () => {
  it('commits only up to the lowest offset not yet settled', () => {
    const tracker = new OffsetTracker();
    for (const offset of ['10', '11', '12', '13', '14']) tracker.begin('t', 0, offset);
    tracker.settle('t', 0, '10');
    tracker.settle('t', 0, '11');
    tracker.settle('t', 0, '13');
    expect(tracker.committable()).toEqual([{ topic: 't', partition: 0, offset: '12' }]);
    tracker.settle('t', 0, '12');
    tracker.settle('t', 0, '14');
    expect(tracker.committable()).toEqual([{ topic: 't', partition: 0, offset: '15' }]);
  });

  it('does not offer the same commit twice, and tracks partitions independently', () => {
    const tracker = new OffsetTracker();
    tracker.begin('t', 0, '5');
    tracker.begin('t', 1, '7');
    tracker.settle('t', 1, '7');
    const first = tracker.committable();
    expect(first).toEqual([
      { topic: 't', partition: 0, offset: '5' },
      { topic: 't', partition: 1, offset: '8' },
    ]);
    tracker.markCommitted(first);
    expect(tracker.committable()).toEqual([]);
    expect(tracker.unsettled).toBe(1);
  });

  it('forgets partitions that a rebalance took away', () => {
    const tracker = new OffsetTracker();
    tracker.begin('t', 0, '1');
    tracker.begin('t', 1, '1');
    tracker.retain([{ topic: 't', partitions: [1] }]);
    expect(tracker.committable()).toEqual([{ topic: 't', partition: 1, offset: '1' }]);
  });
});
