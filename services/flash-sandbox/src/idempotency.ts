/**
 * The draft's idempotency: the same reference inside the window returns the original response
 * byte for byte; outside it, the reference is refused as a duplicate (2201) and never vended again.
 *
 * A reference is global across operations. "The same request" means the same operation and the
 * same canonical JSON of the request body (`canonicalJson` from contracts, the one the payload hash
 * uses: keys sorted at every depth, so key order and whitespace do not matter, but types do: "1"
 * and 1 differ). The path prefix (/v4 or /aggregation/4.0) and
 * the gift-voucher path spelling do not count.
 *
 *   t0 first request ──────────── t0 + window ───────────────────────────►
 *      same key  -> stored status+body      │ any request -> 2201 duplicate
 *      other key -> 2256 mismatch           │ (stored body dropped, reference kept)
 */

export interface StoredResponse {
  readonly key: string;
  readonly status: number;
  readonly body: string;
  readonly storedAt: number;
}

export type IdempotencyCheck =
  | { readonly kind: 'new' }
  | { readonly kind: 'replay'; readonly response: StoredResponse }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'expired' };

const NEW: IdempotencyCheck = { kind: 'new' };
const MISMATCH: IdempotencyCheck = { kind: 'mismatch' };
const EXPIRED: IdempotencyCheck = { kind: 'expired' };

/** How many of the oldest entries each store() examines for expiry: keeps memory bounded in O(1). */
const SWEEP_PER_STORE = 2;

export class IdempotencyStore {
  readonly #windowMs: number;
  readonly #now: () => number;
  /** Insertion order is time order, so the oldest entries are first. */
  readonly #live = new Map<string, StoredResponse>();
  /** References whose window has closed: only the name is kept, to answer 2201 forever. */
  readonly #spent = new Set<string>();

  constructor(windowMs: number, now: () => number) {
    this.#windowMs = windowMs;
    this.#now = now;
  }

  check(reference: string, key: string): IdempotencyCheck {
    const stored = this.#live.get(reference);
    if (stored === undefined) return this.#spent.has(reference) ? EXPIRED : NEW;
    if (this.#now() >= stored.storedAt + this.#windowMs) return EXPIRED;
    return stored.key === key ? { kind: 'replay', response: stored } : MISMATCH;
  }

  store(reference: string, key: string, status: number, body: string): void {
    const now = this.#now();
    this.#live.set(reference, { key, status, body, storedAt: now });
    for (let i = 0; i < SWEEP_PER_STORE; i++) {
      const oldest = this.#live.entries().next();
      if (oldest.done === true || now < oldest.value[1].storedAt + this.#windowMs) break;
      this.#live.delete(oldest.value[0]);
      this.#spent.add(oldest.value[0]);
    }
  }

  reset(): void {
    this.#live.clear();
    this.#spent.clear();
  }
}
