import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Condition, Path, Update } from './condition.ts';

/**
 * Collects expression attribute names and values as an expression is written, because DynamoDB
 * rejects any name or value that the expressions do not use.
 */
export class Expression {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, AttributeValue> = {};
  private counter = 0;

  /** `#attr` for a top-level attribute (our attribute names are plain alphanumerics). */
  name(attribute: string): string {
    const key = `#${attribute}`;
    this.names[key] = attribute;
    return key;
  }

  /** A placeholder for a map key that is data (e.g. a step name), not one of our attribute names. */
  mapKey(key: string): string {
    const placeholder = `#k${this.counter++}`;
    this.names[placeholder] = key;
    return placeholder;
  }

  value(value: AttributeValue): string {
    const key = `:v${this.counter++}`;
    this.values[key] = value;
    return key;
  }

  /** The fields to spread into a command input (omits empty maps, which DynamoDB also rejects). */
  attributes(): {
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues?: Record<string, AttributeValue>;
  } {
    return {
      ...(Object.keys(this.names).length > 0 ? { ExpressionAttributeNames: this.names } : {}),
      ...(Object.keys(this.values).length > 0 ? { ExpressionAttributeValues: this.values } : {}),
    };
  }
}

export interface UpdateParts {
  set: [path: string, value: string][];
  remove?: string[];
  add?: [path: string, value: string][];
}

export function updateExpression(parts: UpdateParts): string {
  const clauses = [`SET ${parts.set.map(([path, value]) => `${path} = ${value}`).join(', ')}`];
  if (parts.remove && parts.remove.length > 0) clauses.push(`REMOVE ${parts.remove.join(', ')}`);
  if (parts.add && parts.add.length > 0) {
    clauses.push(`ADD ${parts.add.map(([path, value]) => `${path} ${value}`).join(', ')}`);
  }
  return clauses.join(' ');
}

/** `#attr.#k0`: the attribute by name, then map keys that are data by placeholder. */
export function pathExpression(e: Expression, path: Path): string {
  const [attribute, ...mapKeys] = path;
  return [e.name(attribute), ...mapKeys.map((key) => e.mapKey(key))].join('.');
}

/**
 * A `ConditionExpression` for a condition written as data (`condition.ts`). Parentheses only where
 * needed: around each branch of an OR, and around an OR inside an AND.
 */
export function conditionExpression(e: Expression, condition: Condition): string {
  switch (condition.op) {
    case '=':
    case '<':
    case '<=':
      return `${pathExpression(e, condition.path)} ${condition.op} ${e.value(condition.value)}`;
    case 'in':
      return `${pathExpression(e, condition.path)} IN (${condition.values.map((v) => e.value(v)).join(', ')})`;
    case 'exists':
      return `attribute_exists(${pathExpression(e, condition.path)})`;
    case 'not-exists':
      return `attribute_not_exists(${pathExpression(e, condition.path)})`;
    case 'and':
      return condition.parts
        .map((part) =>
          part.op === 'or' ? `(${conditionExpression(e, part)})` : conditionExpression(e, part),
        )
        .join(' AND ');
    case 'or':
      return condition.parts.map((part) => `(${conditionExpression(e, part)})`).join(' OR ');
    default:
      return assertNever(condition);
  }
}

/** The `UpdateParts` of an update written as data. */
export function updateParts(e: Expression, update: Update): UpdateParts {
  return {
    set: update.set.map(([path, value]) => [pathExpression(e, path), e.value(value)]),
    remove: (update.remove ?? []).map((path) => pathExpression(e, path)),
    add: (update.add ?? []).map(([path, amount]) => [
      pathExpression(e, path),
      e.value({ N: String(amount) }),
    ]),
  };
}

function assertNever(value: never): never {
  throw new Error(`unknown condition: ${JSON.stringify(value)}`);
}

/** Runs `fn` over `items` with at most `limit` calls in flight; results keep the input order. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  async function lane(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
