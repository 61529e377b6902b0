/**
 * A counting semaphore that bounds the intents being worked on at once (parse, claim, provider
 * call). Intents waiting behind their ordering key do not hold a slot (see worker.ts).
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

  /**
   * Resolves when a slot is free, or after `maxWaitMs` with false (so the caller can heartbeat).
   * Without `maxWaitMs` it waits as long as it takes. Waiters are served in arrival order.
   */
  acquire(maxWaitMs = Number.POSITIVE_INFINITY): Promise<boolean> {
    if (this.tryAcquire()) return Promise.resolve(true);
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter = () => {
        clearTimeout(timer);
        this.#used++;
        resolve(true);
      };
      if (Number.isFinite(maxWaitMs)) {
        timer = setTimeout(() => {
          this.#waiters = this.#waiters.filter((w) => w !== waiter);
          resolve(false);
        }, maxWaitMs);
      }
      this.#waiters.push(waiter);
    });
  }

  /** Runs `task` holding one slot, waiting for it first. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  release(): void {
    this.#used--;
    const next = this.#waiters.shift();
    if (next) next();
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
