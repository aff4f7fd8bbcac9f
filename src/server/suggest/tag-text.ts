/**
 * Tags as a person would type them. Corpus tags carry artefacts of how the sources were
 * tagged, and showing them as searches reads like a database dump:
 *
 * - hyphen-joined tag paths ("plant-flower", "cat-face", OpenMoji's subgroup tags) — read as
 *   the words they join ("plant flower"), when every part is a word of ≥ 3 letters (so
 *   "fleur-de-lis", "t-shirt" and "x-ray" keep their hyphens);
 * - glued words ("unitedstates", "webpage", OpenClipart's spaceless tags) — a word that is not
 *   an English word (WordNet, with its inflections) but splits into two that are, or into a
 *   WordNet collocation ("united states"); read as the split words;
 * - tag translations ("gatto", "animali" on an English-language pin) — a word the index's
 *   cross-lingual lexicon reads as another English word, when it is not English itself
 *   (WordNet) and not in the reader's language (`hl`).
 *
 * Nothing here knows a word list of its own: WordNet and the lexicon are the index's.
 */
import { baseLanguage, ENGLISH } from '@/server/query/cross-lingual';
import { baseForms } from '@/server/query/lemma';
import { lexiconKey, type Lexicon } from '@/server/query/lexicon';
import { matchKey } from '@/server/query/normalize';
import { PARTS_OF_SPEECH, type WordNet } from '@/server/query/wordnet';

/** Shortest part of a hyphenated or glued word that is read as a word of its own. */
export const MIN_PART_LENGTH = 3;
/** Glued words shorter than this are short words ("forgot"), not two words run together. */
const MIN_GLUED_LENGTH = 6;
/** A lexicon reading this weak is a loose association, not a translation. */
const MIN_TRANSLATION_WEIGHT = 0.3;

export interface TagText {
  /** The readable form of a tag or query ("plant-flower" → "plant flower", "unitedstates" → "united states"). */
  readable(text: string, isWritten?: (word: string) => boolean): string;
  /** A word glued from two ("unitedstates"): its parts, else null. */
  gluedParts(word: string): [string, string] | null;
  /** An English word (WordNet, any inflection); true for every word without WordNet. */
  isEnglish(word: string): boolean;
  /** Whether a word is a tag translation in a language other than the reader's. */
  isForeign(word: string, hl?: string): boolean;
}

export interface TagTextOptions {
  wordnet: WordNet | null;
  lexicon: Lexicon | null;
}

export function createTagText({ wordnet, lexicon }: TagTextOptions): TagText {
  const known = new Map<string, boolean>();
  /** An English word or collocation (any inflection), as WordNet lists it. */
  const isEnglish = (word: string): boolean => {
    if (!wordnet) return true;
    let hit = known.get(word);
    if (hit === undefined) {
      hit = baseForms(word).some((form) => PARTS_OF_SPEECH.some((pos) => wordnet.lookup(form, pos) !== null));
      if (known.size > 50_000) known.clear();
      known.set(word, hit);
    }
    return hit;
  };

  const gluedParts = (word: string): [string, string] | null => {
    // Glued ones and not: asked again for every tag use and keystroke.
    const memo = gluedMemo.get(word);
    if (memo !== undefined) return memo;
    const parts = splitGlued(word);
    if (gluedMemo.size > 50_000) gluedMemo.clear();
    gluedMemo.set(word, parts);
    return parts;
  };
  const gluedMemo = new Map<string, [string, string] | null>();

  const splitGlued = (word: string): [string, string] | null => {
    if (!wordnet || word.length < MIN_GLUED_LENGTH || !/^\p{Ll}+$/u.test(word) || isEnglish(word)) return null;
    for (let i = MIN_PART_LENGTH; i <= word.length - MIN_PART_LENGTH; i++) {
      if (isEnglish(`${word.slice(0, i)} ${word.slice(i)}`)) return [word.slice(0, i), word.slice(i)];
    }
    // Else the longest first word ("vegetables onion", not "vegetable sonion") followed by a
    // word, or by more glued ones ("plantsvegetablesonion").
    let best: [string, string] | null = null;
    for (let i = word.length - MIN_PART_LENGTH; i >= MIN_PART_LENGTH && !best; i--) {
      const a = word.slice(0, i);
      const b = word.slice(i);
      if (isEnglish(a) && isEnglish(b)) return [a, b];
    }
    for (let i = word.length - MIN_PART_LENGTH; i >= MIN_PART_LENGTH && !best; i--) {
      const a = word.slice(0, i);
      const rest = isEnglish(a) ? gluedParts(word.slice(i)) : null;
      if (rest) best = [a, rest.join(' ')];
    }
    return best;
  };

  const isForeign = (word: string, hl?: string): boolean => {
    if (!lexicon || !/^\p{L}+$/u.test(word) || isEnglish(word)) return false;
    const reader = hl ? baseLanguage(hl) : ENGLISH;
    const own = matchKey(word);
    return lexicon
      .lookup(lexiconKey(word))
      .some(
        (e) =>
          e.lang !== ENGLISH &&
          e.lang !== reader &&
          e.target !== '' &&
          e.weight >= MIN_TRANSLATION_WEIGHT &&
          matchKey(e.target) !== own,
      );
  };

  /** `isWritten`: words known to be written as they are (in titles), never split. */
  const readable = (text: string, isWritten: (word: string) => boolean = () => false): string =>
    text
      .split(' ')
      .map((word) => {
        const parts = word.split('-');
        if (parts.length > 1 && parts.every((p) => p.length >= MIN_PART_LENGTH)) return parts.join(' ');
        const glued = isWritten(word) ? null : gluedParts(word);
        return glued ? glued.join(' ') : word;
      })
      .join(' ');

  return { readable, gluedParts, isForeign, isEnglish };
}
