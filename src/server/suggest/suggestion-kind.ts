/**
 * Kinds of suggestions (the contract's SuggestionKindSchema documents them). The server mines
 * `category`, `tag` and `query`; `recent` belongs to the SPA. When one text is several kinds,
 * the most specific wins: category, then tag, then query.
 */
import type { SuggestionKind } from '@/contract/api';

/** Kinds the server mines from the corpus. */
export type CorpusKind = Exclude<SuggestionKind, 'recent'>;
export const KIND_PRIORITY: Readonly<Record<CorpusKind, number>> = {
  category: 0,
  tag: 1,
  query: 2,
};
