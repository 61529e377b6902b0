import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * A conditional write as data: the condition an item must meet and the change made to it. Every
 * transition is written once, in this form (`transitions.ts`); the DynamoDB store compiles it to
 * expressions (`expression.ts`) and the in-memory store evaluates it on its items (`memory-item.ts`),
 * so the two stores cannot disagree on when a transition may happen or what it writes.
 */

/**
 * An attribute path: a top-level attribute name, then map keys that are data (a step name in
 * `references.<step>` or `stepResponses.<step>`).
 */
export type Path = readonly [attribute: string, ...mapKeys: string[]];

export type Condition =
  | { op: '=' | '<' | '<='; path: Path; value: AttributeValue }
  | { op: 'in'; path: Path; values: readonly AttributeValue[] }
  | { op: 'exists' | 'not-exists'; path: Path }
  | { op: 'and' | 'or'; parts: readonly Condition[] };

export interface Update {
  set: readonly (readonly [Path, AttributeValue])[];
  remove?: readonly Path[];
  /** Numeric ADD (an absent attribute counts as 0). */
  add?: readonly (readonly [Path, number])[];
}

/** One conditional UpdateItem. */
export interface WritePlan {
  condition: Condition;
  update: Update;
}

export const attr = (attribute: string, ...mapKeys: string[]): Path => [attribute, ...mapKeys];
export const eq = (path: Path, value: AttributeValue): Condition => ({ op: '=', path, value });
export const lt = (path: Path, value: AttributeValue): Condition => ({ op: '<', path, value });
export const le = (path: Path, value: AttributeValue): Condition => ({ op: '<=', path, value });
export const isIn = (path: Path, values: readonly AttributeValue[]): Condition => ({
  op: 'in',
  path,
  values,
});
export const exists = (path: Path): Condition => ({ op: 'exists', path });
export const notExists = (path: Path): Condition => ({ op: 'not-exists', path });

/**
 * A conjunction, flattened (`and(heldBy, x)` is one list of three); a single part stands for itself,
 * since DynamoDB rejects redundant parentheses.
 */
export function and(...parts: Condition[]): Condition {
  const flat = parts.flatMap((part) => (part.op === 'and' ? part.parts : [part]));
  return flat.length === 1 ? (flat[0] as Condition) : { op: 'and', parts: flat };
}

export function or(...parts: Condition[]): Condition {
  return parts.length === 1 ? (parts[0] as Condition) : { op: 'or', parts };
}
