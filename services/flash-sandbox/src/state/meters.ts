import { SEED_METERS, type SeedMeter } from '../seed.ts';
import { randomDigits } from './ids.ts';

export interface MeterState {
  readonly seed: SeedMeter;
  arrears: number;
  fbeIssued: boolean;
}

/** A meter lookup, the first of the draft's two steps; the purchase names it by transactionID. */
export interface MeterLookup {
  readonly transactionId: string;
  readonly accountNumber: string;
  readonly meterNumber: string;
  readonly isFBE: boolean;
  used: boolean;
}

export class Meters {
  readonly #meters = new Map<string, MeterState>();
  readonly #lookups = new Map<string, MeterLookup>();
  readonly #tokens = new Set<string>();

  constructor() {
    this.reset();
  }

  reset(): void {
    this.#meters.clear();
    this.#lookups.clear();
    this.#tokens.clear();
    for (const seed of SEED_METERS) {
      this.#meters.set(seed.meterNumber, { seed, arrears: seed.arrears, fbeIssued: false });
    }
  }

  get(meterNumber: string): MeterState | undefined {
    return this.#meters.get(meterNumber);
  }

  addLookup(lookup: MeterLookup): void {
    this.#lookups.set(lookup.transactionId, lookup);
  }

  lookup(transactionId: string): MeterLookup | undefined {
    return this.#lookups.get(transactionId);
  }

  /** A 20-digit STS token, unique within this sandbox. */
  newToken(): string {
    let token = randomDigits(20);
    while (this.#tokens.has(token)) token = randomDigits(20);
    this.#tokens.add(token);
    return token;
  }
}
