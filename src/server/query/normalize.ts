/**
 * Query normalization: the same folding the FTS5 index applies (`unicode61
 * remove_diacritics 2`, then porter), so every comparison the query stage makes —
 * vocabulary membership, spelling, synonyms — agrees with what MATCH will find.
 *
 * Two forms of each word travel together: `display` keeps accents ("café") for the UI,
 * `term` is folded for matching ("cafe"). Neither is ever stemmed: FTS5 stems the query
 * itself (see porter-stem.ts for the lookup key).
 */
import { porterStem } from './porter-stem';

/**
 * A query's words beyond this many are dropped, here and in the engine's MATCH (fts-query.ts):
 * more words only narrow an AND further.
 */
export const MAX_QUERY_WORDS = 16;

/**
 * A word starts with a letter or digit and may carry combining marks (e.g. Devanagari vowel
 * signs); a mark on its own is not a word, and anything else is a separator. The one definition
 * of a typed word: the engine's MATCH builder (engine/fts-query.ts) and suggest's completion
 * words (suggest/suggest-text.ts) build on it, so all of them split text the same way.
 */
export const WORD_PATTERN = '[\\p{L}\\p{N}][\\p{L}\\p{N}\\p{M}]*';
const WORD = new RegExp(WORD_PATTERN, 'gu');

/**
 * Combining accents on Latin letters only: unicode61 with remove_diacritics 2 folds "é" to
 * "e" but keeps Greek "ά" and Cyrillic "ё" (checked against SQLite in the test).
 */
const LATIN_DIACRITICS = /(\p{Script=Latin})[\u0300-\u036f]+/gu;

/** English possessive "'s" (straight or curly apostrophe): "valentine's" means "valentine". */
const POSSESSIVE = /(\p{L})['’]s(?![\p{L}\p{N}])/gu;

export interface QueryWord {
  /** NFKC, lowercased, accents kept: what the UI shows. */
  display: string;
  /** `display` with Latin diacritics removed: what matching compares. */
  term: string;
}

/**
 * NFKC + lowercase, whitespace collapsed: the display form of a whole text. NFKC folds
 * compatibility forms (full-width letters, ligatures, superscripts) to plain ones. Also the
 * normalized query the engine reports, and the form of category names kept whole ("food & drink").
 */
export function displayText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** The words of an already normalized text, in order, repeats kept (see WORD_PATTERN). */
export const splitWords = (normalized: string): string[] =>
  Array.from(normalized.matchAll(WORD), (m) => m[0]);

/** Removes Latin diacritics ("crème brûlée" → "creme brulee"); input should be lowercase. */
export function foldDiacritics(text: string): string {
  return text.normalize('NFD').replace(LATIN_DIACRITICS, '$1').normalize('NFC');
}

/** The matching form of a text: NFKC, lowercase, Latin diacritics removed. */
export function foldText(text: string): string {
  return foldDiacritics(displayText(text));
}

/**
 * The words of `text` in order, duplicates (by folded term) dropped, at most `max`.
 * Punctuation separates words; a possessive "'s" is dropped rather than left as a
 * one-letter word that would have to match.
 */
export function tokenize(text: string, max: number = MAX_QUERY_WORDS): QueryWord[] {
  const words: QueryWord[] = [];
  const seen = new Set<string>();
  for (const match of displayText(text).replace(POSSESSIVE, '$1').matchAll(WORD)) {
    if (words.length >= max) break;
    const display = match[0];
    const term = foldDiacritics(display);
    if (seen.has(term)) continue;
    seen.add(term);
    words.push({ display, term });
  }
  return words;
}

/** Folded words of `text` (all of them, repeats kept): for counting vocabulary. */
export function matchTerms(text: string): string[] {
  return splitWords(foldText(text).replace(POSSESSIVE, '$1'));
}

/** Words joined back into the normalized query text. */
export const joinTerms = (terms: readonly string[]): string => terms.join(' ');

/** Words with a digit ("2024", "4k", "mp3") are codes and numbers: never corrected or expanded. */
export const hasDigit = (term: string): boolean => /\p{N}/u.test(term);

/** Key under which FTS5 files a folded word: two words with the same key match the same pins. */
export const matchKey = (term: string): string => porterStem(term);
