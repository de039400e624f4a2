import fc from 'fast-check';

/** One seed for every property: a failure prints its path, and the same run reproduces it. */
export const FUZZ_SEED = 1717;

/** Any UTF-16 code unit, NUL and lone surrogates included. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

export const hostileString = fc.oneof(
  fc.string({ unit: anyCodeUnit, maxLength: 40 }),
  fc.constantFrom(
    '',
    '\u0000',
    'a\u0000b',
    '\uD800',
    'x\uDC00y',
    '\uDBFF\uDBFF',
    '   ',
    '%00',
    '<script>alert(1)</script>',
    "'; DROP TABLE learner; --",
    '../../etc/passwd',
    '__proto__',
    'v1:999999999999:1',
  ),
  fc.constant('x'.repeat(70_000)),
);

export const hugeNumber = fc.constantFrom(
  2 ** 53 + 1,
  -(2 ** 63),
  1e308,
  -1e308,
  5e-324,
  -1,
  0,
  1.5,
  Number.MAX_SAFE_INTEGER * 1024,
);

/** `[[[…]]]` or `{"a":{"a":…}}`, `depth` levels deep. */
export function nested(depth: number, kind: 'array' | 'object' = 'array'): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

/** The JSON text of `nested(depth)`, built without recursion (JSON.stringify overflows the stack first). */
export function nestedJson(depth: number, kind: 'array' | 'object' = 'array'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

const deep = fc
  .tuple(fc.integer({ min: 20, max: 2000 }), fc.constantFrom('array' as const, 'object' as const))
  .map(([depth, kind]) => nested(depth, kind));

/** Wrong types, hostile text, huge numbers and deep nesting, for any field. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileString },
  hugeNumber,
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  deep,
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
);

const DELETE = Symbol('delete');
type Path = string[];

/** Every path to a field of a JSON object, nested ones included. */
export function fieldPaths(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => [
    [...prefix, key],
    ...fieldPaths(child, [...prefix, key]),
  ]);
}

function apply(sample: unknown, mutations: { path: Path; value: unknown }[]): unknown {
  const copy = structuredClone(sample) as Record<string, unknown>;
  for (const { path, value } of mutations) {
    let parent: Record<string, unknown> | undefined = copy;
    for (const key of path.slice(0, -1)) {
      const next: unknown = parent?.[key];
      parent = next !== null && typeof next === 'object' ? (next as Record<string, unknown>) : undefined;
    }
    if (!parent) continue;
    const last = path.at(-1)!;
    if (value === DELETE) delete parent[last];
    else parent[last] = value;
  }
  return copy;
}

/** A valid sample with one to three fields deleted or replaced by hostile values. */
export function mutated<T>(samples: T[]): fc.Arbitrary<unknown> {
  return fc.constantFrom(...samples).chain((sample) => {
    const mutation = fc.record({
      path: fc.constantFrom(...fieldPaths(sample)),
      value: fc.oneof(
        { weight: 1, arbitrary: fc.constant<unknown>(DELETE) },
        { weight: 4, arbitrary: hostileValue },
      ),
    });
    return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => apply(sample, mutations));
  });
}

/** Percent-encodes as a client may: lone surrogates become the bytes of their code point (invalid UTF-8). */
export function rawEncode(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff)
      out += `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`;
    else out += encodeURIComponent(char);
  }
  return out;
}

/** Values PostgreSQL or a parser chokes on, put in one field at a time (systematic, not random). */
const POISONS: unknown[] = ['a\u0000b', 'x\uD800', 2 ** 64, null, DELETE];

/** Every sample with each of its fields, in turn, replaced by each poison or deleted. */
export function eachFieldPoisoned(samples: unknown[]): unknown[] {
  return samples.flatMap((sample) =>
    fieldPaths(sample).flatMap((path) => POISONS.map((value) => apply(sample, [{ path, value }]))),
  );
}
