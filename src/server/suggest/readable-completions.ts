/**
 * Completions as a person would type them, one per query: the corpus has "flower" and
 * "flowers", "plant-flower" (an OpenMoji tag path) and "unitedstates" (a glued OpenClipart tag).
 *
 * - Hyphen paths read as words when every part has ≥ 3 letters ("plant-flower" → "plant
 *   flower"; "fleur-de-lis" and "t-shirt" keep theirs). The text keeps its length, so the
 *   matched ranges still bold the same letters, and the engine finds the same pins (FTS5 splits
 *   at hyphens).
 * - A completion with a glued word is left out (tag-text.ts `gluedParts`): its spaced form is a
 *   completion of its own where the corpus writes it.
 * - One completion per stem sequence (Porter, as FTS5 stems: "flower"/"flowers", "cat
 *   face"/"cat faces"): the first, i.e. the better ranked, stays.
 */
import { matchKey, matchTerms } from '@/server/query/normalize';
import { MIN_PART_LENGTH, type TagText } from './tag-text';

/** The stem sequence a completion searches for: two completions with one key find the same pins. */
export const completionStemKey = (text: string): string => matchTerms(text).map(matchKey).join(' ');

/** "plant-flower" → "plant flower" (same length); other words as they are. */
export function unhyphenatePaths(text: string): string {
  return text.replace(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu, (word) => {
    const parts = word.split('-');
    return parts.every((p) => p.length >= MIN_PART_LENGTH) ? parts.join(' ') : word;
  });
}

/**
 * `ranked` (best first) made readable and de-duplicated (see the module comment); `text` of
 * each item is replaced by its readable form.
 */
export function readableCompletions<T extends { text: string }>(ranked: readonly T[], tagText: TagText | null): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of ranked) {
    const text = unhyphenatePaths(item.text);
    if (tagText && text.split(' ').some((w) => tagText.gluedParts(w) !== null)) continue;
    const key = completionStemKey(text);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(text === item.text ? item : { ...item, text });
  }
  return out;
}
