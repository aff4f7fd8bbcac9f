/**
 * What a suggestion is, so the UI can show an icon or a section; every kind's `text` is a
 * query to search as is.
 *   - `category`: the name of a category of the corpus ("food & drink");
 *   - `tag`: a tag pins carry ("heart", "fleur-de-lis");
 *   - `query`: anything else worth searching — a title word or phrase common in the corpus
 *     ("smiling face"), a whole short title, or a query people searched often;
 *   - `recent`: never sent by the server; the SPA labels the user's own recent searches
 *     (kept on the device) with it, so one type covers the whole list.
 * When one text is several kinds, the first of category, tag, query wins.
 */
export const SUGGESTION_KINDS = ['query', 'tag', 'category', 'recent'] as const;
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];

/** Kinds the server mines from the corpus, most specific first. */
export type CorpusKind = Exclude<SuggestionKind, 'recent'>;
export const KIND_PRIORITY: Readonly<Record<CorpusKind, number>> = { category: 0, tag: 1, query: 2 };
