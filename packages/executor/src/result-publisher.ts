import {
  buildResultEvent,
  type ResultData,
  type ResultEvent,
  type SecretSealer,
} from '@vendstream/contracts';
import type { IntentStore } from '@vendstream/intent-store';
import type { BatchingProducer, TopicNames } from '@vendstream/kafka';
import type { Logger } from '@vendstream/logging';

export interface ResultPublisherOptions {
  producer: BatchingProducer;
  topics: TopicNames;
  store: IntentStore;
  logger: Logger;
  /** How often published intents have their outbox flag cleared, in one batch. Default 1000 ms. */
  outboxFlushMs?: number;
}

/**
 * Publishes terminal results (and `unresolved` ones to the needs-a-person topic too), then clears
 * their outbox flags in the background, in batches: a third store write per intent would cost as
 * much as the claim. If this process dies first, the reconciler finds the flag still set after the
 * outbox grace period and republishes; consumers dedupe by intent id.
 */
export class ResultPublisher {
  readonly #options: ResultPublisherOptions;
  #published: string[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(options: ResultPublisherOptions) {
    this.#options = options;
    this.#timer = setInterval(() => void this.flushOutbox(), options.outboxFlushMs ?? 1000);
    this.#timer.unref();
  }

  async publish(event: ResultEvent): Promise<void> {
    const { producer, topics } = this.#options;
    const message = { key: event.data.intentId, value: JSON.stringify(event) };
    const sends = [producer.send(topics.results, message)];
    if (event.data.status === 'unresolved') sends.push(producer.send(topics.needsPerson, message));
    await Promise.all(sends);
    this.#published.push(event.data.intentId);
  }

  /**
   * Reports something a person must look at that is NOT the intent's result (e.g. a second message
   * reusing an intent id with another payload): only to the needs-a-person topic, never to results,
   * where consumers dedupe by intent id and would take it for the original intent's outcome.
   */
  async reportToPerson(event: ResultEvent): Promise<void> {
    const { producer, topics } = this.#options;
    await producer.send(topics.needsPerson, { key: event.data.intentId, value: JSON.stringify(event) });
  }

  /** Clears the outbox flags of everything published so far. Serialised: one batch at a time. */
  flushOutbox(): Promise<void> {
    this.#flushing = this.#flushing.then(async () => {
      const batch = this.#published;
      if (batch.length === 0) return;
      this.#published = [];
      try {
        const outcome = await this.#options.store.markPublished(batch);
        if (outcome.failed.length > 0) {
          this.#published.push(...outcome.failed.map((f) => f.intentId));
          this.#options.logger.warn(
            { failed: outcome.failed.length },
            'outbox flags not cleared; will retry',
          );
        }
      } catch (error) {
        this.#published.push(...batch);
        this.#options.logger.warn({ err: error }, 'outbox flush failed; will retry');
      }
    });
    return this.#flushing;
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#options.producer.flush();
    await this.flushOutbox();
  }
}

/**
 * The event of a result read back from the store (its secrets opened by the store), sealed again:
 * for republishing after a crash between the terminal write and the publish. Same event id.
 */
export function storedResultEvent(
  data: ResultData,
  options: { source: string; sealer: SecretSealer },
): ResultEvent {
  const {
    intentId,
    intentType,
    status,
    references,
    attempts,
    providerResponse,
    error,
    batchid,
    completedAt,
  } = data;
  return buildResultEvent(
    { intentId, intentType, status, references, attempts, providerResponse, error, batchid, completedAt },
    options,
  );
}
