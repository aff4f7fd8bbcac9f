/**
 * "People also search for" as the engine mines it (both engines). Over HTTP the embedded
 * engine's are replaced by the query graph's (src/server/suggest/query-recommender.ts, built from
 * the index's pins); the cluster engine's still come from here. A handful of queries next to
 * this one, from two sources —
 *
 * - narrower: the query plus a word that co-occurs with it in the results' tags and titles
 *   ("cat" → "cat face"), scored by how many results carry the word times its IDF in the
 *   corpus, so words every pin has ("emoji") do not win;
 * - sideways: WordNet siblings (co-hyponyms) of the query's last content word that the corpus
 *   uses ("cat" → "dog"), swapped in for it.
 *
 * The two are interleaved (narrower first) so both kinds show. Every suggestion differs from
 * the query, and a narrower one always has results: its word came from them.
 */
import { foldText, hasDigit, matchKey, matchTerms } from './normalize';
import { isStopword } from './stopwords';

export const MAX_RELATED_SEARCHES = 6;
/** A word must appear in at least this many results to suggest narrowing by it. */
export const MIN_COOCCURRENCE = 2;
/** Shorter words are rarely useful refinements ("ok", "uk"). */
const MIN_WORD_LENGTH = 3;

export interface RelatedSearchInput {
  /** The searched words (after correction), folded; stopwords allowed. */
  terms: readonly string[];
  /** The result candidates, best first. */
  candidates: ReadonlyArray<{ title: string; tags: readonly string[] }>;
  /** Pins in the corpus using a folded word (0: unknown). */
  documentFrequency: (term: string) => number;
  corpusSize: number;
  /** Corpus-attested WordNet siblings of a folded word, best first. */
  siblings: (term: string) => string[];
  max?: number;
}

function cooccurring(input: RelatedSearchInput, queryKeys: ReadonlySet<string>): string[] {
  const perPin = new Map<string, { term: string; pins: number }>();
  for (const pin of input.candidates) {
    const seen = new Set<string>();
    for (const term of matchTerms(`${pin.title} ${pin.tags.join(' ')}`)) {
      if (term.length < MIN_WORD_LENGTH || hasDigit(term) || isStopword(term)) continue;
      const key = matchKey(term);
      if (queryKeys.has(key) || seen.has(key)) continue;
      seen.add(key);
      const entry = perPin.get(key);
      if (entry) entry.pins++;
      else perPin.set(key, { term, pins: 1 });
    }
  }
  const n = Math.max(input.corpusSize, 1);
  const scored = [...perPin.values()]
    .filter((e) => e.pins >= MIN_COOCCURRENCE)
    .map((e) => ({ term: e.term, score: e.pins * Math.log(1 + n / Math.max(input.documentFrequency(e.term), 1)) }));
  scored.sort((a, b) => b.score - a.score || (a.term < b.term ? -1 : 1));
  return scored.map((s) => s.term);
}

/** Up to `max` related queries for the input (see the module comment). */
export function relatedSearches(input: RelatedSearchInput): string[] {
  const max = input.max ?? MAX_RELATED_SEARCHES;
  const terms = input.terms.map(foldText).filter((t) => t !== '');
  const content = terms.filter((t) => !isStopword(t));
  if (content.length === 0 || max <= 0) return [];
  const query = terms.join(' ');
  const queryKeys = new Set(terms.map(matchKey));

  const narrower = cooccurring(input, queryKeys).map((t) => `${query} ${t}`);
  const last = content[content.length - 1]!;
  const sideways = input
    .siblings(last)
    .map(foldText)
    .filter((s) => s.length >= MIN_WORD_LENGTH && !isStopword(s) && !queryKeys.has(matchKey(s)))
    .map((s) => terms.map((t) => (t === last ? s : t)).join(' '));

  const out: string[] = [];
  const seen = new Set([query]);
  for (let i = 0; out.length < max && (i < narrower.length || i < sideways.length); i++) {
    for (const q of [narrower[i], sideways[i]]) {
      if (q !== undefined && !seen.has(q) && out.length < max) {
        seen.add(q);
        out.push(q);
      }
    }
  }
  return out;
}
