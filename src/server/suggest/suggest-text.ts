/**
 * Text forms used by suggestions.
 *
 * - Completion text (what is shown and searched): NFKC, lowercase, words joined by one space.
 *   Words keep inner hyphens and apostrophes ("fleur-de-lis", "worker's") so they read as written.
 * - Match key (what a typed prefix is compared with): the completion text folded character by
 *   character — diacritics off, "-" and "_" read as a space, "’" as "'" — WITHOUT changing its
 *   length, so a range matched in the key is the same range of the text (for bolding).
 */
import { WORD_PATTERN } from '@/server/query/normalize';

/** A word: a query word (see WORD_PATTERN), optionally joined to more by a hyphen or apostrophe. */
const WORD = new RegExp(`${WORD_PATTERN}(?:['’\\-_]${WORD_PATTERN})*`, 'gu');
const MARKS = /\p{M}/gu;

/** Words of `text` for completions: NFKC, lowercase, curly apostrophes made straight. */
export function completionWords(text: string): string[] {
  const normalized = text.normalize('NFKC').toLowerCase().replaceAll('’', "'");
  return [...normalized.matchAll(WORD)].map((m) => m[0]);
}

const foldCache = new Map<string, string>();

function foldChar(char: string): string {
  if (char === '-' || char === '_') return ' ';
  if (char === '’') return "'";
  if (char.charCodeAt(0) < 0x80) return char.toLowerCase();
  let folded = foldCache.get(char);
  if (folded === undefined) {
    const candidate = char.normalize('NFD').replace(MARKS, '').toLowerCase();
    // Only same-length folds: "é" → "e"; "ß" or "İ" would change the length and stay as they are.
    folded = candidate.length === char.length ? candidate : char;
    foldCache.set(char, folded);
  }
  return folded;
}

/** Length-preserving fold (see the header). */
export function foldForMatch(text: string): string {
  let out = '';
  for (const char of text) out += foldChar(char);
  return out;
}

/**
 * What the user typed, as a prefix to match: NFKC, lowercase, folded; leading whitespace
 * dropped, runs of whitespace made one space. A trailing space is kept — "cat " means the
 * word "cat" is finished, so "cats" no longer matches but "cat face" does.
 */
export function normalizeTypedPrefix(typed: string): string {
  const collapsed = typed.normalize('NFKC').replace(/\s+/gu, ' ').replace(/^ /u, '');
  return foldForMatch(collapsed.toLowerCase());
}
