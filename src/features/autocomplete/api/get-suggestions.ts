import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { Suggestion } from '@/contract/api';
import { DEFAULT_SUGGEST_LIMIT } from '@/contract/constants';
import { apiGet } from '@/lib/api-client/api-client';
import { loadContract } from '@/lib/api-client/load-contract';
import { suggestKeys } from './suggest-keys';
import { searchLanguage } from '@/lib/i18n/i18n';

/** Options in the popup while typing (the contract's default). */
export const SUGGEST_LIMIT = DEFAULT_SUGGEST_LIMIT;
/** The server lets caches keep an answer for 60 s; reuse ours as long (repeated prefixes cost nothing). */
export const SUGGEST_STALE_TIME_MS = 60_000;
/** Keep prefixes around for the session's next similar typing, but not forever. */
export const SUGGEST_GC_TIME_MS = 5 * 60_000;

export interface SuggestionList {
  /** The text these suggestions answer, so the UI can tell a held-over answer from a fresh one. */
  q: string;
  suggestions: Suggestion[];
}

export async function getSuggestions({
  q,
  limit = SUGGEST_LIMIT,
  signal,
}: {
  q: string;
  limit?: number;
  signal?: AbortSignal;
}): Promise<SuggestionList> {
  const { suggestions } = await apiGet({
    path: '/suggest',
    // The reader's language: completions of its words come first (`mari` → mariposa in Spanish).
    params: { q, limit, hl: searchLanguage() },
    schema: async () => (await loadContract()).SuggestResponseSchema,
    signal,
  });
  return { q, suggestions };
}

export function suggestQueryOptions(q: string) {
  return queryOptions({
    queryKey: suggestKeys.list(q, SUGGEST_LIMIT),
    // The signal aborts the request as soon as the text moves on (the query loses its observer).
    queryFn: ({ signal }) => getSuggestions({ q, signal }),
    staleTime: SUGGEST_STALE_TIME_MS,
    gcTime: SUGGEST_GC_TIME_MS,
    // A retried suggestion would arrive after the person typed on; the next keystroke asks again.
    retry: false,
    // Show the previous prefix's list until this one arrives, so the panel does not flicker.
    placeholderData: keepPreviousData,
  });
}

export function useSuggestions(q: string, { enabled }: { enabled: boolean }) {
  return useQuery({ ...suggestQueryOptions(q), enabled });
}
