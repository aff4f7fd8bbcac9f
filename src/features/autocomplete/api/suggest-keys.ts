/**
 * Query keys for suggestions, general → specific. The typed text is in the key, so an answer
 * can only ever be shown for the text it was asked for: an older, slower response lands in
 * its own cache entry and never replaces a newer one.
 */
export const suggestKeys = {
  all: ['suggest'] as const,
  lists: () => [...suggestKeys.all, 'list'] as const,
  list: (q: string, limit: number) => [...suggestKeys.lists(), { q, limit }] as const,
};
