/**
 * Identifiers the sandbox issues. Counters survive reset() on purpose: a client that kept a
 * transactionId from before a reset must never see it reused for a different transaction.
 */
export class IdGenerator {
  #transaction = 100_000_000;
  #serial = 0;

  /** Digits only, so that clients may treat it as an integer (later revisions do). */
  transactionId(): string {
    this.#transaction += 1;
    return String(this.#transaction);
  }

  serialNumber(prefix: string): string {
    this.#serial += 1;
    return `${prefix}${String(this.#serial).padStart(10, '0')}`;
  }
}

/** Not cryptographically strong: these are test PINs, and uniqueness is checked by the caller. */
export function randomDigits(length: number): string {
  let out = String(1 + Math.floor(Math.random() * 9));
  while (out.length < length) {
    out += String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
  }
  return out.slice(0, length);
}
