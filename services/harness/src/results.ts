import { parseResultEvent, type ResultEvent } from '@vendstream/contracts';
import type { Consumer, Kafka } from 'kafkajs';

/**
 * Reads the results topic like a consumer of vendstream would: dedupes by intent id (results are
 * published at least once) but counts duplicates and conflicting statuses, which must never differ.
 */
export class ResultCollector {
  readonly byIntent = new Map<string, ResultEvent>();
  /** When each intent's first result arrived here (epoch ms). */
  readonly receivedAt = new Map<string, number>();
  /** Result events received, duplicates included. */
  received = 0;
  /** Same intent id, different status: must stay empty (one terminal state per intent). */
  readonly conflicts: { intentId: string; first: string; second: string }[] = [];
  readonly invalidEvents: string[] = [];
  readonly #consumer: Consumer;
  readonly #listeners = new Set<() => void>();

  private constructor(consumer: Consumer) {
    this.#consumer = consumer;
  }

  static async start(kafka: Kafka, topic: string, groupId: string): Promise<ResultCollector> {
    const consumer = kafka.consumer({ groupId, sessionTimeout: 30_000 });
    const collector = new ResultCollector(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) collector.#add(message.value);
        for (const listener of collector.#listeners) listener();
      },
    });
    return collector;
  }

  #add(value: Buffer | null): void {
    this.received++;
    const parsed = parseResultEvent(value?.toString() ?? '');
    if (!parsed.ok) {
      this.invalidEvents.push(value?.toString().slice(0, 200) ?? '');
      return;
    }
    const { data } = parsed.event;
    const earlier = this.byIntent.get(data.intentId);
    if (earlier && earlier.data.status !== data.status) {
      this.conflicts.push({ intentId: data.intentId, first: earlier.data.status, second: data.status });
    }
    if (!earlier) {
      this.byIntent.set(data.intentId, parsed.event);
      this.receivedAt.set(data.intentId, Date.now());
    }
  }

  /** Resolves once `predicate` holds (checked after every batch), or rejects after `timeoutMs`. */
  waitUntil(predicate: (c: ResultCollector) => boolean, timeoutMs: number, what = 'results'): Promise<void> {
    if (predicate(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#listeners.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} (have ${this.byIntent.size})`));
      }, timeoutMs);
      const check = () => {
        if (!predicate(this)) return;
        clearTimeout(timer);
        this.#listeners.delete(check);
        resolve();
      };
      this.#listeners.add(check);
    });
  }

  onBatch(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  countByStatus(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const event of this.byIntent.values())
      counts[event.data.status] = (counts[event.data.status] ?? 0) + 1;
    return counts;
  }

  async stop(): Promise<void> {
    await this.#consumer.disconnect();
  }
}
