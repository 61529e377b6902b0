import { type AccountStatus, SANDBOX_ACCOUNTS } from '../seed.ts';

export interface Account {
  readonly accountNumber: string;
  balance: number;
  status: AccountStatus;
}

export class Accounts {
  readonly #byNumber = new Map<string, Account>();

  constructor() {
    this.reset();
  }

  reset(): void {
    this.#byNumber.clear();
    for (const seed of Object.values(SANDBOX_ACCOUNTS)) {
      this.#byNumber.set(seed.accountNumber, { ...seed });
    }
  }

  get(accountNumber: string): Account | undefined {
    return this.#byNumber.get(accountNumber);
  }

  list(): Account[] {
    return [...this.#byNumber.values()].map((a) => ({ ...a }));
  }
}
