import type { LedgerEntry } from './types.ts';

/** Every committed effect, in commit order: the evidence for "at most one effect per intent". */
export class Ledger {
  #entries: LedgerEntry[] = [];

  record(entry: LedgerEntry): void {
    this.#entries.push(entry);
  }

  list(): LedgerEntry[] {
    return this.#entries.map((entry) => ({ ...entry }));
  }

  reset(): void {
    this.#entries = [];
  }
}
