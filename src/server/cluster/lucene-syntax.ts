/**
 * The engine's match tiers (engine/fts-match.ts) written as Lucene queries for Solr's standard
 * parser. Each term is a quoted phrase searched in the text fields with the embedded engine's
 * BM25 column weights (title 10, tags 6, crosslingual 4, category 3, description 2), the field
 * scores summed; an AND is a run of required clauses, an OR a group of optional ones.
 *
 * User text only ever reaches Solr inside a quoted phrase with `\` and `"` escaped (the words
 * themselves come from the query stage's word splitter, letters and digits only), so no string
 * can change the query's structure, name a field or open local parameters.
 */
import { FTS_COLUMNS, BM25_WEIGHTS, type FtsColumn } from '@/server/engine/schema';
import type { MatchSyntax } from '@/server/engine/fts-match';
import { tokenizeQuery } from '@/server/engine/fts-query';

/** A Lucene phrase literal. */
export function quoteLucene(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * The text fields a published collection has: the index's FTS columns but `suggested` (tags
 * predicted from pixels are not published into the cluster: Solr refuses a query naming a field
 * its schema does not have).
 */
export const CLUSTER_TEXT_FIELDS: readonly FtsColumn[] = FTS_COLUMNS.filter(
  (field) => field !== 'suggested',
);

/** The syntax over the given text fields (each at its BM25_WEIGHTS weight). */
export function luceneSyntax(fields: readonly FtsColumn[] = CLUSTER_TEXT_FIELDS): MatchSyntax {
  return {
    term: (text) => {
      const phrase = quoteLucene(text);
      return `(${fields.map((field) => `${field}:${phrase}^${BM25_WEIGHTS[field]}`).join(' ')})`;
    },
    and: (parts) => parts.map((p) => `+${p}`).join(' '),
    or: (parts) => (parts.length === 1 ? parts[0]! : `(${parts.join(' ')})`),
  };
}

export const LUCENE_SYNTAX: MatchSyntax = luceneSyntax();

/**
 * Collections published before the `crosslingual` field (pins in other languages) lack it, and
 * Solr refuses a query naming a field its schema does not have: their syntax leaves it out
 * (the build's query model says which kind a collection is, query-model.ts).
 */
export const LEGACY_LUCENE_SYNTAX: MatchSyntax = luceneSyntax(
  CLUSTER_TEXT_FIELDS.filter((field) => field !== 'crosslingual'),
);

/** Pins matching every word of `terms` (refinement words), for filtering; null when none. */
export function requiredWordsQuery(
  terms: readonly string[],
  syntax: MatchSyntax = LUCENE_SYNTAX,
): string | null {
  const words = [...new Set(terms.flatMap((t) => tokenizeQuery(t)))];
  return words.length === 0 ? null : syntax.and(words.map(syntax.term));
}

/** A tier's matches that no earlier tier matched: `tier` AND NOT `previous`. */
export const tierExclusive = (tier: string, previous: string): string =>
  `+(${tier}) -(${previous})`;
