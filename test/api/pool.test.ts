/**
 * The candidate pool: a query's first request (no cursor) carries the top N candidates in server
 * order, compact (only what the reranker reads), and a cursor that goes on after them; the batch
 * pins route gives display data for the pool's pins. Real server, real (openmoji) test index.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ErrorResponseSchema,
  MAX_BATCH_PINS,
  PinResponseSchema,
  PinsResponseSchema,
  RelatedResponseSchema,
  SearchResponseSchema,
  type Candidate,
  type PoolCandidate,
  type RelatedResponse,
  type SearchResponse,
} from '@/contract/api';
import { MAX_EVENT_TAGS } from '@/ranking/event-tags';
import { indexPath } from '@/server/engine/schema';
import { DEFAULT_POOL_SIZE, POOL_DISPLAY_COUNT } from '@/server/service/candidate-pool';
import { startTestServer, type TestServer } from './support/test-server';

/** More results than a pool holds in the test index (366 for "flag"): paging goes on after it. */
const DEEP_QUERY = 'flag';
/** Fewer results than a pool holds: the pool is every result. */
const SHALLOW_QUERY = 'red';
const PAGE = 30;
/** A pin with more tags than a pool candidate carries (MAX_EVENT_TAGS). */
const MANY_TAGS_PIN = 'om-1f308';
/** Exactly what the reranker reads (src/ranking/feature-spec.ts RankingCandidate), sorted. */
const POOL_FIELDS = [
  'category',
  'dominantColor',
  'embedding',
  'id',
  'lexicalScore',
  'popularity',
  'semanticScore',
  'serverScore',
  'tagPins',
  'tags',
  'title',
];
/** What a card draws, on the first POOL_DISPLAY_COUNT candidates only. */
const DISPLAY_FIELDS = ['height', 'imageUrl', 'imageUrl2x', 'width'];
/** A candidate's fields besides `display`, and whether it has one (the first POOL_DISPLAY_COUNT do). */
const shapeOf = ({ display, ...fields }: PoolCandidate) => ({
  fields: Object.keys(fields).sort(),
  display: display !== undefined,
});
/**
 * Bytes on the wire for a pool of 300 (brotli, as served; gzip): measured 14.8 / 15.0 KB for 198
 * candidates here and 22.2 / 22.5 KB for 300 on the full corpus ("animal"): ~75 B a candidate, most
 * of it the int8 embedding, which does not compress; since every candidate of the default pool
 * carries its display fields (~22 B more each under brotli), "flag" here is 18.9 KB brotli for 300
 * (14.2 KB when only the first 90 did). The whole "flag" answer measured 22.3 / 22.9 KB before
 * pool candidates carried their tags and 24.1 / 24.7 KB with them: the tags are ~1.8 KB (~6 B a
 * candidate; ~40 B of JSON each, 145 KB of pool JSON instead of 133 KB). Each tag's pin count
 * (`tagPins`) took it from 24,157 to 24,629 B brotli, 24,716 to 25,179 B gzip (~1.6 B a candidate;
 * 172 KB of JSON instead of 165 KB). The bound leaves room, not a lot.
 */
const MAX_POOL_WIRE_BYTES = 26_000;

let server: TestServer;
/**
 * How many of the test index's pins carry each tag, counted here from the pins' own tags as the
 * training simulator counts them (src/ml/simulate/corpus.ts tagFrequency: lower-cased, each pin
 * once), not from the server's source (pin_tags).
 */
let tagPins: Map<string, number>;

beforeAll(async () => {
  server = await startTestServer();
  const db = new Database(indexPath(server.dataDir), { readonly: true, fileMustExist: true });
  try {
    tagPins = new Map();
    for (const json of db.prepare<[], string>('SELECT tags FROM pins').pluck().all())
      for (const tag of new Set((JSON.parse(json) as string[]).map((t) => t.toLowerCase())))
        tagPins.set(tag, (tagPins.get(tag) ?? 0) + 1);
  } finally {
    db.close();
  }
});
/** The counts a candidate with these tags should carry. */
const countsOf = (tags: readonly string[]) => tags.map((t) => tagPins.get(t.toLowerCase()));
afterAll(async () => {
  await server.close();
});

async function getJson(path: string): Promise<unknown> {
  const response = await server.client.get(path);
  expect(response.status, `${path}: ${response.text.slice(0, 200)}`).toBe(200);
  return response.json();
}
const search = async (query: string): Promise<SearchResponse> =>
  SearchResponseSchema.parse(await getJson(`/api/v1/search?${query}`));
const related = async (id: string, query = ''): Promise<RelatedResponse> =>
  RelatedResponseSchema.parse(await getJson(`/api/v1/pins/${id}/related?${query}`));

async function errorOf(path: string) {
  const response = await server.client.get(path);
  return { status: response.status, ...ErrorResponseSchema.parse(response.json()).error };
}

const ids = (items: readonly { id: string }[]) => items.map((item) => item.id);

/** Every result of a list in pages of PAGE, following nextCursor from `first`. */
async function pageThrough<P extends { items: Candidate[]; nextCursor: string | null }>(
  first: P,
  next: (cursor: string) => Promise<P>,
  upTo: number,
): Promise<Candidate[]> {
  const items = [...first.items];
  let page = first;
  while (page.nextCursor && items.length < upTo) {
    page = await next(page.nextCursor);
    items.push(...page.items);
  }
  return items;
}

describe('the candidate pool of a search', () => {
  it('comes with the first page: the top N in server order, the reranker fields only', async () => {
    const first = await search(`q=${DEEP_QUERY}`);
    expect(first.total).toBeGreaterThan(DEFAULT_POOL_SIZE);
    const pool = first.pool!;
    expect(pool.candidates).toHaveLength(DEFAULT_POOL_SIZE);
    const paged = await pageThrough(
      first,
      (cursor) => search(`q=${DEEP_QUERY}&cursor=${cursor}`),
      DEFAULT_POOL_SIZE,
    );
    // The same pins in the same order as the pages list them...
    expect(ids(pool.candidates)).toEqual(ids(paged.slice(0, DEFAULT_POOL_SIZE)));
    expect(ids(pool.candidates.slice(0, PAGE))).toEqual(ids(first.items));
    // ...with the same ranking values, and what a card draws for the first ones only.
    const full = new Map(paged.map((c) => [c.id, c]));
    for (const [rank, candidate] of pool.candidates.entries()) {
      expect(shapeOf(candidate), `rank ${rank}`).toEqual({
        fields: POOL_FIELDS,
        display: rank < POOL_DISPLAY_COUNT,
      });
      const { id, title, category, dominantColor, popularity, embedding, tags } = full.get(
        candidate.id,
      )!;
      if (rank < POOL_DISPLAY_COUNT) {
        const { imageUrl, imageUrl2x, width, height } = full.get(candidate.id)!;
        expect(Object.keys(candidate.display!).sort()).toEqual(DISPLAY_FIELDS);
        expect(candidate.display).toEqual({ imageUrl, imageUrl2x, width, height });
      }
      expect(candidate).toMatchObject({
        id,
        title,
        category,
        dominantColor,
        popularity,
        embedding,
      });
      expect(candidate.serverScore).toBe(full.get(candidate.id)!.serverScore);
      // The pin's tags in the index's order, the first MAX_EVENT_TAGS (as many as an event keeps).
      expect(candidate.tags, `rank ${rank}`).toEqual(tags.slice(0, MAX_EVENT_TAGS));
      // How many of the index's pins carry each of those tags, in the same order.
      expect(candidate.tagPins, `rank ${rank}`).toEqual(countsOf(candidate.tags!));
    }
    expect(pool.candidates.every((c) => c.embedding !== null)).toBe(true);
    // Every candidate carries tags (the test index's pins all have some).
    expect(pool.candidates.every((c) => c.tags!.length > 0)).toBe(true);
  });

  it(`carries a pin's first ${MAX_EVENT_TAGS} tags when it has more`, async () => {
    // OpenMoji's rainbow has 25 tags in the test index.
    const { pin } = PinResponseSchema.parse(await getJson(`/api/v1/pins/${MANY_TAGS_PIN}`));
    expect(pin.tags.length).toBeGreaterThan(MAX_EVENT_TAGS);
    const pooled = (await search('q=rainbow')).pool!.candidates.find((c) => c.id === pin.id)!;
    expect(pooled.tags).toEqual(pin.tags.slice(0, MAX_EVENT_TAGS));
    // The counts follow the same cut: one for each tag sent.
    expect(pooled.tagPins).toEqual(countsOf(pin.tags.slice(0, MAX_EVENT_TAGS)));
  });

  it('carries how many of the index’s pins carry each tag: a broad tag many, a telling one few', async () => {
    const pool = (await search(`q=${DEEP_QUERY}`)).pool!;
    const countOf = new Map<string, number>();
    for (const c of pool.candidates) {
      expect(c.tagPins, c.id).toHaveLength(c.tags!.length);
      c.tags!.forEach((t, i) => countOf.set(t, c.tagPins![i]!));
    }
    // "flag" is on most flags of the test index (275 pins): counted over the index, not the pool.
    expect(countOf.get('flag')).toBe(tagPins.get('flag'));
    expect(countOf.get('flag')).toBeGreaterThan(100);
    expect(countOf.get('flag')).toBeGreaterThanOrEqual(
      pool.candidates.filter((c) => c.tags!.includes('flag')).length,
    );
    // A country's own name is on a pin or two.
    const rare = [...countOf].filter(([, n]) => n <= 2);
    expect(rare.length).toBeGreaterThan(0);
    for (const [tag, n] of rare) expect(n, tag).toBe(tagPins.get(tag));
    // Every count is a count of the index's pins: at least the candidate itself.
    expect(pool.candidates.every((c) => c.tagPins!.every((n) => n >= 1))).toBe(true);
  });

  it('is only on the first request: pages asked for with a cursor have none', async () => {
    const first = await search(`q=${DEEP_QUERY}`);
    const second = await search(`q=${DEEP_QUERY}&cursor=${first.nextCursor}`);
    expect(second.pool).toBeUndefined();
    expect(second.items).toHaveLength(PAGE);
  });

  it('has a cursor that goes on in server order right after it, paging back into it', async () => {
    const first = await search(`q=${DEEP_QUERY}`);
    const paged = await pageThrough(
      first,
      (cursor) => search(`q=${DEEP_QUERY}&cursor=${cursor}`),
      first.total,
    );
    expect(paged).toHaveLength(first.total);
    const after = await search(`q=${DEEP_QUERY}&cursor=${first.pool!.nextCursor}`);
    expect(after.pool).toBeUndefined();
    expect(ids(after.items)).toEqual(ids(paged.slice(DEFAULT_POOL_SIZE, DEFAULT_POOL_SIZE + PAGE)));
    // Any page size, from the same cursor.
    const small = await search(`q=${DEEP_QUERY}&limit=7&cursor=${first.pool!.nextCursor}`);
    expect(ids(small.items)).toEqual(ids(paged.slice(DEFAULT_POOL_SIZE, DEFAULT_POOL_SIZE + 7)));
    const rest = await pageThrough(
      after,
      (cursor) => search(`q=${DEEP_QUERY}&cursor=${cursor}`),
      first.total,
    );
    expect(ids(rest)).toEqual(ids(paged.slice(DEFAULT_POOL_SIZE)));
    // The page before it is the pool's last page.
    const before = await search(`q=${DEEP_QUERY}&cursor=${after.prevCursor}`);
    expect(ids(before.items)).toEqual(
      ids(paged.slice(DEFAULT_POOL_SIZE - PAGE, DEFAULT_POOL_SIZE)),
    );
  });

  it('holds every result of a query with fewer, and then has no cursor', async () => {
    const first = await search(`q=${SHALLOW_QUERY}`);
    expect(first.total).toBeLessThan(DEFAULT_POOL_SIZE);
    expect(first.pool!.candidates).toHaveLength(first.total);
    expect(first.pool!.nextCursor).toBeNull();
  });

  it('follows refinement chips and exact=1: the pool of the narrowed list', async () => {
    const broad = await search(`q=${DEEP_QUERY}`);
    const chip = broad.refinements[0]!.value;
    for (const query of [
      `q=${DEEP_QUERY}&refine=${encodeURIComponent(chip)}`,
      'q=fase&exact=1',
      'q=fase',
    ]) {
      const first = await search(query);
      const paged = await pageThrough(
        first,
        (cursor) => search(`${query}&cursor=${cursor}`),
        DEFAULT_POOL_SIZE,
      );
      expect(first.pool, query).toBeDefined();
      expect(ids(first.pool!.candidates), query).toEqual(ids(paged.slice(0, DEFAULT_POOL_SIZE)));
    }
    // exact=1 searches the word as typed: not the corrected query's pool.
    const exact = await search('q=fase&exact=1');
    const corrected = await search('q=fase');
    expect(ids(exact.pool!.candidates)).not.toEqual(ids(corrected.pool!.candidates));
    // A cursor of the pool belongs to its own list.
    const chipPool = (await search(`q=${DEEP_QUERY}&refine=${encodeURIComponent(chip)}`)).pool!;
    if (chipPool.nextCursor) {
      expect(
        (await errorOf(`/api/v1/search?q=${DEEP_QUERY}&cursor=${chipPool.nextCursor}`)).code,
      ).toBe('bad_cursor');
    }
    expect(
      (await errorOf(`/api/v1/search?q=${DEEP_QUERY}&exact=1&cursor=${broad.pool!.nextCursor}`))
        .code,
    ).toBe('bad_cursor');
  });

  it(`stays small on the wire: under ${MAX_POOL_WIRE_BYTES} bytes compressed for a full pool`, async () => {
    const path = `/api/v1/search?q=${DEEP_QUERY}`;
    for (const [encoding, decode] of [
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      const response = await server.client.get(path, { 'accept-encoding': encoding });
      expect(response.headers['content-encoding']).toBe(encoding);
      const body = SearchResponseSchema.parse(JSON.parse(decode(response.body).toString('utf8')));
      expect(body.pool!.candidates).toHaveLength(DEFAULT_POOL_SIZE);
      // The whole answer: first page, chips and pool.
      expect(response.body.length, encoding).toBeLessThan(MAX_POOL_WIRE_BYTES);
    }
  });
});

describe('the candidate pool of related pins', () => {
  it('is the pin’s nearest related pins in server order, on the first page only', async () => {
    const [pin] = (await search(`q=${DEEP_QUERY}&limit=1`)).items;
    const first = await related(pin!.id, `limit=${PAGE}`);
    const pool = first.pool!;
    expect(pool.candidates.length).toBeGreaterThan(PAGE);
    // One page past the pool too: pins that look alike join the related candidates, so a
    // related list can run deeper than the pool, and the pool's own cursor must continue it.
    const paged = await pageThrough(
      first,
      (cursor) => related(pin!.id, `cursor=${cursor}`),
      DEFAULT_POOL_SIZE + PAGE,
    );
    expect(ids(pool.candidates)).toEqual(ids(paged.slice(0, pool.candidates.length)));
    const full = new Map(paged.map((c) => [c.id, c]));
    pool.candidates.forEach((c, rank) => {
      expect(shapeOf(c)).toEqual({ fields: POOL_FIELDS, display: rank < POOL_DISPLAY_COUNT });
      expect(c.tags, `rank ${rank}`).toEqual(full.get(c.id)!.tags.slice(0, MAX_EVENT_TAGS));
      expect(c.tagPins, `rank ${rank}`).toEqual(countsOf(c.tags!));
    });
    expect(ids(pool.candidates)).not.toContain(pin!.id);
    const second = await related(pin!.id, `cursor=${first.nextCursor}`);
    expect(second.pool).toBeUndefined();
    if (pool.nextCursor) {
      const after = await related(pin!.id, `cursor=${pool.nextCursor}`);
      expect(ids(after.items)).toEqual(
        ids(paged.slice(pool.candidates.length, pool.candidates.length + PAGE)),
      );
    }
  });
});

describe('GET /api/v1/pins?ids=', () => {
  it('answers display data for pool pins, in the order asked, listing unknown ids', async () => {
    const { pool } = await search(`q=${DEEP_QUERY}`);
    const wanted = ids(pool!.candidates.slice(200, 230)).reverse();
    const response = PinsResponseSchema.parse(
      await getJson(`/api/v1/pins?ids=${[wanted[0], 'no-such-pin', ...wanted.slice(1)].join(',')}`),
    );
    expect(ids(response.items)).toEqual(wanted);
    expect(response.missing).toEqual(['no-such-pin']);
    // Each as the single-pin route has it.
    const single = PinResponseSchema.parse(await getJson(`/api/v1/pins/${wanted[3]}`));
    expect(response.items[3]).toEqual(single.pin);
  });

  it(`takes up to ${MAX_BATCH_PINS} ids`, async () => {
    const { pool } = await search(`q=${DEEP_QUERY}`);
    const hundred = ids(pool!.candidates.slice(0, MAX_BATCH_PINS));
    const response = PinsResponseSchema.parse(
      await getJson(`/api/v1/pins?ids=${hundred.join(',')}`),
    );
    expect(ids(response.items)).toEqual(hundred);
    const unknown = PinsResponseSchema.parse(await getJson('/api/v1/pins?ids=nope,nada'));
    expect(unknown).toEqual({ items: [], missing: ['nope', 'nada'] });
  });

  it.each([
    ['no ids', '/api/v1/pins', /^ids: is required$/],
    ['an empty list', '/api/v1/pins?ids=', /^ids: give at least one id$/],
    ['an empty id', '/api/v1/pins?ids=om-1f98c,,om-1f577', /^ids\[1\]: is empty/],
    ['a trailing comma', '/api/v1/pins?ids=om-1f98c,', /^ids\[1\]: is empty/],
    ['a bad character', '/api/v1/pins?ids=om-1f98c,a%20b', /^ids\[1\]: must be letters, digits/],
    ['an id twice', '/api/v1/pins?ids=a,b,a', /^ids: "a" is given twice; give each id once$/],
    ['the parameter twice', '/api/v1/pins?ids=a&ids=b', /^ids: was given more than once/],
    [
      'too many ids',
      `/api/v1/pins?ids=${Array.from({ length: MAX_BATCH_PINS + 1 }, (_, i) => `p${i}`).join(',')}`,
      new RegExp(`^ids: at most ${MAX_BATCH_PINS} ids at a time$`),
    ],
    ['an over-long id', `/api/v1/pins?ids=${'x'.repeat(129)}`, /^ids\[0\]: is longer than 128/],
  ])('answers %s with a clear 400', async (_name, path, message) => {
    const error = await errorOf(path);
    expect(error.status).toBe(400);
    expect(error.code).toBe('bad_request');
    expect(error.message).toMatch(message);
  });
});

describe('the pool size', () => {
  it('is the service’s option (INSPO_POOL_SIZE in main.ts)', async () => {
    const small = await startTestServer({ poolSize: 120 });
    try {
      const first = SearchResponseSchema.parse(
        (await small.client.get(`/api/v1/search?q=${DEEP_QUERY}`)).json(),
      );
      expect(first.pool!.candidates).toHaveLength(120);
      const after = SearchResponseSchema.parse(
        (
          await small.client.get(`/api/v1/search?q=${DEEP_QUERY}&cursor=${first.pool!.nextCursor}`)
        ).json(),
      );
      const direct = small.engine.search({ q: DEEP_QUERY, refine: [], offset: 120, limit: PAGE });
      expect(ids(after.items)).toEqual(ids(direct.items));
    } finally {
      await small.close();
    }
  });
});
