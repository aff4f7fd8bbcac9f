import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorResponseSchema, SearchResponseSchema, type SearchResponse } from '@/contract/api';
import { tamper } from './support/tamper';
import { startEngineTestServer } from './support/test-server';
import { testEngines } from './support/test-cluster';

/** A word with several pages of results in the openmoji test index. */
const BROAD_QUERY = 'face';
const PAGE_SIZE = 7;

describe.each(testEngines())('on the %s engine', (engine) => {
  let server: Awaited<ReturnType<typeof startEngineTestServer>>;

  beforeAll(async () => {
    server = await startEngineTestServer(engine);
  });
  afterAll(async () => {
    await server.close();
  });

  async function search(query: string): Promise<SearchResponse> {
    const response = await server.client.get(`/api/v1/search?${query}`);
    expect(response.status, response.text).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    return SearchResponseSchema.parse(response.json());
  }

  async function searchError(query: string) {
    const response = await server.client.get(`/api/v1/search?${query}`);
    return { status: response.status, ...ErrorResponseSchema.parse(response.json()).error };
  }

  const ids = (page: SearchResponse) => page.items.map((item) => item.id);

  describe('GET /api/v1/search', () => {
    it('answers a valid SearchResponse with the understood query', async () => {
      const page = await search(`q=${BROAD_QUERY}`);
      expect(page.query.raw).toBe(BROAD_QUERY);
      expect(page.items.length).toBe(30);
      expect(page.total).toBeGreaterThan(3 * PAGE_SIZE);
      expect(page.prevCursor).toBeNull();
      expect(page.nextCursor).not.toBeNull();
      expect(page.tookMs).toBeGreaterThanOrEqual(0);
    });

    it('matches what the engine returns for the same page', async () => {
      const page = await search(`q=${BROAD_QUERY}&limit=${PAGE_SIZE}`);
      const direct = await server.engine.search({
        q: BROAD_QUERY,
        refine: [],
        offset: 0,
        limit: PAGE_SIZE,
      });
      expect(ids(page)).toEqual(direct.items.map((item) => item.id));
      expect(page.total).toBe(direct.total);
    });

    it('pages without overlap to the end by following nextCursor', async () => {
      const first = await search(`q=${BROAD_QUERY}&limit=${PAGE_SIZE}`);
      const seen = [...ids(first)];
      let page = first;
      let pages = 1;
      while (page.nextCursor !== null) {
        page = await search(`q=${BROAD_QUERY}&limit=${PAGE_SIZE}&cursor=${page.nextCursor}`);
        expect(page.prevCursor).not.toBeNull();
        expect(page.total).toBe(first.total);
        seen.push(...ids(page));
        pages += 1;
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe(first.total);
      expect(pages).toBe(Math.ceil(first.total / PAGE_SIZE));
      expect(page.items.length).toBe(first.total - (pages - 1) * PAGE_SIZE);
    });

    it('prevCursor goes back to exactly the previous page', async () => {
      const first = await search(`q=${BROAD_QUERY}&limit=${PAGE_SIZE}`);
      const second = await search(`q=${BROAD_QUERY}&limit=${PAGE_SIZE}&cursor=${first.nextCursor}`);
      const third = await search(`q=${BROAD_QUERY}&limit=${PAGE_SIZE}&cursor=${second.nextCursor}`);
      const backToSecond = await search(
        `q=${BROAD_QUERY}&limit=${PAGE_SIZE}&cursor=${third.prevCursor}`,
      );
      const backToFirst = await search(
        `q=${BROAD_QUERY}&limit=${PAGE_SIZE}&cursor=${backToSecond.prevCursor}`,
      );
      expect(ids(backToSecond)).toEqual(ids(second));
      expect(ids(backToFirst)).toEqual(ids(first));
      expect(backToFirst.prevCursor).toBeNull();
    });

    it('accepts a cursor for the same query written differently (case, spaces, refine order)', async () => {
      const first = await search(`q=${BROAD_QUERY}&refine=smiling&refine=eyes&limit=2`);
      const next = await search(
        `q=++${BROAD_QUERY.toUpperCase()}+&refine=eyes&refine=smiling&limit=2&cursor=${first.nextCursor}`,
      );
      expect(next.prevCursor).not.toBeNull();
    });

    it.each([
      ['another query', (cursor: string) => `q=cat&cursor=${cursor}`],
      ['added refinement', (cursor: string) => `q=${BROAD_QUERY}&refine=smiling&cursor=${cursor}`],
      ['garbage', () => `q=${BROAD_QUERY}&cursor=not-a-cursor`],
      ['tampered offset', (cursor: string) => `q=${BROAD_QUERY}&cursor=${tamper(cursor)}`],
    ])('refuses a cursor from %s with 400 bad_cursor', async (_name, query) => {
      const first = await search(`q=${BROAD_QUERY}&limit=${PAGE_SIZE}`);
      const error = await searchError(query(first.nextCursor ?? ''));
      expect(error).toEqual({
        status: 400,
        code: 'bad_cursor',
        message: 'cursor: not a cursor this server issued for this query; start again without it',
      });
    });

    it('returns an empty, valid page for a query with no matches', async () => {
      const page = await search('q=zzqxjzzqxj');
      expect(page.items).toEqual([]);
      expect(page.total).toBe(0);
      expect(page.nextCursor).toBeNull();
      expect(page.prevCursor).toBeNull();
    });

    it.each([
      ['', 'q: is required'],
      ['q=', 'q: the query is empty'],
      ['q=+++', 'q: the query is empty'],
      [`q=${'x'.repeat(201)}`, 'q: the query is longer than 200 characters'],
      ['q=a&q=b', 'q: was given more than once; pass it once'],
      ['q=a&limit=0', 'limit: must be at least 1'],
      ['q=a&limit=101', 'limit: must be at most 100'],
      ['q=a&limit=-5', 'limit: must be a whole number'],
      ['q=a&limit=1e3', 'limit: must be a whole number'],
      ['q=a&limit=10&limit=20', 'limit: was given more than once; pass it once'],
      ['q=a&refine=', 'refine[0]: is empty'],
      [
        `q=a&${Array.from({ length: 9 }, (_, i) => `refine=r${i}`).join('&')}`,
        'refine: accepts at most 8 values',
      ],
      [`q=a&cursor=${'c'.repeat(513)}`, 'cursor: is longer than 512 characters'],
    ])('?%s → 400 "%s"', async (query, message) => {
      expect(await searchError(query)).toEqual({ status: 400, code: 'bad_request', message });
    });

    it('ignores unknown parameters', async () => {
      const page = await search(`q=${BROAD_QUERY}&limit=3&utm_source=x&__proto__=y`);
      expect(page.items.length).toBe(3);
    });

    it.each([
      ['%', '%'],
      ['100%25', '100%'],
      ['%FF', '\uFFFD'],
      ['%E0%A4%A', '\uFFFD%A'],
      ['%ED%A0%80', '\uFFFD\uFFFD\uFFFD'],
      ['%22cat%22+OR+*', '"cat" OR *'],
      ['NEAR(cat+dog)', 'NEAR(cat dog)'],
    ])('decodes q=%s like a browser and answers 200', async (raw, decoded) => {
      const page = await search(`q=${raw}`);
      expect(page.query.raw).toBe(decoded);
    });

    it.each([
      // Each engine's own query language, as text: FTS5's and Lucene's/Solr's.
      ['cat OR dog', 'cat or dog'],
      ['title:cat', 'title cat'],
      ['cat AND NOT face', 'cat and not face'],
      ['{!func}cat', 'func cat'],
      ['cat^100', 'cat 100'],
      ['"cat\\"', 'cat'],
      ['cat~2 face*', 'cat 2 face'],
      ['_query_:"{!lucene}*:*" cat', 'query lucene cat'],
      ['(cat', 'cat'],
    ])('searches the words of %j, never its syntax (same as %j)', async (hostile, words) => {
      const asSyntax = await search(`q=${encodeURIComponent(hostile)}`);
      const asWords = await search(`q=${encodeURIComponent(words)}`);
      expect(asSyntax.total).toBe(asWords.total);
      expect(asSyntax.items.map((i) => i.id)).toEqual(asWords.items.map((i) => i.id));
    });

    it('finds nothing for a query of syntax alone (no match-all)', async () => {
      for (const q of ['*:*', '*', '""', '()', '{!}']) {
        const page = await search(`q=${encodeURIComponent(q)}`);
        expect([q, page.total]).toEqual([q, 0]);
      }
    });
  });
});
