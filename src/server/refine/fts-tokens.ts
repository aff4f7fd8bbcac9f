/**
 * Tokens the way the index sees them: SQLite FTS5's `unicode61 remove_diacritics 2`
 * tokenizer (runs of letters, digits and marks; case and diacritics folded) followed by
 * the `porter` stemmer (the query stage's, checked against SQLite). Mining refinements with
 * the same tokens means a term chip's count is the number of candidates the refined query keeps.
 */
import { porterStem } from '@/server/query/porter-stem';

/** Letters, digits, marks and private-use characters are token characters; everything else separates. */
const TOKEN = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;
const MARKS = /\p{M}/gu;

/**
 * Lowercased, diacritics removed ("Café" → "cafe"), NFKC-folded first so "ﬁ" reads "fi".
 *
 * Not query/normalize.ts's foldText, on purpose: that one folds a typed query as FTS5 folds it
 * once NFKC has composed it (accents kept on precomposed non-Latin letters: "ё", "ά"); stored
 * text can carry loose combining marks, which FTS5 drops wherever they stand, as this does. The
 * two agree on every word of the corpus; they differ only on accented non-Latin letters.
 */
export function foldToken(token: string): string {
  return token.normalize('NFKC').normalize('NFD').replace(MARKS, '').toLowerCase();
}

export interface FtsToken {
  /** The word as written, lowercased (diacritics kept): what a chip label shows. */
  surface: string;
  /** Case and diacritics folded: what the tokenizer hands to the stemmer. */
  folded: string;
  stem: string;
}

/**
 * Folding and stemming cost microseconds per word and a corpus repeats its words endlessly:
 * memoize per raw word. Bounded: cleared when full (a few MB at most).
 */
const TOKEN_CACHE_MAX = 50_000;
const tokenCache = new Map<string, FtsToken | null>();

function toToken(raw: string): FtsToken | null {
  let token = tokenCache.get(raw);
  if (token === undefined) {
    const folded = foldToken(raw);
    token = folded ? { surface: raw.toLowerCase(), folded, stem: porterStem(folded) } : null;
    if (tokenCache.size >= TOKEN_CACHE_MAX) tokenCache.clear();
    tokenCache.set(raw, token);
  }
  return token;
}

/** Titles, tags and categories repeat across pins (every flag is tagged "flag"): memoize whole fields too. */
const FIELD_CACHE_MAX = 50_000;
/** Longer texts (descriptions) are rarely repeated verbatim; not worth holding. */
const FIELD_CACHE_MAX_LENGTH = 200;
const fieldCache = new Map<string, readonly FtsToken[]>();

/** Words of `text` as FTS5 splits them, each with its folded form and stem. Do not mutate the result. */
export function ftsTokens(text: string): readonly FtsToken[] {
  const cached = fieldCache.get(text);
  if (cached) return cached;
  const out: FtsToken[] = [];
  for (const match of text.normalize('NFKC').matchAll(TOKEN)) {
    const token = toToken(match[0]);
    if (token) out.push(token);
  }
  if (text.length <= FIELD_CACHE_MAX_LENGTH) {
    if (fieldCache.size >= FIELD_CACHE_MAX) fieldCache.clear();
    fieldCache.set(text, out);
  }
  return out;
}

/** Folded (unstemmed) words of `text` as FTS5 splits them. */
export const ftsWords = (text: string): string[] => ftsTokens(text).map((t) => t.folded);

/** Stems of `text`, as the index stores them. */
export const ftsStems = (text: string): string[] => ftsTokens(text).map((t) => t.stem);
