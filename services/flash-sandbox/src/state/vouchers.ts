import { SANDBOX_VOUCHERS } from '../seed.ts';
import { type IdGenerator, randomDigits } from './ids.ts';

export type VoucherKind = '1voucher' | 'gift-voucher' | 'cash-out-pin' | 'eezi-voucher';
export type VoucherStatus = 'active' | 'redeemed' | 'cancelled' | 'reversed';

export interface Voucher {
  readonly pin: string;
  readonly serialNumber: string;
  readonly kind: VoucherKind;
  readonly amount: number;
  readonly expiresAt: number;
  readonly productCode: number;
  /** The merchant account that bought it ('' for seeded vouchers). */
  readonly accountNumber: string;
  status: VoucherStatus;
}

const THREE_YEARS_MS = 3 * 365 * 24 * 3_600_000;

export class Vouchers {
  readonly #byPin = new Map<string, Voucher>();
  readonly #bySerial = new Map<string, Voucher>();
  readonly #ids: IdGenerator;

  constructor(ids: IdGenerator, now: number) {
    this.#ids = ids;
    this.reset(now);
  }

  reset(now: number): void {
    this.#byPin.clear();
    this.#bySerial.clear();
    const V = SANDBOX_VOUCHERS;
    const expires = now + THREE_YEARS_MS;
    this.#add(V.active100.pin, V.active100.amount, expires, 'active');
    this.#add(V.active500.pin, V.active500.amount, expires, 'active');
    this.#add(V.redeemed.pin, V.redeemed.amount, expires, 'redeemed');
    this.#add(V.cancelled.pin, V.cancelled.amount, expires, 'cancelled');
    this.#add(V.expired.pin, V.expired.amount, Date.UTC(2020, 0, 1), 'active');
  }

  #add(pin: string, amount: number, expiresAt: number, status: VoucherStatus): void {
    const voucher: Voucher = {
      pin,
      serialNumber: this.#ids.serialNumber('1V'),
      kind: '1voucher',
      amount,
      expiresAt,
      productCode: 10001,
      accountNumber: '',
      status,
    };
    this.#byPin.set(pin, voucher);
    this.#bySerial.set(voucher.serialNumber, voucher);
  }

  issue(kind: VoucherKind, amount: number, productCode: number, accountNumber: string, now: number): Voucher {
    let pin = randomDigits(16);
    while (this.#byPin.has(pin)) pin = randomDigits(16);
    const voucher: Voucher = {
      pin,
      serialNumber: this.#ids.serialNumber(SERIAL_PREFIX[kind]),
      kind,
      amount,
      expiresAt: now + THREE_YEARS_MS,
      productCode,
      accountNumber,
      status: 'active',
    };
    this.#byPin.set(pin, voucher);
    this.#bySerial.set(voucher.serialNumber, voucher);
    return voucher;
  }

  byPin(pin: string): Voucher | undefined {
    return this.#byPin.get(pin);
  }

  bySerial(serialNumber: string): Voucher | undefined {
    return this.#bySerial.get(serialNumber);
  }
}

const SERIAL_PREFIX: Readonly<Record<VoucherKind, string>> = {
  '1voucher': '1V',
  'gift-voucher': 'GV',
  'cash-out-pin': 'CO',
  'eezi-voucher': 'EZ',
};
