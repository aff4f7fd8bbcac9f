import { InfiniteQueryObserver, QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Candidate, SearchResponse } from '@/contract/api';
import { getSearchPage, SEARCH_MAX_PAGES, searchInfiniteQueryOptions } from './get-search';
import { getPin } from './get-pin';
import { getRelatedPage } from './get-related';

const candidate = (id: string): Candidate => ({
  id,
  title: id,
  description: '',
  tags: [],
  category: 'animals',
  imageUrl: `/thumbs/${id}-236.webp`,
  imageUrl2x: `/thumbs/${id}-472.webp`,
  width: 236,
  height: 200,
  dominantColor: '#aabbcc',
  palette: [],
  source: { name: 'openmoji', attribution: 'OpenMoji', url: null },
  license: { name: 'CC BY-SA 4.0', url: 'https://creativecommons.org/licenses/by-sa/4.0/' },
  popularity: 0,
  serverScore: 1,
  lexicalScore: 1,
  semanticScore: 0,
  embedding: null,
});

const page = (offset: number, size: number, total: number): SearchResponse => ({
  query: { raw: 'cat', normalized: 'cat', corrections: [], expansions: [] },
  items: Array.from({ length: size }, (_, i) => candidate(`p${offset + i}`)),
  nextCursor: offset + size < total ? `c${offset + size}` : null,
  prevCursor: offset > 0 ? `c${Math.max(0, offset - size)}` : null,
  refinements: [],
  total,
  tookMs: 1,
});

/**
 * A fake /api/v1/search that serves `total` items in pages of 30 addressed by cursor "c<offset>",
 * the first (no cursor) with a candidate pool of `poolSize` when given.
 */
function stubSearchApi(total: number, { poolSize }: { poolSize?: number } = {}) {
  const calls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      calls.push(url);
      const cursor = new URL(url, 'http://x').searchParams.get('cursor');
      const offset = cursor ? Number(cursor.slice(1)) : 0;
      const answer = page(offset, Math.min(30, total - offset), total);
      if (poolSize !== undefined && cursor === null) {
        const size = Math.min(poolSize, total);
        answer.pool = {
          candidates: Array.from({ length: size }, (_, i) => {
            const { id, title, category, dominantColor, popularity, embedding } = candidate(
              `p${i}`,
            );
            return {
              id,
              title,
              category,
              dominantColor,
              popularity,
              embedding,
              serverScore: 1,
              lexicalScore: 1,
              semanticScore: 0,
            };
          }),
          nextCursor: size < total ? `c${size}` : null,
        };
      }
      return new Response(JSON.stringify(answer));
    }),
  );
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('fetchers', () => {
  it('getSearchPage sends q, refine, cursor, the page size and exact', async () => {
    const calls = stubSearchApi(100);
    await getSearchPage({ q: 'red car', refine: ['a', 'b'], exact: false, cursor: 'c30' });
    await getSearchPage({ q: 'buterfly', refine: [], exact: true, cursor: null });
    expect(calls).toEqual([
      '/api/v1/search?q=red+car&refine=a&refine=b&cursor=c30&limit=30',
      '/api/v1/search?q=buterfly&limit=30&exact=1',
    ]);
  });

  it('getPin and getRelatedPage escape the id', async () => {
    const calls: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        calls.push(url);
        const body = url.includes('related')
          ? { items: [], nextCursor: null, prevCursor: null }
          : { pin: candidate('a b') };
        return new Response(JSON.stringify(body));
      }),
    );
    await expect(getPin({ id: 'a b' })).resolves.toMatchObject({ id: 'a b' });
    await getRelatedPage({ id: 'a/b', cursor: null });
    expect(calls).toEqual(['/api/v1/pins/a%20b', '/api/v1/pins/a%2Fb/related?limit=30']);
  });
});

describe('searchInfiniteQueryOptions with a real QueryClient', () => {
  it(`keeps at most ${SEARCH_MAX_PAGES} pages and fetches dropped pages back through prevCursor`, async () => {
    const calls = stubSearchApi(30 * (SEARCH_MAX_PAGES + 2));
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const observer = new InfiniteQueryObserver(
      client,
      searchInfiniteQueryOptions({ q: 'cat', refine: [], exact: false }),
    );
    const unsubscribe = observer.subscribe(() => {});
    await vi.waitFor(() => expect(observer.getCurrentResult().status).toBe('success'));

    for (let i = 0; i < SEARCH_MAX_PAGES + 1; i += 1) await observer.fetchNextPage();
    let result = observer.getCurrentResult();
    const firstIds = () => result.data!.pages.map((p) => p.items[0]!.id);
    expect(firstIds()).toEqual(
      Array.from({ length: SEARCH_MAX_PAGES }, (_, i) => `p${(i + 2) * 30}`),
    );
    expect(result.hasNextPage).toBe(false);
    expect(result.hasPreviousPage).toBe(true);

    result = await observer.fetchPreviousPage();
    expect(firstIds()).toEqual(
      Array.from({ length: SEARCH_MAX_PAGES }, (_, i) => `p${(i + 1) * 30}`),
    );
    expect(calls.at(-1)).toBe('/api/v1/search?q=cat&cursor=c30&limit=30');
    expect(result.hasNextPage).toBe(true); // the last page was dropped to make room
    // A server without pools: its first page stands for the pool, so the page after it is the
    // first past the pool, and the one before that is the device's, not the server's.
    expect(result.hasPreviousPage).toBe(false);
    unsubscribe();
  });

  it('goes on after the candidate pool, not after the first page, and never pages back into the pool', async () => {
    const calls = stubSearchApi(30 * 14, { poolSize: 300 });
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const observer = new InfiniteQueryObserver(
      client,
      searchInfiniteQueryOptions({ q: 'cat', refine: [], exact: false }),
    );
    const unsubscribe = observer.subscribe(() => {});
    await vi.waitFor(() => expect(observer.getCurrentResult().status).toBe('success'));
    expect(observer.getCurrentResult().data!.pages[0]!.pool!.candidates).toHaveLength(300);

    await observer.fetchNextPage();
    await observer.fetchNextPage();
    const result = observer.getCurrentResult();
    expect(calls.slice(1)).toEqual([
      '/api/v1/search?q=cat&cursor=c300&limit=30',
      '/api/v1/search?q=cat&cursor=c330&limit=30',
    ]);
    expect(result.data!.pageParams).toEqual([
      null,
      { cursor: 'c300', poolEnd: 'c300' },
      { cursor: 'c330', poolEnd: 'c300' },
    ]);
    expect(result.hasNextPage).toBe(true);
    unsubscribe();
  });
});
