/**
 * A counting semaphore that bounds in-flight intents (and so memory): when it is full the consumer
 * stops taking messages, which stops fetching (backpressure, not an unbounded queue).
 */
export class Semaphore {
  readonly #capacity: number;
  #used = 0;
  #waiters: (() => void)[] = [];

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('capacity must be a positive integer');
    this.#capacity = capacity;
  }

  get inUse(): number {
    return this.#used;
  }

  tryAcquire(): boolean {
    if (this.#used >= this.#capacity) return false;
    this.#used++;
    return true;
  }

  /** Resolves when a slot is free or after `maxWaitMs` (false), so the caller can heartbeat. */
  acquire(maxWaitMs: number): Promise<boolean> {
    if (this.tryAcquire()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = () => {
        clearTimeout(timer);
        this.#used++;
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        resolve(false);
      }, maxWaitMs);
      this.#waiters.push(waiter);
    });
  }

  release(): void {
    this.#used--;
    const next = this.#waiters.shift();
    if (next) next();
  }

  /** Resolves once nothing is in use (or after `timeoutMs`, false). */
  async drained(timeoutMs: number, pollMs = 20): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.#used > 0) {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, pollMs));
    }
    return true;
  }
}

/**
 * Runs tasks with the same key one after another, in submission order; different keys run
 * concurrently. Intents sharing an ordering key (e.g. one wallet) are sent in the order produced.
 */
export class KeyedSerializer {
  readonly #tails = new Map<string, Promise<void>>();

  run(key: string, task: () => Promise<void>): Promise<void> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const current = previous.then(task, task);
    const tail = current.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return current;
  }

  get activeKeys(): number {
    return this.#tails.size;
  }
}
