export interface QueueLimits {
  /** Messages taken from Kafka and not finished yet (waiting for their key or a slot, or running). */
  maxMessages: number;
  /** Their values' bytes. A message is admitted while the total is under the limit, so the total
   * exceeds it by at most one message (itself bounded by the largest accepted intent). */
  maxBytes: number;
  /** Messages of one ordering key taken and not finished. */
  maxPerKey: number;
}

/**
 * Bounds what the worker holds in memory in front of its in-flight slots. Slots bound concurrent
 * provider calls; this bounds the queue that feeds them, in total (count and bytes) and per ordering
 * key, so one key that receives 100,000 messages behind a slow call costs `maxPerKey` messages of
 * memory, not 100,000. When the total is full the worker stops fetching (waits, heartbeating); when
 * one key is full only that key's partition pauses (see worker.ts).
 */
export class QueueBudget {
  readonly limits: Readonly<QueueLimits>;
  #messages = 0;
  #bytes = 0;
  readonly #perKey = new Map<string, number>();
  #waiters: (() => void)[] = [];

  constructor(limits: QueueLimits) {
    for (const [name, value] of Object.entries(limits)) {
      if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
    }
    this.limits = { ...limits };
  }

  get messages(): number {
    return this.#messages;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** The most messages any one key holds now. */
  get largestKey(): number {
    let largest = 0;
    for (const count of this.#perKey.values()) if (count > largest) largest = count;
    return largest;
  }

  queuedFor(key: string): number {
    return this.#perKey.get(key) ?? 0;
  }

  hasRoom(): boolean {
    return this.#messages < this.limits.maxMessages && this.#bytes < this.limits.maxBytes;
  }

  keyFull(key: string): boolean {
    return this.queuedFor(key) >= this.limits.maxPerKey;
  }

  /** A key paused for being full may resume once it has drained to half its limit (no flapping). */
  keyDrained(key: string): boolean {
    return this.queuedFor(key) <= Math.floor(this.limits.maxPerKey / 2);
  }

  take(key: string, bytes: number): void {
    this.#messages++;
    this.#bytes += bytes;
    this.#perKey.set(key, this.queuedFor(key) + 1);
  }

  give(key: string, bytes: number): void {
    this.#messages--;
    this.#bytes -= bytes;
    const left = this.queuedFor(key) - 1;
    if (left > 0) this.#perKey.set(key, left);
    else this.#perKey.delete(key);
    if (this.hasRoom()) {
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const wake of waiters) wake();
    }
  }

  /** Resolves true once there is room, or false after `maxWaitMs` so the caller can heartbeat. */
  waitForRoom(maxWaitMs: number): Promise<boolean> {
    if (this.hasRoom()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== wake);
        resolve(false);
      }, maxWaitMs);
      this.#waiters.push(wake);
    });
  }

  /** Resolves true once nothing is held (every message finished or skipped), or false after `timeoutMs`. */
  async drained(timeoutMs: number, pollMs = 20): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.#messages > 0) {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, pollMs));
    }
    return true;
  }
}
