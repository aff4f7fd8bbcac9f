/**
 * Turns user text into a safe FTS5 MATCH expression.
 *
 * FTS5 has its own query language (AND/OR/NOT/NEAR, `*` prefixes, `^`, column filters,
 * parentheses), so user text must never reach MATCH as-is. We keep only words — runs of
 * Unicode letters and digits (with their combining marks) — and quote each one as an FTS5
 * string, so every word is a literal term whatever it spells ("NOT", "NEAR", "title").
 * Everything else (punctuation, operators, control characters, lone surrogates) is dropped.
 * No prefix matching: a query means the words typed, not words starting with them.
 */

/** A query longer than this many distinct words is cut: more terms only narrow an AND further. */
export const MAX_QUERY_TOKENS = 16;
/** Refinements add terms on top of the query, up to this total. */
export const MAX_TOTAL_TOKENS = 32;

/**
 * A word starts with a letter or digit and may carry combining marks (e.g. Devanagari vowel
 * signs); a mark on its own is not a word.
 */
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

/** NFKC folds compatibility forms (full-width letters, ligatures, superscripts) to plain ones. */
export function normalizeQueryText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** Distinct words of `text` in order of first appearance, at most `max`. */
export function tokenizeQuery(text: string, max: number = MAX_QUERY_TOKENS): string[] {
  const seen = new Set<string>();
  for (const match of normalizeQueryText(text).matchAll(WORD)) {
    if (seen.size >= max) break;
    seen.add(match[0]);
  }
  return [...seen];
}

/** An FTS5 string literal: wrapped in double quotes, inner double quotes doubled. */
export function quoteFtsString(token: string): string {
  return `"${token.replaceAll('"', '""')}"`;
}

/**
 * The MATCH expression for a query plus its refinements (each refinement is more required
 * words), or null when nothing searchable is left — the caller returns no results then.
 */
export function buildMatchExpression({ q, refine = [] }: { q: string; refine?: readonly string[] }): string | null {
  const tokens = new Set(tokenizeQuery(q));
  for (const value of refine) {
    for (const token of tokenizeQuery(value)) {
      if (tokens.size >= MAX_TOTAL_TOKENS) break;
      tokens.add(token);
    }
  }
  if (tokens.size === 0) return null;
  return [...tokens].map(quoteFtsString).join(' AND ');
}
