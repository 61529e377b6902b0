/**
 * Which Kafka offsets may be committed. Intents run concurrently and finish out of order, so a
 * partition's committable offset is the lowest offset not yet settled ("settled" = durably claimed
 * in the store, or finished). A crash replays from there; every replayed intent meets its claim.
 *
 *   offsets   10  11  12  13  14
 *   settled    y   y   n   y   n      -> commit 12 (Kafka's convention: the next offset to read)
 */
export class OffsetTracker {
  // topic:partition -> offsets dispatched but not settled (insertion order is offset order)
  readonly #pending = new Map<string, Set<bigint>>();
  // topic:partition -> one past the highest offset dispatched
  readonly #next = new Map<string, bigint>();
  // topic:partition -> last offset committed, to skip redundant commits
  readonly #committed = new Map<string, bigint>();

  static key(topic: string, partition: number): string {
    return `${topic}\u0000${partition}`;
  }

  begin(topic: string, partition: number, offset: string): void {
    const key = OffsetTracker.key(topic, partition);
    const value = BigInt(offset);
    let set = this.#pending.get(key);
    if (!set) {
      set = new Set();
      this.#pending.set(key, set);
    }
    set.add(value);
    const next = this.#next.get(key);
    if (next === undefined || value + 1n > next) this.#next.set(key, value + 1n);
  }

  settle(topic: string, partition: number, offset: string): void {
    this.#pending.get(OffsetTracker.key(topic, partition))?.delete(BigInt(offset));
  }

  /** Offsets to commit now (only partitions whose committable offset moved). */
  committable(): { topic: string; partition: number; offset: string }[] {
    const out: { topic: string; partition: number; offset: string }[] = [];
    for (const [key, next] of this.#next) {
      const pending = this.#pending.get(key);
      let lowest = next;
      if (pending) for (const offset of pending) if (offset < lowest) lowest = offset;
      if (this.#committed.get(key) === lowest) continue;
      const [topic = '', partition = '0'] = key.split('\u0000');
      out.push({ topic, partition: Number(partition), offset: lowest.toString() });
    }
    return out;
  }

  markCommitted(entries: { topic: string; partition: number; offset: string }[]): void {
    for (const e of entries) this.#committed.set(OffsetTracker.key(e.topic, e.partition), BigInt(e.offset));
  }

  /** After a rebalance: forget partitions this member no longer owns (their new owner replays them). */
  retain(assigned: { topic: string; partitions: number[] }[]): void {
    const keep = new Set(assigned.flatMap((a) => a.partitions.map((p) => OffsetTracker.key(a.topic, p))));
    for (const map of [this.#pending, this.#next, this.#committed]) {
      for (const key of map.keys()) if (!keep.has(key)) map.delete(key);
    }
  }

  get unsettled(): number {
    let count = 0;
    for (const set of this.#pending.values()) count += set.size;
    return count;
  }
}
