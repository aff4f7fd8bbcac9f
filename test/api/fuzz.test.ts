/**
 * 10,000 random and hostile requests: FTS5 syntax, control characters, emoji, lone
 * surrogates, invalid percent-escapes sent raw, 100 KB values, repeated and unknown
 * parameters, absurd limits, forged cursors. None may produce a 5xx, and every
 * response must be a contract-valid success or a contract-valid error.
 * Requests are generated from a fixed seed (FUZZ_SEED overrides) so a failure replays.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ErrorResponseSchema,
  PinResponseSchema,
  RelatedResponseSchema,
  SearchResponseSchema,
} from '@/contract/api';
import { tamper } from './support/tamper';
import { startTestServer, type TestServer } from './support/test-server';
import { encodeCareless, encodeMangled, encodeStrict } from './support/wire-encoding';

const RUNS = 10_000;
const CONCURRENCY = 8;
const SEED = Number(process.env.FUZZ_SEED ?? 20_251_125);
const ERROR_STATUSES = new Set([400, 404, 414, 431]);
const HUGE_VALUE_LENGTH = 100 * 1024;

// prettier-ignore
const HOSTILE_FRAGMENTS = [
  '"', "'", '*', 'NEAR(', 'NEAR(a b, 2)', 'OR', 'AND', 'NOT', '(', ')', '^', ':', 'title:', '-', '+', '{', '}',
  '\\', '\u0000', '\u0007', '\u001b[31m', '\r\n', '\t', '\u202e', '\u200b', '\uFEFF', '🐈‍⬛', '👍🏽', 'é', 'ﬁ',
  '\uD800', '\uDFFF', '\uDBFF\uDFFF', '%', '%%', '&', '=', '#', '?', '/', ' ', 'face', 'face*', '"face"',
  "' OR 1=1 --", '<script>', '__proto__', 'constructor', '😀', 'ｆａｃｅ',
];

const text = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .array(fc.constantFrom(...HOSTILE_FRAGMENTS), { maxLength: 8 })
      .map((p) => p.join(' ')),
  },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.constantFrom(...HOSTILE_FRAGMENTS), { maxLength: 8 })
      .map((p) => p.join('')),
  },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 190, maxLength: 260 }) },
  { weight: 2, arbitrary: fc.integer({ min: -1e12, max: 1e12 }).map(String) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '0',
      '1',
      '100',
      '101',
      '-1',
      '1e3',
      '0x10',
      ' 5',
      '5.5',
      '999999',
      '',
    ),
  },
);

/** Parameters besides the leading q: mostly ones the server knows, so values get validated. */
const key = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('refine', 'cursor', 'limit') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('q', 'Q', 'q[]', '__proto__', 'constructor', '', 'utm_source'),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
);

type Encoding = 'strict' | 'careless' | 'mangled';

interface Part {
  text: string;
  encoding: Encoding;
  positions: number[];
}

const part = (value: fc.Arbitrary<string>): fc.Arbitrary<Part> =>
  fc.record({
    text: value,
    encoding: fc.constantFrom<Encoding>('strict', 'strict', 'careless', 'mangled'),
    positions: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
  });

function encode({ text: value, encoding, positions }: Part): string {
  if (encoding === 'careless') return encodeCareless(value);
  if (encoding === 'mangled') return encodeMangled(value, positions);
  return encodeStrict(value);
}

type Route = 'search' | 'pin' | 'related';

interface FuzzRequest {
  route: Route;
  path: string;
}

function requests(cursors: string[]): fc.Arbitrary<FuzzRequest> {
  const cursorValue = fc.oneof(fc.constantFrom(...cursors), fc.base64String({ maxLength: 60 }));
  const pair = fc.oneof(
    { weight: 5, arbitrary: fc.tuple(part(key), part(text)) },
    { weight: 1, arbitrary: fc.tuple(part(fc.constant('cursor')), part(cursorValue)) },
    {
      weight: 1,
      arbitrary: fc.tuple(
        part(fc.constant('limit')),
        part(fc.integer({ min: 1, max: 100 }).map(String)),
      ),
    },
  );
  const query = fc
    .record({
      leadingQ: fc.option(part(text), { freq: 10, nil: null }),
      pairs: fc.array(fc.tuple(pair, fc.boolean()), { maxLength: 4 }),
    })
    .map(({ leadingQ, pairs }) =>
      [
        ...(leadingQ ? [`q=${encode(leadingQ)}`] : []),
        ...pairs.map(([[k, v], withValue]) =>
          withValue ? `${encode(k)}=${encode(v)}` : encode(k),
        ),
      ].join('&'),
    );
  const id = fc.oneof(
    fc.constantFrom('om-1f600', 'OM-1F600', 'om-1f600.', 'no-such-pin'),
    fc.string({ unit: 'binary', maxLength: 20 }),
  );
  return fc.oneof(
    {
      weight: 16,
      arbitrary: query.map((q) => ({ route: 'search' as const, path: `/api/v1/search?${q}` })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom('q', 'refine', 'cursor', 'limit', 'x'),
          fc.constantFrom('x', '%', '%FF', '\u00e9'),
        )
        .map(([name, fill]) => ({
          route: 'search' as const,
          path: `/api/v1/search?q=face&${name}=${fill.repeat(HUGE_VALUE_LENGTH / fill.length)}`,
        })),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(part(id), query).map(([pin, q]) => ({
        route: 'related' as const,
        path: `/api/v1/pins/${encode(pin) || 'x'}/related?${q}`,
      })),
    },
    {
      weight: 2,
      arbitrary: part(id).map((pin) => ({
        route: 'pin' as const,
        path: `/api/v1/pins/${encode(pin) || 'x'}`,
      })),
    },
  );
}

const SUCCESS_SCHEMAS = {
  search: SearchResponseSchema,
  pin: PinResponseSchema,
  related: RelatedResponseSchema,
};

let server: TestServer;
let cursors: string[];

beforeAll(async () => {
  server = await startTestServer({ maxSockets: CONCURRENCY });
  const first = SearchResponseSchema.parse(
    (await server.client.get('/api/v1/search?q=face&limit=3')).json(),
  );
  const second = SearchResponseSchema.parse(
    (await server.client.get(`/api/v1/search?q=face&limit=3&cursor=${first.nextCursor}`)).json(),
  );
  cursors = [first.nextCursor, second.prevCursor, second.nextCursor]
    .filter((cursor): cursor is string => cursor !== null)
    .flatMap((cursor) => [cursor, tamper(cursor), `${cursor}x`, cursor.slice(1)]);
});
afterAll(async () => {
  await server.close();
});

describe('fuzzing the API', () => {
  it(`survives ${RUNS} hostile requests with contract-valid answers (seed ${SEED})`, async () => {
    const samples = fc.sample(requests(cursors), { numRuns: RUNS, seed: SEED });
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;

    async function worker(): Promise<void> {
      while (next < samples.length) {
        const sample = samples[next];
        next += 1;
        if (!sample) continue;
        const shown =
          sample.path.length > 300
            ? `${sample.path.slice(0, 300)}… (${sample.path.length} chars)`
            : sample.path;
        try {
          const response = await server.client.get(sample.path);
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const valid =
            response.status === 200
              ? SUCCESS_SCHEMAS[sample.route].safeParse(response.json()).success
              : ERROR_STATUSES.has(response.status) &&
                ErrorResponseSchema.safeParse(response.json()).success;
          if (!valid) failures.push(`${response.status} ${shown}: ${response.text.slice(0, 200)}`);
        } catch (error) {
          failures.push(`${shown}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }

    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(failures.slice(0, 10)).toEqual([]);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(RUNS);
    // The generator must actually reach the engine and the validators, not only bounce off the parser.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(RUNS / 10);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(RUNS / 4);
    expect(statuses.get(431) ?? 0).toBeGreaterThan(0);
  });
});
