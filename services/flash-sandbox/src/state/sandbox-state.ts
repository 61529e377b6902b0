import { Ledger } from '../ledger.ts';
import { Accounts } from './accounts.ts';
import { IdGenerator } from './ids.ts';
import { Meters } from './meters.ts';
import { Transactions } from './transactions.ts';
import { Vouchers } from './vouchers.ts';

/** Everything an operation may read or change. All changes happen synchronously inside one request. */
export class SandboxState {
  readonly ids = new IdGenerator();
  readonly accounts = new Accounts();
  readonly meters = new Meters();
  readonly transactions = new Transactions();
  readonly ledger = new Ledger();
  readonly vouchers: Vouchers;
  readonly reversalWindowMs: number;

  constructor(now: number, reversalWindowMs: number) {
    this.vouchers = new Vouchers(this.ids, now);
    this.reversalWindowMs = reversalWindowMs;
  }

  reset(now: number): void {
    this.accounts.reset();
    this.meters.reset();
    this.transactions.reset();
    this.ledger.reset();
    this.vouchers.reset(now);
  }
}
