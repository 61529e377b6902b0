import type { LedgerEntry } from '@vendstream/flash-sandbox';
import type { ResultCollector } from './results.ts';

export interface LedgerCheck {
  /** Intents with more than one committed effect at Flash: must be empty (invariant 1). */
  doubleEffects: { intentId: string; effects: number }[];
  /** Succeeded results whose effect is missing from the ledger. */
  succeededWithoutEffect: string[];
  /** Failed/rejected results that nonetheless have an effect (something sold but reported unsold). */
  effectWithoutSuccess: string[];
  /** Effects whose reference no intent derives (a reference was invented). */
  foreignReferences: string[];
  effects: number;
  ok: boolean;
}

/**
 * Compares Flash's ledger (every committed effect) with the results. A prepaid-utility intent
 * commits two entries (`<id>.L` lookup, `<id>.P` purchase); every other intent commits one (`<id>`).
 * Effects are grouped by operation class so a lookup and a purchase of one intent count once each.
 */
export function checkLedger(
  ledger: LedgerEntry[],
  results: ResultCollector,
  intentIds: Iterable<string>,
): LedgerCheck {
  const ids = new Set(intentIds);
  const perKey = new Map<string, number>();
  const intentsWithEffect = new Set<string>();
  const foreignReferences: string[] = [];
  for (const entry of ledger) {
    const match = /^(.*?)(\.[LP])?$/.exec(entry.reference);
    const intentId = match?.[1] ?? entry.reference;
    if (!ids.has(intentId)) {
      foreignReferences.push(entry.reference);
      continue;
    }
    const key = `${intentId}|${entry.operation}`;
    perKey.set(key, (perKey.get(key) ?? 0) + 1);
    if (entry.operation !== 'prepaid-utility.lookup') intentsWithEffect.add(intentId);
  }
  const doubleEffects = [...perKey]
    .filter(([, count]) => count > 1)
    .map(([key, effects]) => ({ intentId: key.split('|')[0] ?? key, effects }));
  const succeededWithoutEffect: string[] = [];
  const effectWithoutSuccess: string[] = [];
  for (const id of ids) {
    const status = results.byIntent.get(id)?.data.status;
    if (status === 'succeeded' && !intentsWithEffect.has(id)) succeededWithoutEffect.push(id);
    if ((status === 'failed' || status === 'rejected') && intentsWithEffect.has(id))
      effectWithoutSuccess.push(id);
  }
  return {
    doubleEffects,
    succeededWithoutEffect,
    effectWithoutSuccess,
    foreignReferences,
    effects: ledger.length,
    ok:
      doubleEffects.length === 0 &&
      succeededWithoutEffect.length === 0 &&
      effectWithoutSuccess.length === 0 &&
      foreignReferences.length === 0,
  };
}
