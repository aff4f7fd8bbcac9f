/**
 * Aligns words across languages through the emoji they name (pure; emoji-keywords.ts reads the
 * data). For a foreign word f and an English word w over the emoji each names:
 *
 *   dice(f, w) = 2 · |emoji(f) ∩ emoji(w)| / (|emoji(f)| + |emoji(w)|)
 *
 * "perro" names 🐶 🐕 🦮 🐕‍🦺, "dog" names those and 🌭: dice 0.8; "face" names a hundred
 * emoji: dice ≈ 0.04. A word's translations are its English words with the highest dice (kept by
 * the query stage when within half of the best). A frequent word that no English word follows
 * most of the time ("de", "mit", "の") is that language's stop word.
 *
 * Ties are common for rare words ("蝴蝶" names 🦋 and, in 蝴蝶脆饼, 🥨: butterfly and pretzel
 * score alike), so a pair whose words both appear in the emoji's NAME (each source's first
 * keyword: CLDR's text-to-speech name, emojibase's label) gets up to NAME_BONUS more.
 */
import { lexiconKey, segmentWords, hasUnspacedScript } from '@/server/query/lexicon';
import { displayText, matchTerms } from '@/server/query/normalize';
import { isMiningStopword } from '@/server/query/stopwords';
import type { EmojiKeywords } from './emoji-keywords';

/** Below this dice a pair is chance. */
export const MIN_DICE = 0.25;
/** A stop word names at least this share of a language's emoji (and at least MIN_STOP_EMOJI)… */
const STOP_SHARE = 0.01;
const MIN_STOP_EMOJI = 8;
/** …and no English word accompanies it on more than this share of them. */
const STOP_MAX_COVERAGE = 0.35;
/** What name-to-name agreement adds to a pair's dice (see the module comment). */
const NAME_BONUS = 0.1;

export interface Aligned {
  key: string;
  word: string;
  target: string;
  weight: number;
}

/** English word → emoji naming it (stop words left out). */
export function englishIndex(english: readonly EmojiKeywords[], keep: (emoji: string) => boolean): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const source of english) {
    for (const [emoji, keywords] of source) {
      if (!keep(emoji)) continue;
      for (const kw of keywords) {
        for (const w of matchTerms(kw)) {
          if (isMiningStopword(w) || /\p{N}/u.test(w)) continue;
          let set = out.get(w);
          if (!set) out.set(w, (set = new Set()));
          set.add(emoji);
        }
      }
    }
  }
  return out;
}

/** English words in each emoji's names (the first keyword of each English source). */
export function englishNames(english: readonly EmojiKeywords[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const source of english) {
    for (const [emoji, keywords] of source) {
      if (!keywords[0]) continue;
      let set = out.get(emoji);
      if (!set) out.set(emoji, (set = new Set()));
      for (const w of matchTerms(keywords[0])) set.add(w);
    }
  }
  return out;
}

/** lexiconKey is four normalizations: words repeat across a language's keywords, so memoize. */
const keyCache = new Map<string, string>();
function cachedKey(word: string): string {
  let key = keyCache.get(word);
  if (key === undefined) {
    if (keyCache.size > 500_000) keyCache.clear();
    key = lexiconKey(word);
    keyCache.set(word, key);
  }
  return key;
}

/** The keys a keyword contributes: each word, and the whole keyword where its script has no spaces. */
function unitsOf(keyword: string): { key: string; word: string }[] {
  const text = displayText(keyword);
  const words = segmentWords(text);
  const units = words.map((w) => ({ key: cachedKey(w), word: w }));
  if (words.length > 1 && hasUnspacedScript(text)) units.push({ key: lexiconKey(words.join('')), word: words.join('') });
  return units.filter((u) => u.key !== '' && !/\p{N}/u.test(u.key));
}

/**
 * One language's translations (English words within half of the best one's dice, at most
 * `maxTargets`) and stop words, over every English word; an index later keeps the translations
 * its vocabulary has (build-lexicon.ts).
 */
export function alignLanguage({
  foreign,
  english,
  names,
  keep,
  maxTargets,
}: {
  foreign: readonly EmojiKeywords[];
  english: Map<string, Set<string>>;
  /** englishNames of the English sources. */
  names: Map<string, Set<string>>;
  keep: (emoji: string) => boolean;
  /** Translations kept per key, best first (the index keeps those its vocabulary has). */
  maxTargets: number;
}): { translations: Aligned[]; stopwords: { key: string; word: string }[] } {
  const emojiOf = new Map<string, Set<string>>();
  /** key → emoji whose name holds it. */
  const namedBy = new Map<string, Set<string>>();
  const wordOf = new Map<string, string>();
  const wordsOfEmoji = new Map<string, Set<string>>();
  for (const source of foreign) {
    for (const [emoji, keywords] of source) {
      if (!keep(emoji)) continue;
      keywords.forEach((kw, k) => {
        for (const u of unitsOf(kw)) {
          let set = emojiOf.get(u.key);
          if (!set) emojiOf.set(u.key, (set = new Set()));
          set.add(emoji);
          if (!wordOf.has(u.key)) wordOf.set(u.key, u.word);
          if (k === 0) {
            let byName = namedBy.get(u.key);
            if (!byName) namedBy.set(u.key, (byName = new Set()));
            byName.add(emoji);
          }
        }
      });
    }
  }
  // English words per emoji, for counting co-occurrences.
  for (const [w, emojis] of english) {
    for (const e of emojis) {
      let set = wordsOfEmoji.get(e);
      if (!set) wordsOfEmoji.set(e, (set = new Set()));
      set.add(w);
    }
  }
  const named = new Set<string>();
  for (const set of emojiOf.values()) for (const e of set) named.add(e);
  const stopFloor = Math.max(MIN_STOP_EMOJI, named.size * STOP_SHARE);

  const translations: Aligned[] = [];
  const stopwords: { key: string; word: string }[] = [];
  const counts = new Map<string, number>();
  for (const [key, emojis] of emojiOf) {
    counts.clear();
    for (const e of emojis) for (const w of wordsOfEmoji.get(e) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
    let bestShared = 0;
    const scored: { target: string; weight: number }[] = [];
    for (const [w, shared] of counts) {
      bestShared = Math.max(bestShared, shared);
      const dice = (2 * shared) / (emojis.size + english.get(w)!.size);
      if (dice >= MIN_DICE) scored.push({ target: w, weight: dice });
    }
    // The name bonus can only reorder pairs within NAME_BONUS of the best: compute it for those.
    const topDice = Math.max(0, ...scored.map((x) => x.weight));
    const byName = namedBy.get(key);
    if (byName) {
      for (const x of scored) {
        if (x.weight < topDice - NAME_BONUS) continue;
        let named = 0;
        for (const e of byName) if (names.get(e)?.has(x.target)) named++;
        x.weight = Math.min(1, x.weight + (NAME_BONUS * named) / emojis.size);
      }
    }
    if (emojis.size >= stopFloor && bestShared / emojis.size < STOP_MAX_COVERAGE) {
      stopwords.push({ key, word: wordOf.get(key)! });
      continue;
    }
    scored.sort((a, b) => b.weight - a.weight || a.target.localeCompare(b.target));
    const best = scored[0]?.weight ?? 0;
    for (const s of scored.slice(0, maxTargets)) {
      if (s.weight < best / 2 || s.target === key) continue;
      translations.push({ key, word: wordOf.get(key)!, target: s.target, weight: s.weight });
    }
  }
  return { translations, stopwords };
}
