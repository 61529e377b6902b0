import type { FaultAction, FaultRule } from './types.ts';

/**
 * Fault rules and the magic references. Evaluated per request after authentication and before
 * validation and idempotency, so an idempotent replay is subject to latency, hang and drop rules too
 * (the replay itself can never create a second effect).
 */

export interface FaultTarget {
  readonly operation: string;
  /** The path as received, e.g. /aggregation/4.0/1voucher/purchase. */
  readonly path: string;
  /** The path without its API prefix, e.g. /1voucher/purchase. */
  readonly route: string;
  readonly accountNumber: string | undefined;
  readonly reference: string | undefined;
}

/** What happens to one request. `stop` ends it before any processing (so with no effect). */
export interface FaultPlan {
  latencyMs: number;
  stop:
    | { kind: 'hang' }
    | { kind: 'refuse' }
    | { kind: 'http-status'; status: number }
    | { kind: 'response-code'; code: number; httpStatus: number }
    | { kind: 'throttle' }
    | { kind: 'unparseable-body'; httpStatus: number }
    | undefined;
  commitThenDrop: boolean;
  /** The hold rule to wait on before anything else happens to the request. */
  holdRule: string | undefined;
}

interface ActiveRule {
  readonly id: string;
  readonly rule: FaultRule;
  readonly pattern: RegExp | undefined;
  remaining: number | undefined;
  /** A hold rule that used up its `times` stops matching but keeps holding until it is removed. */
  exhausted: boolean;
  throttleSecond: number;
  throttleCount: number;
}

export class FaultRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultRuleError';
  }
}

const MAGIC = /sbx-(hang|drop|refuse|garbage|http(\d{3})|rc(\d{1,4})|slow(\d{1,6}))/;

export class Faults {
  readonly #random: () => number;
  readonly #now: () => number;
  #rules: ActiveRule[] = [];
  #nextId = 1;
  /** Magic faults fire once per reference, so the client's retry with the same reference gets through. */
  readonly #magicFired = new Set<string>();
  /** Requests parked by hold rules, by rule id, each with the function that lets it go on. */
  readonly #held = new Map<string, Array<() => void>>();

  constructor(now: () => number, random: () => number) {
    this.#now = now;
    this.#random = random;
  }

  add(rule: FaultRule): string {
    const pattern = validateRule(rule);
    const id = `fault-${this.#nextId++}`;
    this.#rules.push({
      id,
      rule,
      pattern,
      remaining: rule.times,
      exhausted: false,
      throttleSecond: -1,
      throttleCount: 0,
    });
    return id;
  }

  remove(id: string): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((r) => r.id !== id);
    this.#release(id);
    return this.#rules.length !== before;
  }

  list(): Array<FaultRule & { id: string; remaining?: number; held?: number }> {
    return this.#rules.map((r) => ({
      id: r.id,
      ...r.rule,
      ...(r.remaining === undefined ? {} : { remaining: r.remaining }),
      ...(r.rule.action.kind === 'hold' ? { held: this.#held.get(r.id)?.length ?? 0 } : {}),
    }));
  }

  clear(): void {
    const ids = this.#rules.map((r) => r.id);
    this.#rules = [];
    for (const id of ids) this.#release(id);
  }

  reset(): void {
    this.clear();
    this.#magicFired.clear();
  }

  /**
   * Parks a request on its hold rule until the rule is removed; runs it at once if the rule is
   * already gone. The released requests run on a later tick, never inside the caller's remove().
   */
  hold(ruleId: string, resume: () => void): void {
    if (!this.#rules.some((r) => r.id === ruleId)) {
      resume();
      return;
    }
    const parked = this.#held.get(ruleId);
    if (parked === undefined) this.#held.set(ruleId, [resume]);
    else parked.push(resume);
  }

  heldCount(): number {
    let count = 0;
    for (const parked of this.#held.values()) count += parked.length;
    return count;
  }

  /** Forgets held requests without running them (the server is closing their sockets). */
  dropHeld(): void {
    this.#held.clear();
  }

  #release(ruleId: string): void {
    const parked = this.#held.get(ruleId);
    if (parked === undefined) return;
    this.#held.delete(ruleId);
    setImmediate(() => {
      for (const resume of parked) resume();
    });
  }

  /** undefined when nothing applies (the common, fast case). */
  plan(target: FaultTarget): FaultPlan | undefined {
    const reference = target.reference;
    let plan: FaultPlan | undefined;
    if (reference?.includes('sbx-')) plan = this.#magic(reference);
    if (this.#rules.length === 0) return plan;
    const applied: ActiveRule[] = [];
    for (const active of this.#rules) {
      if (!this.#matches(active, target)) continue;
      const action = active.rule.action;
      plan ??= { latencyMs: 0, stop: undefined, commitThenDrop: false, holdRule: undefined };
      switch (action.kind) {
        case 'hold':
          if (plan.holdRule === undefined) {
            plan.holdRule = active.id;
            applied.push(active);
          }
          break;
        case 'latency':
          plan.latencyMs += this.#sampleLatency(action);
          applied.push(active);
          break;
        case 'throttle': {
          const second = Math.floor(this.#now() / 1000);
          if (active.throttleSecond !== second) {
            active.throttleSecond = second;
            active.throttleCount = 0;
          }
          if (active.throttleCount >= action.maxPerSecond) {
            if (plan.stop === undefined) {
              plan.stop = { kind: 'throttle' };
              applied.push(active);
            }
          } else {
            active.throttleCount += 1;
          }
          break;
        }
        case 'commit-then-drop':
          if (!plan.commitThenDrop && plan.stop === undefined) {
            plan.commitThenDrop = true;
            applied.push(active);
          }
          break;
        case 'hang':
        case 'refuse':
        case 'http-status':
        case 'response-code':
        case 'unparseable-body':
          if (plan.stop === undefined) {
            plan.stop = stopFor(action);
            applied.push(active);
          }
          break;
      }
    }
    // A request that stops early is never processed, so a drop rule did not really apply to it.
    if (plan?.stop !== undefined && plan.commitThenDrop) plan.commitThenDrop = false;
    for (const active of applied) {
      if (active.remaining === undefined) continue;
      if (active.rule.action.kind === 'commit-then-drop' && plan?.commitThenDrop !== true) continue;
      active.remaining -= 1;
      if (active.remaining > 0) continue;
      // A used-up hold rule must stay to keep holding what it holds; it just stops matching.
      if (active.rule.action.kind === 'hold') active.exhausted = true;
      else this.remove(active.id);
    }
    return plan;
  }

  #matches(active: ActiveRule, target: FaultTarget): boolean {
    if (active.exhausted) return false;
    const match = active.rule.match;
    if (match !== undefined) {
      if (match.operation !== undefined && match.operation !== target.operation) return false;
      if (
        match.pathPrefix !== undefined &&
        !target.path.startsWith(match.pathPrefix) &&
        !target.route.startsWith(match.pathPrefix)
      ) {
        return false;
      }
      if (match.accountNumber !== undefined && match.accountNumber !== target.accountNumber) return false;
      if (active.pattern !== undefined) {
        if (target.reference === undefined || !active.pattern.test(target.reference)) return false;
      }
      if (match.probability !== undefined && match.probability < 1 && this.#random() >= match.probability) {
        return false;
      }
    }
    return true;
  }

  #magic(reference: string): FaultPlan | undefined {
    const m = MAGIC.exec(reference);
    if (m === null || this.#magicFired.has(reference)) return undefined;
    this.#magicFired.add(reference);
    const plan: FaultPlan = { latencyMs: 0, stop: undefined, commitThenDrop: false, holdRule: undefined };
    const word = m[1] ?? '';
    if (word === 'hang') plan.stop = { kind: 'hang' };
    else if (word === 'refuse') plan.stop = { kind: 'refuse' };
    else if (word === 'drop') plan.commitThenDrop = true;
    else if (word === 'garbage') plan.stop = { kind: 'unparseable-body', httpStatus: 200 };
    else if (m[2] !== undefined) plan.stop = { kind: 'http-status', status: Number(m[2]) };
    else if (m[3] !== undefined) plan.stop = { kind: 'response-code', code: Number(m[3]), httpStatus: 200 };
    else if (m[4] !== undefined) plan.latencyMs = Number(m[4]);
    return plan;
  }

  #sampleLatency(action: Extract<FaultAction, { kind: 'latency' }>): number {
    if (!('distribution' in action)) return action.ms;
    switch (action.distribution) {
      case 'uniform':
        return action.minMs + this.#random() * (action.maxMs - action.minMs);
      case 'normal': {
        // Box-Muller; 1 - u keeps the logarithm finite.
        const u = 1 - this.#random();
        const v = this.#random();
        const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
        return Math.max(0, action.meanMs + z * action.stdDevMs);
      }
      case 'exponential':
        return -action.meanMs * Math.log(1 - this.#random());
    }
  }
}

function stopFor(action: FaultAction): FaultPlan['stop'] {
  switch (action.kind) {
    case 'hang':
      return { kind: 'hang' };
    case 'refuse':
      return { kind: 'refuse' };
    case 'http-status':
      return { kind: 'http-status', status: action.status };
    case 'response-code':
      return { kind: 'response-code', code: action.code, httpStatus: action.httpStatus ?? 200 };
    case 'unparseable-body':
      return { kind: 'unparseable-body', httpStatus: action.httpStatus ?? 200 };
    default:
      return undefined;
  }
}

function nonNegative(value: unknown, name: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new FaultRuleError(`${name} must be a non-negative number`);
  }
}

/** Rejects a malformed rule at add time (rules also arrive as JSON over the control API). */
function validateRule(rule: FaultRule): RegExp | undefined {
  if (rule === null || typeof rule !== 'object') throw new FaultRuleError('rule must be an object');
  const action = rule.action as FaultAction | undefined;
  if (action === undefined || action === null || typeof action !== 'object') {
    throw new FaultRuleError('action is required');
  }
  switch (action.kind) {
    case 'latency':
      if (!('distribution' in action) || action.distribution === undefined) {
        nonNegative((action as { ms?: unknown }).ms, 'action.ms');
      } else if (action.distribution === 'uniform') {
        nonNegative(action.minMs, 'action.minMs');
        nonNegative(action.maxMs, 'action.maxMs');
        if (action.maxMs < action.minMs) throw new FaultRuleError('action.maxMs must be >= action.minMs');
      } else if (action.distribution === 'normal') {
        nonNegative(action.meanMs, 'action.meanMs');
        nonNegative(action.stdDevMs, 'action.stdDevMs');
      } else if (action.distribution === 'exponential') {
        nonNegative(action.meanMs, 'action.meanMs');
      } else {
        throw new FaultRuleError('action.distribution must be uniform, normal or exponential');
      }
      break;
    case 'http-status':
      if (!Number.isInteger(action.status) || action.status < 200 || action.status > 599) {
        throw new FaultRuleError('action.status must be an HTTP status code');
      }
      break;
    case 'response-code':
      if (!Number.isInteger(action.code)) throw new FaultRuleError('action.code must be an integer');
      if (
        action.httpStatus !== undefined &&
        (!Number.isInteger(action.httpStatus) || action.httpStatus < 100)
      ) {
        throw new FaultRuleError('action.httpStatus must be an HTTP status code');
      }
      break;
    case 'throttle':
      if (!Number.isInteger(action.maxPerSecond) || action.maxPerSecond < 0) {
        throw new FaultRuleError('action.maxPerSecond must be a non-negative integer');
      }
      break;
    case 'unparseable-body':
      if (
        action.httpStatus !== undefined &&
        (!Number.isInteger(action.httpStatus) || action.httpStatus < 100)
      ) {
        throw new FaultRuleError('action.httpStatus must be an HTTP status code');
      }
      break;
    case 'hang':
    case 'hold':
    case 'refuse':
    case 'commit-then-drop':
      break;
    default:
      throw new FaultRuleError(`unknown action.kind ${String((action as { kind?: unknown }).kind)}`);
  }
  if (rule.times !== undefined && (!Number.isInteger(rule.times) || rule.times < 1)) {
    throw new FaultRuleError('times must be a positive integer');
  }
  const match = rule.match;
  if (match === undefined) return undefined;
  if (match.probability !== undefined && !(match.probability >= 0 && match.probability <= 1)) {
    throw new FaultRuleError('match.probability must be between 0 and 1');
  }
  if (match.referencePattern === undefined) return undefined;
  try {
    return new RegExp(match.referencePattern);
  } catch {
    throw new FaultRuleError('match.referencePattern is not a valid regular expression');
  }
}
