/**
 * Turns user text into a safe FTS5 MATCH expression.
 *
 * FTS5 has its own query language (AND/OR/NOT/NEAR, `*` prefixes, `^`, column filters,
 * parentheses), so user text must never reach MATCH as-is. We keep only words — runs of
 * Unicode letters and digits (with their combining marks) — and quote each one as an FTS5
 * string, so every word is a literal term whatever it spells ("NOT", "NEAR", "title").
 * Everything else (punctuation, operators, control characters, lone surrogates) is dropped.
 * No prefix matching: a query means the words typed, not words starting with them.
 *
 * Normalization and word splitting are the query stage's (query/normalize.ts), so the words
 * MATCH requires are the words the query stage reasons about. Words stay unfolded: FTS5 folds
 * diacritics and stems the MATCH text itself.
 */
import { displayText, MAX_QUERY_WORDS, splitWords } from '@/server/query/normalize';

/** Refinements add terms on top of the query, up to this total. */
export const MAX_TOTAL_TOKENS = 32;

/**
 * Distinct words of `text` in order of first appearance, at most `max` (more words only
 * narrow an AND further).
 */
export function tokenizeQuery(text: string, max: number = MAX_QUERY_WORDS): string[] {
  const seen = new Set<string>();
  for (const word of splitWords(displayText(text))) {
    if (seen.size >= max) break;
    seen.add(word);
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
