/**
 * Completions in the reader's language: a prefix of a word the cross-lingual lexicon knows
 * (query/lexicon.ts) completes to that word ("mari" → mariposa), and searching it is translated
 * by the query stage (mariposa → butterfly). Ranked like corpus completions, by the pins its
 * English word finds; words of other languages than the reader's count FOREIGN_FACTOR as much.
 */
import type { Suggestion } from '@/contract/api';
import { baseLanguage, ENGLISH } from '@/server/query/cross-lingual';
import { lexiconKey, type Lexicon } from '@/server/query/lexicon';

/** Shortest prefix completed from the lexicon: shorter ones match thousands of words. */
export const MIN_FOREIGN_PREFIX = 3;
const FOREIGN_FACTOR = 0.1;
/** Lexicon keys read per keystroke (each holds a few languages' entries). */
const KEYS_READ = 64;

export function foreignCompletions({
  lexicon,
  q,
  hl,
  pinsOf,
  limit,
}: {
  lexicon: Lexicon;
  q: string;
  hl: string | undefined;
  pinsOf: (term: string) => number;
  limit: number;
}): Suggestion[] {
  const typed = q.trimStart();
  if (/\s/u.test(typed.trim()) || typed.trim().length < MIN_FOREIGN_PREFIX) return [];
  const prefix = lexiconKey(typed);
  const reader = hl ? baseLanguage(hl) : ENGLISH;
  const best = new Map<string, Suggestion>();
  for (const e of lexicon.complete(prefix, KEYS_READ)) {
    if (e.key === prefix && reader === ENGLISH) continue;
    const pins = pinsOf(e.target);
    if (pins === 0) continue;
    const score = Math.round(pins * e.weight * (e.lang === reader ? 1 : FOREIGN_FACTOR) * 100) / 100;
    const text = e.word.toLowerCase();
    const known = best.get(text);
    if (!known || known.score < score) {
      best.set(text, { text, kind: 'query', score, matches: [[0, Math.min(typed.trim().length, text.length)]] });
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score || a.text.localeCompare(b.text)).slice(0, limit);
}
