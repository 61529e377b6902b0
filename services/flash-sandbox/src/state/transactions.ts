import type { OperationName } from '../types.ts';
import type { Voucher } from './vouchers.ts';

/** A committed effect, kept by reference so reversals and refunds can find their original. */
export interface TransactionRecord {
  readonly reference: string;
  readonly operation: OperationName;
  readonly accountNumber: string;
  readonly amount: number;
  readonly transactionId: string;
  readonly productCode: number | undefined;
  readonly at: number;
  readonly voucher: Voucher | undefined;
  reversed: boolean;
  refunded: boolean;
}

export class Transactions {
  readonly #byReference = new Map<string, TransactionRecord>();

  reset(): void {
    this.#byReference.clear();
  }

  add(record: TransactionRecord): void {
    this.#byReference.set(record.reference, record);
  }

  get(reference: string): TransactionRecord | undefined {
    return this.#byReference.get(reference);
  }
}
