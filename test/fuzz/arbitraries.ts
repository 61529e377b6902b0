import { DEFAULT_MAX_INTENT_BYTES, INTENT_TYPES, type IntentType } from '@vendstream/contracts';
import fc from 'fast-check';

/**
 * Generators of what may arrive on the intents topic, shared by the fuzz suites: random JSON, valid
 * intents of every type then mutated, huge strings, deep nesting, duplicate keys, invalid UTF-8, and
 * floods of wrong fields (the poison message of issue 7).
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const MB = 1024 * 1024;
const SAFE_MAX = Number.MAX_SAFE_INTEGER;

// --- valid intents --------------------------------------------------------------------------------

const alphanumeric = (max: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9]{1,${max}}$`));
const amount = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: SAFE_MAX }));
const productCode = fc.integer({ min: 1, max: SAFE_MAX });
const msisdn = fc.stringMatching(/^27\d{9}$/);
const metadata = fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 43 }), {
  maxKeys: 9,
});
/** 1..200 UTF-16 units: ASCII, or any code point (at most two units each). */
const intentId = fc.oneof(
  fc.string({ minLength: 1, maxLength: 200 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 100 }),
);

function data<T extends Record<string, fc.Arbitrary<unknown>>>(
  required: T,
  optional: Record<string, fc.Arbitrary<unknown>>,
) {
  return fc.record(
    { accountNumber: alphanumeric(64), metadata, ...required, ...optional },
    { requiredKeys: ['accountNumber', ...Object.keys(required)] },
  );
}

const dataOf: Record<IntentType, fc.Arbitrary<Record<string, unknown>>> = {
  '1voucher.purchase': data({ amount }, {}),
  '1voucher.disburse': data({ amount }, {}),
  '1voucher.redeem': data({ pin: fc.stringMatching(/^\d{16}$/), amount }, { mobileNumber: msisdn }),
  '1voucher.refund': fc
    .tuple(
      data({ amount }, { mobileNumber: msisdn }),
      fc.oneof(
        fc.record({ originalIntentId: intentId }),
        fc.record({ voucherSerialNumber: alphanumeric(64) }),
        fc.record({ originalIntentId: intentId, voucherSerialNumber: alphanumeric(64) }),
      ),
    )
    .map(([base, original]) => ({ ...base, ...original })),
  'gift-voucher.purchase': data(
    { amount, productCode, storeId: alphanumeric(64), terminalId: alphanumeric(64) },
    { barcode: alphanumeric(64) },
  ),
  'cash-out-pin.purchase': data({ amount, productCode }, {}),
  'cash-out-pin.cancel': data(
    { originalIntentId: intentId, productCode },
    { serialNumber: alphanumeric(64) },
  ),
  'cellular.pinless.purchase': data({ amount, productCode, mobileNumber: msisdn }, {}),
  'eezi-voucher.purchase': data({ amount, productCode }, {}),
  'prepaid-utility.purchase': data({ amount, meterNumber: alphanumeric(32) }, { isFBE: fc.boolean() }),
};

const time = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

/** A valid intent of any type, optional attributes and extensions included or not. */
export const validIntent: fc.Arbitrary<Record<string, unknown>> = fc
  .constantFrom(...INTENT_TYPES)
  .chain((type) =>
    fc.record(
      {
        specversion: fc.constant('1.0'),
        id: intentId,
        source: fc.string({ minLength: 1, maxLength: 512 }),
        type: fc.constant(type),
        time,
        data: dataOf[type],
        subject: fc.string({ minLength: 1, maxLength: 512 }),
        datacontenttype: fc.constant('application/json'),
        dataschema: fc.constant('urn:vendstream:schema:intent:v1'),
        batchid: fc.string({ minLength: 1, maxLength: 200 }),
        orderingkey: fc.string({ minLength: 1, maxLength: 200 }),
        replayof: intentId,
      },
      { requiredKeys: ['specversion', 'id', 'source', 'type', 'time', 'data'] },
    ),
  );

// --- mutations ------------------------------------------------------------------------------------

type Path = (string | number)[];

/** Every path to a value inside `value` (the root excluded), depth first. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

function parentOf(root: unknown, path: Path): Record<string | number, unknown> {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  return node;
}

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** A value of every JSON kind, some of them awkward: one of another kind replaces a field. */
const REPLACEMENTS: Json[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e300,
  '',
  'x',
  '1'.repeat(300),
  [],
  [1, 'a'],
  {},
  { id: 'x' },
];

const mutatedIntent = fc
  .record({
    intent: validIntent,
    pick: fc.nat(),
    how: fc.constantFrom('retype', 'remove', 'add'),
    replacement: fc.nat({ max: REPLACEMENTS.length - 1 }),
    key: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('id', 'type', 'data', 'amount', '__proto__')),
    added: fc.jsonValue({ maxDepth: 2 }),
  })
  .map(({ intent, pick, how, replacement, key, added }) => {
    const copy = structuredClone(intent);
    const paths = pathsOf(copy);
    const path = paths[pick % paths.length] ?? ['id'];
    const parent = parentOf(copy, path);
    const last = path[path.length - 1] as string | number;
    if (how === 'remove') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else if (how === 'retype') {
      let value = REPLACEMENTS[replacement] as Json;
      for (let i = 1; kindOf(value) === kindOf(parent[last]); i += 1) {
        value = REPLACEMENTS[(replacement + i) % REPLACEMENTS.length] as Json;
      }
      parent[last] = value;
    } else {
      // An unknown field in the object holding `path` (the root, data or metadata).
      const target = Array.isArray(parent) ? copy : parent;
      Object.defineProperty(target, key, {
        value: added,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy;
  });

// --- hostile raw text -----------------------------------------------------------------------------

/** A valid intent with one string member grown far past the limit (up to 2 MB), id first or last. */
const hugeString = fc
  .record({
    intent: validIntent,
    size: fc.oneof(
      fc.integer({ min: DEFAULT_MAX_INTENT_BYTES - 2000, max: DEFAULT_MAX_INTENT_BYTES + 2000 }),
      fc.integer({ min: 70_000, max: 2 * MB }),
    ),
    chunk: fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }),
    where: fc.constantFrom('data', 'id', 'subject', 'top-level-last'),
  })
  .map(({ intent, size, chunk, where }) => {
    const huge = chunk.repeat(Math.ceil(size / chunk.length)).slice(0, size);
    const copy = structuredClone(intent);
    if (where === 'data') (copy.data as Record<string, unknown>).note = huge;
    else if (where === 'id') copy.id = huge;
    else if (where === 'subject') copy.subject = huge;
    else {
      // The id after the huge member: beyond any prefix the parser may read.
      const { id, ...rest } = copy;
      return { ...rest, filler: huge, id };
    }
    return copy;
  });

/** Deep nesting as raw text (up to 50,000 levels), alone or as a field of a valid intent. */
const deepNesting = fc
  .record({
    depth: fc.integer({ min: 1, max: 50_000 }),
    open: fc.constantFrom('[', '{"a":'),
    inIntent: fc.boolean(),
    intent: validIntent,
    closed: fc.boolean(),
  })
  .map(({ depth, open, inIntent, intent, closed }) => {
    const close = open === '[' ? ']' : '}';
    const nested = `${open.repeat(depth)}1${closed ? close.repeat(depth) : ''}`;
    if (!inIntent) return nested;
    const text = JSON.stringify(intent);
    return `${text.slice(0, -1)},"deep":${nested}}`;
  });

/** Raw JSON text whose objects repeat a key (`id`, `type`, a data field) with another value. */
const duplicateKeys = fc
  .record({
    intent: validIntent,
    inData: fc.boolean(),
    key: fc.constantFrom('id', 'type', 'data', 'specversion', 'amount', 'accountNumber', 'metadata'),
    value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), intentId, fc.constantFrom(...INTENT_TYPES)),
    at: fc.nat(),
  })
  .map(({ intent, inData, key, value, at }) => {
    const withDuplicate = (members: string[]) => {
      const copy = [...members];
      copy.splice(at % (copy.length + 1), 0, `${JSON.stringify(key)}:${JSON.stringify(value)}`);
      return `{${copy.join(',')}}`;
    };
    const dataText = (d: unknown) =>
      inData ? withDuplicate(membersOf(d as Record<string, unknown>)) : JSON.stringify(d);
    const top = Object.entries(intent).map(
      ([k, v]) => `${JSON.stringify(k)}:${k === 'data' ? dataText(v) : JSON.stringify(v)}`,
    );
    return inData ? `{${top.join(',')}}` : withDuplicate(top);
  });

function membersOf(object: Record<string, unknown>): string[] {
  return Object.entries(object).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
}

/** A valid intent's UTF-8 with random or known-bad bytes spliced in (or overwriting). */
const invalidUtf8 = fc
  .record({
    intent: validIntent,
    bytes: fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 16 }),
      fc.constantFrom(
        Uint8Array.of(0xff),
        Uint8Array.of(0xc0, 0x80),
        Uint8Array.of(0xed, 0xa0, 0x80),
        Uint8Array.of(0xe2, 0x82),
        Uint8Array.of(0xf4, 0x90, 0x80, 0x80),
      ),
    ),
    at: fc.nat(),
    overwrite: fc.boolean(),
  })
  .map(({ intent, bytes, at, overwrite }) => {
    const text = Buffer.from(JSON.stringify(intent));
    const where = at % (text.length + 1);
    const tail = text.subarray(overwrite ? Math.min(text.length, where + bytes.length) : where);
    return Buffer.concat([text.subarray(0, where), bytes, tail]);
  });

/**
 * The poison message of issue 7: a valid intent whose metadata, or data, holds thousands of wrong
 * entries (wrongly typed values, or unknown fields with keys up to 300 characters).
 */
const issueFlood = fc
  .record({
    intent: validIntent,
    count: fc.integer({ min: 10, max: 5000 }),
    keyLength: fc.integer({ min: 1, max: 300 }),
    inMetadata: fc.boolean(),
    wrong: fc.constantFrom<Json>(1, true, null, [], {}),
  })
  .map(({ intent, count, keyLength, inMetadata, wrong }) => {
    const copy = structuredClone(intent);
    const entries = Object.fromEntries(
      Array.from({ length: count }, (_, i) => [`${i}`.padStart(Math.min(keyLength, 10), 'k'), wrong]),
    );
    const long = Object.fromEntries(
      Array.from({ length: Math.min(count, 50) }, (_, i) => [`${i}`.padStart(keyLength, 'u'), 1]),
    );
    const dataValue = copy.data as Record<string, unknown>;
    if (inMetadata) dataValue.metadata = entries;
    else Object.assign(dataValue, long, entries);
    return copy;
  });

/** An object as it may arrive: as is (HTTP body), as JSON text, or as a Kafka message's Buffer. */
export function encoded(arbitrary: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(arbitrary, fc.constantFrom('object', 'string', 'buffer')).map(([value, as]) => {
    if (as === 'object') return value;
    const text = JSON.stringify(value) ?? 'undefined';
    return as === 'string' ? text : Buffer.from(text);
  });
}

export const anyInput = fc.oneof(
  { weight: 3, arbitrary: encoded(fc.jsonValue()) },
  { weight: 1, arbitrary: fc.anything() },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 3, arbitrary: encoded(validIntent) },
  { weight: 8, arbitrary: encoded(mutatedIntent) },
  { weight: 1, arbitrary: encoded(issueFlood) },
  { weight: 2, arbitrary: encoded(hugeString) },
  { weight: 1, arbitrary: deepNesting },
  { weight: 2, arbitrary: duplicateKeys },
  { weight: 2, arbitrary: invalidUtf8 },
);
