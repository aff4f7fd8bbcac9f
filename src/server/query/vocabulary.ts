/**
 * The corpus vocabulary: every folded word of the pins' text with its document frequency
 * (how many pins use it). Spelling correction only corrects towards these words, and
 * synonym expansion only adds these, so the query stage never introduces a dead term.
 *
 * Words stay unstemmed (real words for suggestions); `matchKey` groups the forms FTS5
 * treats as one ("cat", "cats").
 */
import { matchKey, matchTerms } from './normalize';

/** word → number of texts (pins) it occurs in. */
export type Vocabulary = ReadonlyMap<string, number>;

/** Counts each folded word once per text: pass one string per pin. */
export function vocabularyFromTexts(texts: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const term of new Set(matchTerms(text))) counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  return counts;
}

/** Vocabulary keyed the way FTS5 matches: porter key → summed frequency of its forms. */
export function frequencyByMatchKey(vocabulary: Vocabulary): Map<string, number> {
  const out = new Map<string, number>();
  for (const [word, freq] of vocabulary) {
    const key = matchKey(word);
    out.set(key, (out.get(key) ?? 0) + freq);
  }
  return out;
}
