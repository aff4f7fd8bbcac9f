import {
  infiniteQueryOptions,
  useInfiniteQuery,
  useQueryClient,
  type InfiniteData,
} from '@tanstack/react-query';
import { useCallback } from 'react';
import type { SearchResponse } from '@/contract/api';
import { DEFAULT_PAGE_SIZE, EXACT_ON, EXACT_PARAM, TYPE_PARAM } from '@/contract/constants';
import { apiGet } from '@/lib/api-client/api-client';
import { loadContract } from '@/lib/api-client/load-contract';
import { cursorOf, nextFeedParam, previousFeedParam, type FeedPageParam } from './feed-params';
import { searchKeys, type SearchFilters } from './query-keys';
import { searchLanguage } from '@/lib/i18n/i18n';

export const SEARCH_PAGE_SIZE = DEFAULT_PAGE_SIZE;
/**
 * Server pages kept in memory per query (30 items each). The first carries the candidate pool,
 * whose pages the device cuts itself (feed/pool-feed.ts); the others are the server's list past
 * the pool. Older pages are dropped as the reader goes deeper and refetched through `prevCursor`
 * when they scroll back up; the grid keeps their slots (see feed/feed-ledger.ts).
 */
export const SEARCH_MAX_PAGES = 10;
/** Results are deterministic for an index build; keep them long enough for Back to be instant. */
export const SEARCH_GC_TIME_MS = 30 * 60_000;

export function getSearchPage({
  q,
  refine,
  exact,
  type,
  cursor,
  signal,
}: SearchFilters & { cursor: string | null; signal?: AbortSignal }): Promise<SearchResponse> {
  return apiGet({
    path: '/search',
    // `exact=1` is left out when false, so ordinary searches keep their plain URLs.
    // `hl`: the reader's language breaks ties when a word is in several (French "chat" is a cat).
    params: {
      q,
      refine,
      cursor,
      limit: SEARCH_PAGE_SIZE,
      [EXACT_PARAM]: exact ? EXACT_ON : null,
      hl: searchLanguage(),
      // A tab other than All; after hl, as the first-view answer's address has it (first-view.ts).
      [TYPE_PARAM]: type ?? null,
    },
    schema: async () => (await loadContract()).SearchResponseSchema,
    signal,
  });
}

export function searchInfiniteQueryOptions(filters: SearchFilters) {
  return infiniteQueryOptions({
    queryKey: searchKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      getSearchPage({ ...filters, cursor: cursorOf(pageParam), signal }),
    initialPageParam: null as FeedPageParam,
    getNextPageParam: (lastPage, _pages, lastPageParam) => nextFeedParam(lastPage, lastPageParam),
    getPreviousPageParam: (firstPage, _pages, firstPageParam) =>
      previousFeedParam(firstPage, firstPageParam),
    maxPages: SEARCH_MAX_PAGES,
    gcTime: SEARCH_GC_TIME_MS,
  });
}

export function useSearch(filters: SearchFilters) {
  return useInfiniteQuery(searchInfiniteQueryOptions(filters));
}

/**
 * Replaces a search's loaded pages with the one page `pageParam` fetches (a FeedPageParam; null
 * for the first page, with the pool): a far jump in a long feed (feed/page-seek.ts) goes on from
 * there instead of walking every page in between.
 */
export function useSearchSeek({
  q,
  refine,
  exact,
  type,
}: SearchFilters): (pageParam: FeedPageParam) => Promise<void> {
  const client = useQueryClient();
  const refineKey = JSON.stringify(refine);
  return useCallback(
    async (pageParam: FeedPageParam) => {
      const filters = { q, refine: JSON.parse(refineKey) as string[], exact, type };
      const page = await getSearchPage({ ...filters, cursor: cursorOf(pageParam) });
      client.setQueryData<InfiniteData<SearchResponse, FeedPageParam>>(searchKeys.list(filters), {
        pages: [page],
        pageParams: [pageParam],
      });
    },
    [client, q, refineKey, exact, type],
  );
}
