import { createHash } from 'node:crypto';
import { ContractsError } from './errors.ts';
import { INTENT_STEPS, type IntentType } from './intent-types.ts';

/**
 * Flash references: only `-`, `.`, `=`, letters and digits, unique across all transactions, and
 * (code 2301) bounded in length: we keep them at 40 characters or fewer.
 *
 * A reference is a pure function of the intent id (and step), so every retry by any worker or
 * reconciler sends the same one: that is what makes Flash's 30-minute idempotency window protect
 * us from paying twice.
 *
 * Two forms, which can never collide with each other or across steps:
 * - readable: the id itself, when it holds only letters, digits and `-` and is at most 38 chars
 *   (UUIDs and ULIDs qualify). 38 leaves room for a `.X` step suffix within 40.
 * - hashed: `h=` + the first 32 hex chars of sha256(id) (128 bits), for any other id. `=` never
 *   appears in a readable reference, so a readable id cannot equal a hashed reference.
 * A step adds `.` + one letter or digit (e.g. `.L` lookup, `.P` purchase); `.` never appears in
 * either base form, so `<id>.L` cannot equal another id's reference.
 */
export const MAX_REFERENCE_LENGTH = 40;
const READABLE_ID = /^[A-Za-z0-9-]{1,38}$/;
const STEP = /^[A-Za-z0-9]$/;
/** Flash's charset plus our length cap: what the provider client may assert before sending. */
export const REFERENCE_PATTERN = /^[A-Za-z0-9.=-]{1,40}$/;

export function deriveReference(intentId: string, step?: string): string {
  if (intentId.length === 0 || intentId.length > 200) {
    throw new ContractsError('INVALID_REFERENCE_INPUT', 'intent id must be 1..200 characters');
  }
  if (step !== undefined && !STEP.test(step)) {
    throw new ContractsError('INVALID_REFERENCE_INPUT', 'step must be exactly one letter or digit');
  }
  const base = READABLE_ID.test(intentId)
    ? intentId
    : `h=${createHash('sha256').update(intentId, 'utf8').digest('hex').slice(0, 32)}`;
  return step === undefined ? base : `${base}.${step}`;
}

/**
 * The reference of every step of an intent, keyed by step name. Single-step types have one step,
 * `V`, whose reference is the bare `deriveReference(id)`; prepaid utilities have `L` (meter lookup)
 * and `P` (purchase). The store keeps this map with the claim.
 */
export function intentReferences(intentId: string, type: IntentType): Record<string, string> {
  const steps = INTENT_STEPS[type];
  if (steps.length === 1) return { [steps[0] ?? 'V']: deriveReference(intentId) };
  return Object.fromEntries(steps.map((step) => [step, deriveReference(intentId, step)]));
}
