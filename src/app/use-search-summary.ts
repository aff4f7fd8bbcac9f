import { keepPreviousData, useInfiniteQuery, type InfiniteData } from '@tanstack/react-query';
import { useState } from 'react';
import type { SearchResponse } from '@/contract/api';
import { searchInfiniteQueryOptions } from '@/features/search/api/get-search';
import type { SearchFilters } from '@/features/search/api/query-keys';

/** What the query-understanding UI needs from a search: the first page's query, chips and related searches. */
export type SearchSummary = Pick<
  SearchResponse,
  'query' | 'refinements' | 'relatedSearches' | 'modules'
>;

/** The first page (requested without a cursor), or null once maxPages has dropped it. */
export function firstPage(data: InfiniteData<SearchResponse, unknown>): SearchResponse | null {
  const index = data.pageParams.indexOf(null);
  return index === -1 ? null : (data.pages[index] ?? null);
}

/**
 * The search's first page, observed next to the feed's own observer (same key, one request).
 * While a new refinement loads it keeps the previous response (keepPreviousData), so the chip
 * rail and banner do not flicker; deep in the feed, after the first page was dropped, it keeps
 * the last one seen.
 */
export function useSearchSummary(filters: SearchFilters): {
  summary: SearchSummary | null;
  stale: boolean;
} {
  const { data, isPlaceholderData } = useInfiniteQuery({
    ...searchInfiniteQueryOptions(filters),
    placeholderData: keepPreviousData,
    select: firstPage,
  });
  const [kept, setKept] = useState<SearchResponse | null>(null);
  if (data && data !== kept) setKept(data);
  return { summary: data ?? kept, stale: isPlaceholderData };
}
