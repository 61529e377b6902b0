import type { Message, Producer } from 'kafkajs';

export interface BatchingProducerOptions {
  /** Flush when this many messages wait. Default 500. */
  maxBatchMessages?: number;
  /** Flush at most this long after the first waiting message. Default 5 ms. */
  lingerMs?: number;
}

interface Pending {
  topic: string;
  message: Message;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Coalesces many concurrent `send` calls into one `sendBatch`, like the Java producer's linger.
 * kafkajs sends one request per `send`; with hundreds of intents finishing at once that costs a
 * round trip each. Every caller still gets its own promise, settled when its batch is acknowledged
 * (acks=-1), so "published" keeps meaning "durably in the log".
 */
export class BatchingProducer {
  readonly #producer: Producer;
  readonly #maxBatch: number;
  readonly #lingerMs: number;
  #pending: Pending[] = [];
  #timer: NodeJS.Timeout | undefined;
  #inFlight = new Set<Promise<void>>();

  constructor(producer: Producer, options: BatchingProducerOptions = {}) {
    this.#producer = producer;
    this.#maxBatch = options.maxBatchMessages ?? 500;
    this.#lingerMs = options.lingerMs ?? 5;
    if (this.#maxBatch < 1) throw new Error('maxBatchMessages must be at least 1');
  }

  send(topic: string, message: Message): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ topic, message, resolve, reject });
      if (this.#pending.length >= this.#maxBatch) this.#flushNow();
      else this.#timer ??= setTimeout(() => this.#flushNow(), this.#lingerMs);
    });
  }

  /** Sends everything waiting and resolves when every batch in flight is acknowledged. */
  async flush(): Promise<void> {
    this.#flushNow();
    await Promise.allSettled([...this.#inFlight]);
  }

  #flushNow(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#pending;
    if (batch.length === 0) return;
    this.#pending = [];
    const byTopic = new Map<string, Message[]>();
    for (const p of batch) {
      const list = byTopic.get(p.topic) ?? [];
      list.push(p.message);
      byTopic.set(p.topic, list);
    }
    const sending = this.#producer
      .sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) })
      .then(
        () => {
          for (const p of batch) p.resolve();
        },
        (error: unknown) => {
          for (const p of batch) p.reject(error);
        },
      )
      .finally(() => this.#inFlight.delete(sending));
    this.#inFlight.add(sending);
  }
}
