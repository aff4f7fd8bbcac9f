/**
 * Which language a query is in, and what each of its words means in the index's English.
 *
 * Short queries defeat n-gram detectors (one or two words carry too few n-grams: "Hund" reads
 * as Danish as easily as German), so the language is decided by looking every word up in every
 * language's lexicon: the language that explains the most words wins. Only a tie consults
 * anything else, in this order:
 *
 * 1. English, when the tie includes it: the index is English, and a word that already finds
 *    pins as typed is never rewritten on a guess ("chat" stays chat for an English reader);
 * 2. the reader's language (the interface's locale, `hint`): a French reader's "chat" is a cat;
 * 3. the language the index itself holds the words in (`held`: pins written in it, manifest
 *    `lang`): "花" is Japanese where the index's pins say 花 in Japanese;
 * 4. a language detector (`detect`, n-gram scores) among the tied languages;
 * 5. the language whose entries are the strongest.
 *
 * Then, per word: an English word stays (unless the query's language has it too); a word the
 * lexicon knows in the query's language is translated from it; a word known only in another
 * language is translated from that one; a stop word of the query's language is dropped; anything
 * else goes on to the English path (spelling, synonyms). A stop word of the query's language is
 * dropped even where a dictionary translates it.
 *
 * One edit away from an English word, a foreign reading must be strong: an English typo
 * ("butte", "plice", "kael") is far more likely than a word that only a dictionary, or only one
 * little-attested language, knows. Such a word is read as foreign only from the reader's own
 * language or from an entry above STRONG_READING (an emoji-aligned word of a language with more
 * than one source: "perro" and "Hund" are; "butte" → tub, a dictionary's side sense, is not).
 */
import type { LexiconEntry, Lexicon } from './lexicon';
import { lexiconKey } from './lexicon';

export const ENGLISH = 'en';

/** Translations kept per word: the best, and others at least this share of its weight. */
const MAX_TARGETS = 3;
const MIN_TARGET_SHARE = 0.5;
/** See the module comment: the weight a reading of a near-English word must exceed. */
export const STRONG_READING = 0.5;
/** A stop word counts this much towards its language (it says little on its own). */
const STOPWORD_EVIDENCE = 0.5;

export type LanguageDecision = 'lexicon' | 'english' | 'hint' | 'index' | 'detector' | 'strength';

export interface WordReading {
  /** Translate from this language, to these English words (best first). */
  translate?: { lang: string; targets: { term: string; weight: number }[] };
  /** A stop word of the query's language: leave it out. */
  drop?: boolean;
}

export interface QueryReading {
  /** The query's language (ENGLISH when nothing foreign was found). */
  lang: string;
  /** How a tie was broken; 'lexicon' when one language explained the most words. */
  decidedBy: LanguageDecision;
  words: WordReading[];
}

export interface ReadOptions {
  /** Folded words of the query, in order (display forms are folded here for the lookup). */
  words: readonly string[];
  lexicon: Lexicon;
  /** Whether the English side (the index vocabulary or an English stop word) knows a word. */
  isEnglish: (word: string) => boolean;
  /** The reader's language (e.g. the interface locale), a tie-breaker. */
  hint?: string | undefined;
  /** Whether a word is one spelling correction away from an English word of the index (Latin script only). */
  correctable?: ((word: string) => boolean) | undefined;
  /** Language → score for the whole text (a detector), or null while none is loaded. */
  detect?: ((text: string) => Record<string, number> | null) | undefined;
  /** Base languages the index's pins use a word in (other than English); [] when none. */
  held?: ((word: string) => readonly string[]) | undefined;
}

/** Base language of a BCP 47 tag ("pt-BR" → "pt", "zh-Hant" → "zh"). */
export const baseLanguage = (tag: string): string => tag.toLowerCase().split(/[-_]/u)[0] ?? tag;

function byLanguage(entries: readonly LexiconEntry[]): Map<string, { stop: boolean; targets: LexiconEntry[] }> {
  const out = new Map<string, { stop: boolean; targets: LexiconEntry[] }>();
  for (const e of entries) {
    let slot = out.get(e.lang);
    if (!slot) out.set(e.lang, (slot = { stop: false, targets: [] }));
    if (e.target === '') slot.stop = true;
    else slot.targets.push(e);
  }
  return out;
}

function targetsOf(entries: readonly LexiconEntry[]): { term: string; weight: number }[] {
  const sorted = [...entries].sort((a, b) => b.weight - a.weight || a.target.localeCompare(b.target));
  const best = sorted[0]?.weight ?? 0;
  const seen = new Set<string>();
  const out: { term: string; weight: number }[] = [];
  for (const e of sorted) {
    if (out.length >= MAX_TARGETS || e.weight < best * MIN_TARGET_SHARE) break;
    if (seen.has(e.target)) continue;
    seen.add(e.target);
    out.push({ term: e.target, weight: e.weight / best });
  }
  return out;
}

const strength = (slot: { targets: LexiconEntry[] } | undefined): number =>
  slot ? Math.max(0, ...slot.targets.map((t) => t.weight)) : 0;

/** The tied language the index holds most of the words in, when one does. */
function heldLanguage(words: readonly string[], tied: readonly string[], held: (word: string) => readonly string[]): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const lang of tied) {
    const count = words.filter((w) => held(w).includes(lang)).length;
    if (count > bestCount) [best, bestCount] = [lang, count];
  }
  return best;
}

/** Reads the query's words across languages (see the module comment). */
export function readAcrossLanguages({ words, lexicon, isEnglish, hint, detect, correctable, held }: ReadOptions): QueryReading {
  const hinted = hint ? baseLanguage(hint) : undefined;
  const english = words.map((w) => isEnglish(w));
  const all = words.map((w) => byLanguage(lexicon.lookup(lexiconKey(w))));
  // What may count as evidence of a language: near-English words only in strong readings.
  const found = words.map((w, i) => {
    const slots = all[i]!;
    if (english[i] || slots.size === 0 || !correctable?.(w)) return slots;
    const strong = new Map<string, { stop: boolean; targets: LexiconEntry[] }>();
    for (const [lang, slot] of slots) {
      const targets = lang === hinted ? slot.targets : slot.targets.filter((t) => t.weight > STRONG_READING);
      if (targets.length > 0 || (lang === hinted && slot.stop)) strong.set(lang, { stop: slot.stop && lang === hinted, targets });
    }
    return strong;
  });

  const score = new Map<string, number>([[ENGLISH, 0]]);
  const power = new Map<string, number>();
  words.forEach((_, i) => {
    if (english[i]) score.set(ENGLISH, score.get(ENGLISH)! + 1);
    for (const [lang, slot] of found[i]!) {
      if (lang === ENGLISH) continue;
      const evidence = slot.targets.length > 0 ? 1 : STOPWORD_EVIDENCE;
      score.set(lang, (score.get(lang) ?? 0) + evidence);
      power.set(lang, (power.get(lang) ?? 0) + strength(slot));
    }
  });

  const top = Math.max(...score.values());
  const tied = [...score.entries()].filter(([, s]) => s === top).map(([l]) => l);
  let lang: string;
  let decidedBy: LanguageDecision;
  if (top === 0) [lang, decidedBy] = [ENGLISH, 'lexicon'];
  else if (tied.length === 1) [lang, decidedBy] = [tied[0]!, 'lexicon'];
  else if (hinted && tied.includes(hinted)) [lang, decidedBy] = [hinted, 'hint'];
  else if (tied.includes(ENGLISH)) [lang, decidedBy] = [ENGLISH, 'english'];
  else if (held && heldLanguage(words, tied, held) !== null) [lang, decidedBy] = [heldLanguage(words, tied, held)!, 'index'];
  else {
    const scores = detect?.(words.join(' ')) ?? null;
    const ranked = [...tied].sort(
      (a, b) =>
        (scores?.[b] ?? 0) - (scores?.[a] ?? 0) ||
        (power.get(b) ?? 0) - (power.get(a) ?? 0) ||
        a.localeCompare(b),
    );
    lang = ranked[0]!;
    decidedBy = scores && (scores[lang] ?? 0) > 0 ? 'detector' : 'strength';
  }

  const readings: WordReading[] = words.map((_, i) => {
    const slots = found[i]!;
    // Once other words have settled the language, its weak readings count too ("flor roja").
    const mine = slots.get(lang);
    const evidence = mine ? (mine.targets.length > 0 ? 1 : STOPWORD_EVIDENCE) : 0;
    const settled = lang !== ENGLISH && (score.get(lang) ?? 0) - evidence >= 1;
    const own = settled ? all[i]!.get(lang) : mine;
    // A stop word of the query's language goes, whatever a dictionary says it means ("de": of, from).
    if (own?.stop && lang !== ENGLISH) return { drop: true };
    if (own && own.targets.length > 0 && lang !== ENGLISH) {
      return { translate: { lang, targets: targetsOf(own.targets) } };
    }
    if (english[i]) return {};
    // Known only elsewhere: the strongest other language (the reader's first).
    const others = [...slots.entries()].filter(([l, s]) => l !== ENGLISH && s.targets.length > 0);
    if (others.length === 0) return {};
    others.sort(
      ([la, a], [lb, b]) =>
        Number(lb === hinted) - Number(la === hinted) || strength(b) - strength(a) || la.localeCompare(lb),
    );
    const [otherLang, slot] = others[0]!;
    return { translate: { lang: otherLang, targets: targetsOf(slot.targets) } };
  });
  return { lang, decidedBy, words: readings };
}
