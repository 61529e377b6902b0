import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Condition, Path, Update } from './condition.ts';
import type { Item } from './record.ts';

/**
 * DynamoDB's semantics for the conditions and updates of `condition.ts`, on items held in memory:
 * what the in-memory store needs to run the same write plans as the DynamoDB store. Only what the
 * plans use: comparisons of strings, numbers and booleans, IN, attribute_exists, AND/OR; SET,
 * REMOVE and numeric ADD on top-level attributes and map entries.
 */

/** Whether `item` (`{}` for an item that does not exist, as DynamoDB evaluates it) meets `condition`. */
export function holds(condition: Condition, item: Item): boolean {
  switch (condition.op) {
    case '=':
      return equal(read(item, condition.path), condition.value);
    case '<':
    case '<=': {
      const order = compare(read(item, condition.path), condition.value);
      return order !== undefined && (condition.op === '<' ? order < 0 : order <= 0);
    }
    case 'in': {
      const value = read(item, condition.path);
      return condition.values.some((candidate) => equal(value, candidate));
    }
    case 'exists':
      return read(item, condition.path) !== undefined;
    case 'not-exists':
      return read(item, condition.path) === undefined;
    case 'and':
      return condition.parts.every((part) => holds(part, item));
    case 'or':
      return condition.parts.some((part) => holds(part, item));
    default:
      return assertNever(condition);
  }
}

/**
 * The item after `update`, or a reason DynamoDB would refuse it (a SET into a map that does not
 * exist: "The document path provided in the update expression is invalid for update"). `item` is
 * not changed.
 */
export function applyUpdate(
  update: Update,
  item: Item,
): { ok: true; item: Item } | { ok: false; reason: string } {
  const next = structuredClone(item);
  for (const [path, value] of update.set) {
    if (!write(next, path, structuredClone(value))) return { ok: false, reason: invalidPath(path) };
  }
  for (const path of update.remove ?? []) remove(next, path);
  for (const [path, amount] of update.add ?? []) {
    const current = read(next, path);
    if (current !== undefined && current.N === undefined) {
      return { ok: false, reason: 'An operand in the update expression has an incorrect data type' };
    }
    if (!write(next, path, { N: String(Number(current?.N ?? 0) + amount) })) {
      return { ok: false, reason: invalidPath(path) };
    }
  }
  return { ok: true, item: next };
}

/**
 * The size DynamoDB counts against its 400 KB item limit: attribute names and string values in
 * UTF-8 bytes, numbers about one byte per two significant digits plus one, booleans one byte, and
 * maps three bytes plus one per entry.
 */
export function itemSize(item: Item): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) size += Buffer.byteLength(name) + valueSize(value);
  return size;
}

function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return Math.ceil(significantDigits(value.N) / 2) + 1;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.M !== undefined) return 3 + Object.values(value.M).length + itemSize(value.M);
  if (value.L !== undefined) return 3 + value.L.reduce((sum, inner) => sum + 1 + valueSize(inner), 0);
  if (value.SS !== undefined) return value.SS.reduce((sum, inner) => sum + Buffer.byteLength(inner), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, inner) => sum + valueSize({ N: inner }), 0);
  if (value.B !== undefined) return value.B.byteLength;
  return 0;
}

function significantDigits(number: string): number {
  return number.replace(/[^0-9]/g, '').replace(/^0+/, '').length || 1;
}

function read(item: Item, path: Path): AttributeValue | undefined {
  const [attribute, ...mapKeys] = path;
  let value = item[attribute];
  for (const key of mapKeys) value = value?.M?.[key];
  return value;
}

function write(item: Item, path: Path, value: AttributeValue): boolean {
  const [attribute, ...mapKeys] = path;
  const last = mapKeys.pop();
  if (last === undefined) {
    item[attribute] = value;
    return true;
  }
  let map = item[attribute]?.M;
  for (const key of mapKeys) map = map?.[key]?.M;
  if (map === undefined) return false;
  map[last] = value;
  return true;
}

function remove(item: Item, path: Path): void {
  const [attribute, ...mapKeys] = path;
  const last = mapKeys.pop();
  if (last === undefined) {
    delete item[attribute];
    return;
  }
  let map = item[attribute]?.M;
  for (const key of mapKeys) map = map?.[key]?.M;
  if (map !== undefined) delete map[last];
}

/** Equal as DynamoDB compares: same type and value (numbers by value, `1` equals `1.0`). */
function equal(a: AttributeValue | undefined, b: AttributeValue): boolean {
  if (a === undefined) return false;
  if (a.N !== undefined && b.N !== undefined) return Number(a.N) === Number(b.N);
  if (a.S !== undefined && b.S !== undefined) return a.S === b.S;
  if (a.BOOL !== undefined && b.BOOL !== undefined) return a.BOOL === b.BOOL;
  return false;
}

/** Order of two numbers or two strings (by code point, as DynamoDB orders UTF-8 bytes); else none. */
function compare(a: AttributeValue | undefined, b: AttributeValue): number | undefined {
  if (a?.N !== undefined && b.N !== undefined) return Number(a.N) - Number(b.N);
  if (a?.S !== undefined && b.S !== undefined) return Buffer.compare(Buffer.from(a.S), Buffer.from(b.S));
  return undefined;
}

function invalidPath(path: Path): string {
  return `The document path provided in the update expression is invalid for update: ${path.join('.')}`;
}

function assertNever(value: never): never {
  throw new Error(`unknown condition: ${JSON.stringify(value)}`);
}
