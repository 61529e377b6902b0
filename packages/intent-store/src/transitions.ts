import {
  and,
  attr,
  type Condition,
  eq,
  exists,
  isIn,
  le,
  lt,
  notExists,
  or,
  type Path,
  type WritePlan,
} from './condition.ts';
import { IntentStoreError } from './errors.ts';
import { bool, type Item, isTerminalState, n, s, sealedJson, stringMap, TERMINAL_STATES } from './record.ts';
import { dueShardOf, expiresAtFrom, positive, type StoreSettings } from './rules.ts';
import type {
  AdvanceStepInput,
  ClaimForResendInput,
  ClaimInput,
  CompleteInput,
  QuarantineInput,
  RecordRejectedInput,
  RecordUnknownInput,
  ResendableState,
} from './store-types.ts';
import { TTL_ATTRIBUTE } from './table.ts';

/**
 * Every write of the intent lifecycle, once, as data: the item a put creates, or the condition and
 * change of an update. `at` is the store's clock at the call. Both stores run exactly these plans
 * (DynamoDB compiles them to expressions, memory evaluates them), so they cannot drift on a rule.
 * Sealing happens here too: values are stored as sealed JSON in both.
 */

/** A put that creates an item: only if no item has the id. */
export const NEW_ITEM: Condition = notExists(attr('intentId'));

/** `in_flight` and leased to `owner`: the precondition of every transition a worker makes. */
export const heldBy = (owner: string): Condition =>
  and(eq(attr('state'), s('in_flight')), eq(attr('leaseOwner'), s(owner)));

/** `unknown`, or `in_flight` with an expired lease: free for someone without the lease. */
export function takeable(
  at: number,
  states: readonly ResendableState[],
  options: { requireDue?: boolean } = {},
): Condition {
  const parts: Condition[] = [];
  if (states.includes('unknown')) {
    // A resend waits for its back-off: a second reconciler holding a stale read of the item must
    // not resend right after the first one recorded another unknown outcome.
    parts.push(
      options.requireDue
        ? and(eq(attr('state'), s('unknown')), le(attr('nextActionAt'), n(at)))
        : eq(attr('state'), s('unknown')),
    );
  }
  if (states.includes('in_flight')) {
    parts.push(and(eq(attr('state'), s('in_flight')), lt(attr('leaseExpiresAt'), n(at))));
  }
  if (parts.length === 0)
    throw new IntentStoreError('INVALID_ARGUMENT', 'expect must name a resendable state');
  return or(...parts);
}

/** The item `claim` creates: in flight, leased, attempt 1, due at lease expiry. */
export function claimItem(settings: StoreSettings, input: ClaimInput, at: number): Item {
  const currentStep = firstStep(input);
  const leaseExpiresAt = at + input.leaseMs;
  const item: Item = {
    intentId: s(input.intentId),
    type: s(input.type),
    state: s('in_flight'),
    payloadHash: s(input.payloadHash),
    references: stringMap(input.references),
    currentStep: s(currentStep),
    firstSentAt: n(at),
    mayHaveSent: bool(false),
    attempts: n(1),
    leaseOwner: s(input.owner),
    leaseExpiresAt: n(leaseExpiresAt),
    nextActionAt: n(leaseExpiresAt),
    dueShard: s(dueShardOf(input.intentId, settings.dueShards)),
    outboxPending: bool(false),
    intent: sealedJson(settings.sealer, input.intent, input.intentId),
    stepResponses: { M: {} },
    createdAt: n(at),
    updatedAt: n(at),
    expiresAt: n(expiresAtFrom(at, settings.retentionDays)),
  };
  if (input.batchId !== undefined) item.batchId = s(input.batchId);
  return item;
}

/** Checks a claim's arguments; returns the step to send first. */
function firstStep(input: ClaimInput): string {
  positive(input.leaseMs, 'leaseMs');
  const steps = Object.keys(input.references);
  const currentStep = input.currentStep ?? steps[0];
  if (currentStep === undefined || !steps.includes(currentStep)) {
    throw new IntentStoreError('INVALID_ARGUMENT', 'currentStep must be one of the references’ steps', {
      intentId: input.intentId,
    });
  }
  return currentStep;
}

/** The item `recordRejected` creates: terminal, never sent, its result due for publishing. */
export function rejectedItem(settings: StoreSettings, input: RecordRejectedInput, at: number): Item {
  const { sealer } = settings;
  const item: Item = {
    intentId: s(input.intentId),
    state: s('rejected'),
    references: { M: {} },
    attempts: n(0),
    outboxPending: bool(true),
    nextActionAt: n(at + settings.outboxGraceMs),
    dueShard: s(dueShardOf(input.intentId, settings.dueShards)),
    stepResponses: { M: {} },
    result: sealedJson(sealer, input.result, input.intentId),
    createdAt: n(at),
    updatedAt: n(at),
    expiresAt: n(expiresAtFrom(at, settings.retentionDays)),
  };
  if (input.type !== undefined) item.type = s(input.type);
  if (input.payloadHash !== undefined) item.payloadHash = s(input.payloadHash);
  if (input.batchId !== undefined) item.batchId = s(input.batchId);
  if (input.result.error !== undefined) {
    item.lastError = sealedJson(sealer, input.result.error, input.intentId);
  }
  if (input.intent !== undefined) item.intent = sealedJson(sealer, input.intent, input.intentId);
  return item;
}

export function claimForResendPlan(
  settings: StoreSettings,
  input: ClaimForResendInput,
  at: number,
): WritePlan {
  positive(input.leaseMs, 'leaseMs');
  // Default: both; an `in_flight` one only once its lease has expired.
  const states: ResendableState[] = Array.isArray(input.expect)
    ? input.expect
    : input.expect
      ? [input.expect]
      : ['unknown', 'in_flight'];
  return {
    condition: takeable(at, states, { requireDue: true }),
    update: {
      set: [
        [attr('state'), s('in_flight')],
        [attr('leaseOwner'), s(input.owner)],
        [attr('leaseExpiresAt'), n(at + input.leaseMs)],
        [attr('nextActionAt'), n(at + input.leaseMs)],
        [attr('dueShard'), s(dueShardOf(input.intentId, settings.dueShards))],
        [attr('updatedAt'), n(at)],
        ...(input.markMayHaveSent ? ([[attr('mayHaveSent'), bool(true)]] as const) : []),
      ],
      add: [[attr('attempts'), 1]],
    },
  };
}

export function recordUnknownPlan(settings: StoreSettings, input: RecordUnknownInput, at: number): WritePlan {
  const { sealer } = settings;
  const set: [Path, Item[string]][] = [
    [attr('state'), s('unknown')],
    [attr('nextActionAt'), n(input.nextAttemptAt)],
    [attr('dueShard'), s(dueShardOf(input.intentId, settings.dueShards))],
    [attr('lastError'), sealedJson(sealer, input.error, input.intentId)],
    [attr('mayHaveSent'), bool(input.mayHaveSent ?? true)],
    [attr('updatedAt'), n(at)],
  ];
  if (input.response !== undefined) {
    set.push([attr('lastResponse'), sealedJson(sealer, input.response, input.intentId)]);
  }
  if (input.mayHaveSent !== false && input.sentAt !== undefined) {
    // The window starts with the first attempt that may have reached Flash. Only moved while
    // nothing before may have: `if_not_exists` cannot express that, so the caller decides
    // (it passes `sentAt` only when the record said nothing had been sent before).
    set.push([attr('firstSentAt'), n(input.sentAt)]);
  }
  return {
    condition: heldBy(input.owner),
    update: { set, remove: [attr('leaseOwner'), attr('leaseExpiresAt')] },
  };
}

export function advanceStepPlan(settings: StoreSettings, input: AdvanceStepInput, at: number): WritePlan {
  if (input.leaseMs !== undefined) positive(input.leaseMs, 'leaseMs');
  const response = sealedJson(settings.sealer, input.response, input.intentId);
  const set: [Path, Item[string]][] = [
    [attr('currentStep'), s(input.nextStep)],
    // Each step has its own reference, so its own idempotency window starts now.
    [attr('firstSentAt'), n(at)],
    [attr('mayHaveSent'), bool(false)],
    [attr('stepResponses', input.completedStep), response],
    [attr('lastResponse'), response],
    [attr('updatedAt'), n(at)],
  ];
  if (input.leaseMs !== undefined) {
    set.push([attr('leaseExpiresAt'), n(at + input.leaseMs)]);
    set.push([attr('nextActionAt'), n(at + input.leaseMs)]);
  }
  return {
    condition: and(
      heldBy(input.owner),
      eq(attr('currentStep'), s(input.completedStep)),
      exists(attr('references', input.nextStep)),
    ),
    update: { set, add: [[attr('attempts'), 1]] },
  };
}

export function extendLeasePlan(input: { owner: string; leaseMs: number }, at: number): WritePlan {
  positive(input.leaseMs, 'leaseMs');
  return {
    condition: heldBy(input.owner),
    update: {
      set: [
        [attr('leaseExpiresAt'), n(at + input.leaseMs)],
        [attr('nextActionAt'), n(at + input.leaseMs)],
        [attr('updatedAt'), n(at)],
      ],
    },
  };
}

export function completePlan(settings: StoreSettings, input: CompleteInput, at: number): WritePlan {
  if (!isTerminalState(input.status)) {
    throw new IntentStoreError('INVALID_ARGUMENT', `complete needs a terminal status, got ${input.status}`);
  }
  const { sealer } = settings;
  const grace = input.outboxGraceMs ?? settings.outboxGraceMs;
  const set: [Path, Item[string]][] = [
    [attr('state'), s(input.status)],
    [attr('result'), sealedJson(sealer, input.result, input.intentId)],
    [attr('outboxPending'), bool(true)],
    // If the publisher dies before markPublished, the reconciler republishes at this time.
    [attr('nextActionAt'), n(at + grace)],
    [attr('dueShard'), s(dueShardOf(input.intentId, settings.dueShards))],
    [attr('updatedAt'), n(at)],
  ];
  // DESIGN: an `unresolved` record stays until a person resolves it (sold / not sold); letting
  // TTL delete it would also let a redelivery of its intent claim it afresh and send again.
  const keep = input.status === 'unresolved';
  if (!keep) set.push([attr(TTL_ATTRIBUTE), n(expiresAtFrom(at, settings.retentionDays))]);
  if (input.result.error !== undefined) {
    set.push([attr('lastError'), sealedJson(sealer, input.result.error, input.intentId)]);
  }
  if (input.response !== undefined) {
    set.push([attr('lastResponse'), sealedJson(sealer, input.response, input.intentId)]);
  }
  return {
    condition: input.owner === null ? takeable(at, ['unknown', 'in_flight']) : heldBy(input.owner),
    update: {
      set,
      remove: [attr('leaseOwner'), attr('leaseExpiresAt'), ...(keep ? [attr(TTL_ATTRIBUTE)] : [])],
    },
  };
}

/** Clears the outbox flag of a terminal item, which takes it out of the due index. */
export const MARK_PUBLISHED_PLAN: WritePlan = {
  condition: and(
    eq(attr('outboxPending'), bool(true)),
    isIn(
      attr('state'),
      TERMINAL_STATES.map((state) => s(state)),
    ),
  ),
  update: {
    set: [[attr('outboxPending'), bool(false)]],
    remove: [attr('nextActionAt'), attr('dueShard')],
  },
};

export function deferOutboxPlan(input: { seenNextActionAt: number; until: number }, at: number): WritePlan {
  return {
    condition: and(
      eq(attr('outboxPending'), bool(true)),
      eq(attr('nextActionAt'), n(input.seenNextActionAt)),
    ),
    update: {
      set: [
        [attr('nextActionAt'), n(input.until)],
        [attr('updatedAt'), n(at)],
      ],
    },
  };
}

export function holdUndecodablePlan(input: { seenNextActionAt: number; until: number }): WritePlan {
  return {
    condition: eq(attr('nextActionAt'), n(input.seenNextActionAt)),
    update: { set: [[attr('nextActionAt'), n(input.until)]] },
  };
}

export function quarantinePlan(input: QuarantineInput, at: number): WritePlan {
  const reason: Item = { code: s(input.reason.code), message: s(input.reason.message) };
  if (input.reason.keyId !== undefined) reason.keyId = s(input.reason.keyId);
  return {
    condition: eq(attr('nextActionAt'), n(input.seenNextActionAt)),
    update: {
      set: [
        [
          attr('quarantinedFrom'),
          { M: { dueShard: s(input.from.dueShard), nextActionAt: n(input.from.nextActionAt) } },
        ],
        [attr('quarantinedAt'), n(at)],
        [attr('quarantineReason'), { M: reason }],
        [attr('updatedAt'), n(at)],
      ],
      remove: [attr('dueShard'), attr('nextActionAt')],
    },
  };
}
