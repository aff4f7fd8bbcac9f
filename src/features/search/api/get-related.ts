import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { RelatedResponse } from '@/contract/api';
import { apiGet } from '@/lib/api-client/api-client';
import { DEFAULT_PAGE_SIZE } from '@/contract/constants';
import { loadContract } from '@/lib/api-client/load-contract';
import { cursorOf, nextFeedParam, previousFeedParam, type FeedPageParam } from './feed-params';
import { pinKeys } from './query-keys';

export const RELATED_PAGE_SIZE = DEFAULT_PAGE_SIZE;
export const RELATED_MAX_PAGES = 10;

export function getRelatedPage({
  id,
  cursor,
  signal,
}: {
  id: string;
  cursor: string | null;
  signal?: AbortSignal;
}): Promise<RelatedResponse> {
  return apiGet({
    path: `/pins/${encodeURIComponent(id)}/related`,
    params: { cursor, limit: RELATED_PAGE_SIZE },
    schema: async () => (await loadContract()).RelatedResponseSchema,
    signal,
  });
}

export function relatedInfiniteQueryOptions(id: string) {
  return infiniteQueryOptions({
    queryKey: pinKeys.related(id),
    queryFn: ({ pageParam, signal }) => getRelatedPage({ id, cursor: cursorOf(pageParam), signal }),
    initialPageParam: null as FeedPageParam,
    // The first page brings the pin's related pins as a pool (feed/pool-feed.ts), then server pages past it.
    getNextPageParam: (lastPage, _pages, lastPageParam) => nextFeedParam(lastPage, lastPageParam),
    getPreviousPageParam: (firstPage, _pages, firstPageParam) =>
      previousFeedParam(firstPage, firstPageParam),
    maxPages: RELATED_MAX_PAGES,
  });
}

export function useRelated(id: string) {
  return useInfiniteQuery(relatedInfiniteQueryOptions(id));
}
