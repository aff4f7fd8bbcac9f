/**
 * fast-check arbitraries for fuzz-routes.test.ts: hostile text, number-like strings, query
 * strings with repeated and unknown parameters, path segments that try to climb out of a
 * folder, and the ways a cursor gets damaged. Every value is sendable by node:http (see
 * wire-encoding.ts), so a failure is the server's, never the client's.
 */
import fc from 'fast-check';
import { encodeCareless, encodeMangled, encodeStrict } from './wire-encoding';

// prettier-ignore
const HOSTILE_TEXT = [
  '', ' ', '  a  ', '\u0000', '\u0008', '\u001f', '\u007f', '\r\n', '\t', '\u00a0', '\u2028', '\u202e', '\ufeff',
  '\ud800', '\udfff', '\ufffd', '🐈‍⬛', '👩🏽‍🚀', 'ǅ', 'ß', 'İ', 'ﬃ', 'Ω', '١٢٣', '１２', '𝟘',
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '{{7*7}}', '${7*7}', '%s%n', '../', '..\\',
  "'; DROP TABLE pins; --", '" OR "1"="1', 'NEAR(a b)', 'a*', '^a', 'title:a', '-a', '"', '(', ')',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '[object Object]', 'undefined', 'null',
  'face', 'cat', 'red heart', 'FACE', ' face ',
];

// prettier-ignore
const NUMBER_LIKE = [
  'NaN', 'Infinity', '-Infinity', '-0', '0', '00', '007', '1', '8', '20', '21', '100', '101', '+8', ' 8', '8 ', '8.0',
  '.5', '5.', '1.5', '-1', '-100', '1e2', '1E400', '1e-7', '0x1f', '0b1', '0o7', '1_000', '1,5', '１０', '٣',
  '9007199254740993', '99999999999999999999999999', '1/2', 'true', 'null', '[]', '{}', '', ' ',
];

/** Random, hostile and boundary-length strings (the contract caps text at 200 characters). */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 198, maxLength: 203 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 500, maxLength: 3_000 }) },
);

/** Numbers as a client might send them: huge, negative, NaN, floats, exponents, other digits. */
export const numberLike: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NUMBER_LIKE) },
  { weight: 3, arbitrary: fc.integer({ min: -30, max: 130 }).map(String) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }).map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
);

export type Encoding = 'strict' | 'careless' | 'mangled';

/** Text put on the wire in one of three ways, from careful to careless. */
export function onTheWire(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(text, fc.constantFrom<Encoding>('strict', 'strict', 'careless', 'mangled'), fc.nat())
    .map(([value, encoding, position]) =>
      encoding === 'careless'
        ? encodeCareless(value)
        : encoding === 'mangled'
          ? encodeMangled(value, [position])
          : encodeStrict(value),
    );
}

/**
 * A query string from parameter arbitraries: any number of each (so known parameters repeat),
 * some without `=`, plus unknown ones, stray separators and prototype-polluting keys. `lead`
 * names a parameter that usually comes first, once, so most requests get past "is required".
 */
export function queryString(
  known: Record<string, fc.Arbitrary<string>>,
  lead?: string,
): fc.Arbitrary<string> {
  const knownPair = fc
    .constantFrom(...Object.keys(known))
    .chain((key) => fc.tuple(fc.constant(key), onTheWire(known[key]!)));
  const unknownPair = fc.tuple(
    fc.oneof(
      fc.constantFrom(
        'x',
        'utm_source',
        '__proto__',
        'constructor',
        'q[]',
        'limit[0]',
        'LIMIT',
        '',
      ),
      onTheWire(fc.string({ unit: 'binary', maxLength: 6 })),
    ),
    onTheWire(hostileText),
  );
  const pair = fc
    .tuple(
      fc.oneof({ weight: 5, arbitrary: knownPair }, { weight: 1, arbitrary: unknownPair }),
      fc.nat(9),
    )
    .map(([[key, value], roll]) => (roll === 0 ? key : `${key}=${value}`));
  const leading =
    lead === undefined
      ? fc.constant([])
      : fc.option(
          onTheWire(known[lead]!).map((value) => [`${lead}=${value}`]),
          { freq: 5, nil: [] },
        );
  return fc
    .tuple(leading, fc.array(pair, { maxLength: 3 }), fc.constantFrom('&', '&', '&', '&&', ';'))
    .map(([first, pairs, separator]) => [...first, ...pairs].join(separator));
}

// prettier-ignore
const PATH_PIECES = [
  '..', '.', '...', '%2e%2e', '%2E%2E', '.%2e', '%2e.', '..%2f', '..%2F', '..%5c', '..\\', '%252e%252e%252f',
  '%c0%ae%c0%ae', '%c0%af', '%e0%80%ae', '..;', ';', '%00', '%2500', '%', '%zz', '~', '~root', 'etc', 'passwd',
  'etc%2fpasswd', 'etc/passwd', '.git', '.git%2fconfig', '.env', 'package.json', 'index.html', 'favicon.svg',
  'a.webp', 'a.svg', 'x.SVG', 'x.webp%00.svg', 'models', 'reranker.onnx', 'assets', 'thumbs', 'api', 'v1', '',
];

/** A path below `prefixes` made of traversal pieces, real names and random segments. */
export function hostilePath(
  prefixes: readonly string[],
  names: readonly string[],
): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...PATH_PIECES) },
    { weight: 2, arbitrary: fc.constantFrom(...names) },
    { weight: 1, arbitrary: onTheWire(fc.string({ unit: 'grapheme', maxLength: 12 })) },
  );
  return fc
    .tuple(
      fc.constantFrom(...prefixes),
      fc.array(piece, { minLength: 1, maxLength: 6 }),
      fc.constantFrom('/', '/', '/', '//', '%2f', '\\'),
      fc.option(
        onTheWire(hostileText).map((q) => `?${q}`),
        { freq: 4, nil: '' },
      ),
    )
    .map(([prefix, pieces, separator, query]) => `${prefix}${pieces.join(separator)}${query}`);
}

/** How a cursor gets damaged on its way back: cut, extended, edited, re-encoded, replaced. */
export type CursorDamage =
  | { kind: 'none' }
  | { kind: 'truncate'; at: number }
  | { kind: 'append'; text: string }
  | { kind: 'replace-char'; at: number; char: string }
  | { kind: 'flip-bit'; at: number; bit: number }
  | { kind: 'standard-base64' }
  | { kind: 'payload'; json: string };

// prettier-ignore
const PAYLOADS = [
  '{}', '[]', 'null', '1', '"x"', '{"o":0}', '{"s":"x"}', '{"o":0,"s":"AAAAAAAAAAA"}', '{"o":"30","s":"AAAAAAAAAAA"}',
  '{"o":-30,"s":"AAAAAAAAAAA"}', '{"o":1.5,"s":"AAAAAAAAAAA"}', '{"o":1e309,"s":"AAAAAAAAAAA"}', '{"o":null,"s":null}',
  '{"o":30,"s":30}', '{"o":30,"s":"AAAAAAAAAAA","x":1}', '{"__proto__":{"o":30},"s":"AAAAAAAAAAA"}',
  '{"o":[30],"s":["AAAAAAAAAAA"]}', '{"o":{"valueOf":30},"s":"x"}', '{"o":30,"o":60,"s":"AAAAAAAAAAA"}',
  '{"o":9007199254740993,"s":"AAAAAAAAAAA"}', `{"o":30,"s":"${'A'.repeat(300)}"}`, '[[[[[[[[[[]]]]]]]]]]',
  '\u0000\u0001\u0002', '{"o":30,"s":"AAAAAAAAAAA"', '\ufeff{"o":0,"s":"AAAAAAAAAAA"}',
];

export const cursorDamage: fc.Arbitrary<CursorDamage> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<CursorDamage>({ kind: 'none' }) },
  { weight: 2, arbitrary: fc.nat().map((at): CursorDamage => ({ kind: 'truncate', at })) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.string({ maxLength: 6 }),
        fc.constantFrom('=', '==', '.', '+', '/', ' ', 'é', '🐈', 'A'.repeat(600)),
      )
      .map((text): CursorDamage => ({ kind: 'append', text })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.nat(), fc.constantFrom(...'AZaz09-_+/=.%'.split('')))
      .map(([at, char]): CursorDamage => ({ kind: 'replace-char', at, char })),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.nat(), fc.nat(7))
      .map(([at, bit]): CursorDamage => ({ kind: 'flip-bit', at, bit })),
  },
  { weight: 1, arbitrary: fc.constant<CursorDamage>({ kind: 'standard-base64' }) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(fc.constantFrom(...PAYLOADS), fc.json({ maxDepth: 2 }))
      .map((json): CursorDamage => ({ kind: 'payload', json })),
  },
);

/** The cursor after `damage`. */
export function damageCursor(cursor: string, damage: CursorDamage): string {
  switch (damage.kind) {
    case 'none':
      return cursor;
    case 'truncate':
      return cursor.slice(0, damage.at % Math.max(1, cursor.length));
    case 'append':
      return cursor + damage.text;
    case 'replace-char': {
      const at = damage.at % Math.max(1, cursor.length);
      return cursor.slice(0, at) + damage.char + cursor.slice(at + 1);
    }
    case 'flip-bit': {
      const bytes = Buffer.from(cursor, 'base64url');
      if (bytes.length === 0) return cursor;
      const at = damage.at % bytes.length;
      bytes[at] = bytes[at]! ^ (1 << damage.bit);
      return bytes.toString('base64url');
    }
    case 'standard-base64':
      return Buffer.from(cursor, 'base64url').toString('base64');
    case 'payload':
      return Buffer.from(damage.json, 'utf8').toString('base64url');
  }
}
