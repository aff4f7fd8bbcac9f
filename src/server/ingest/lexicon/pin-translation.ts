/**
 * Pins written in other languages (manifest `lang`), made findable from English and from their
 * own language: the query stage's cross-lingual reading run the other way, at index time.
 *
 * For each field the manifest says is not English, its words are
 * - split as a query's are (Intl.Segmenter for Japanese, Chinese, Thai; the lexicon's longer
 *   words and phrases joined back, an unknown Han compound split into known pieces), and
 * - mapped to English through the same candidate translations the index's lexicon is built from
 *   (prepareLexicon: CLDR annotations, emojibase, FreeDict), in the field's declared language.
 *
 * A pin's words are not a query's: the language is declared, not guessed, but every English word
 * added is a way for an unrelated query to reach the pin, so the evidence is ranked (`pick`):
 * 1. pairs a dictionary AND the emoji alignment give (perro → dog, 猫 → cat): up to MAX_TARGETS,
 *    within half the best's weight;
 * 2. else the dictionary's first translation (mar → sea, playa → beach: the alignment says orca
 *    and bikini, words that share the emoji, not the meaning) — but not for a word in kana alone,
 *    a reading under which FreeDict files many kanji words (ばら: rose and thorn);
 * 3. else the alignment's best, when it has at least ALIGNED_MIN weight and at most MAX_TARGETS
 *    tie for it (mascota → pet; いぬ → dog, puppy; "feliz" names 🎅 and 🎄 alike: claus, holiday,
 *    merry, santa — no translation).
 * English function words are never targets (der → the, that, who: no translation). Not translated
 * either: the language's stop words (the lexicon's), words of one or two letters in alphabetic
 * scripts (function words in every European language, more than the lexicon's stop words catch:
 * Spanish "al" names ⛳ and "un" 🇺🇳), and single kana (Japanese particles; FreeDict files kanji
 * words under their kana readings, so "が" reads as moth). They stay searchable as written.
 *
 * What this adds to the pin is one more FTS column (engine/schema.ts `crosslingual`, weighted
 * below the title and tags: a translation is weaker evidence than the author's own word):
 * the English words, and the pin's own words in the forms a query reaches them by where FTS5's
 * tokenizer does not produce those from the field itself (segmented Japanese and Chinese, ß as
 * ss, katakana as hiragana, Greek and Cyrillic without accents). The original text stays in its
 * own columns at their weights, so "perro" finds a pin titled "Perro marrón" as typed.
 *
 * Provenance: every translation keeps the word, its language, the lexicon sources that gave it
 * (ids of the index's `lexicon_sources`) and its weight (engine/pin-languages.ts stores them).
 */
import { displayText, foldDiacritics, matchKey, matchTerms } from '@/server/query/normalize';
import { lexiconKey, segmentWords } from '@/server/query/lexicon';
import { baseLanguageOf } from '../language-tag';
import { TEXT_FIELDS, type FieldLanguages, type TextField } from '../types';
import { isMiningStopword } from '@/server/query/stopwords';
import { isDictionarySource, type PreparedLexicon } from './build-lexicon';

/** English words kept per foreign word or phrase agreed on by two kinds of source. */
export const MAX_TARGETS = 2;
const MIN_TARGET_SHARE = 0.5;
/** An alignment-only translation needs this weight (dice, plus the name bonus). */
export const ALIGNED_MIN = 0.4;
/** Longest phrase (in words or segments) looked up whole. */
const MAX_PHRASE = 4;

export interface PinTranslation {
  field: TextField;
  /** The word or phrase as the pin writes it (NFKC, lower case). */
  word: string;
  /** Base language it was read in. */
  lang: string;
  /** The English word it maps to. */
  target: string;
  weight: number;
  /** Ids of the lexicon sources that gave the pair, comma-separated. */
  sources: string;
}

export interface CrossLingualText {
  /** The pin's `crosslingual` FTS text: its words' query forms, then their English words. */
  text: string;
  /**
   * Per base language, the folded words the pin uses only in that language (in no English field
   * of it, and not as a translation of another word): the query stage keeps such a word as typed
   * rather than translating it away, and does not count it as English.
   */
  foreignWords: Map<string, Set<string>>;
  translations: PinTranslation[];
}

export interface PinTextInput {
  title: string;
  description: string;
  tags: readonly string[];
  langs?: FieldLanguages | undefined;
}

type Candidate = {
  target: string;
  weight: number;
  sources: string;
  dictionary: boolean;
  aligned: boolean;
};
/** One language's candidates: folded key → stop word flag and English targets. */
type LanguageTable = Map<string, { stop: boolean; targets: readonly Candidate[] }>;

const SINGLE_WORD = /^[\p{L}\p{N}][\p{L}\p{N}\p{M}'-]*$/u;
const SINGLE_KANA = /^[\p{Script=Hiragana}\p{Script=Katakana}]$/u;
const SHORT_ALPHABETIC = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{M}]{1,2}$/u;
/** Words never translated (see the module comment). */
const untranslatable = (key: string): boolean =>
  SINGLE_KANA.test(key) || SHORT_ALPHABETIC.test(key);

const KANA_ONLY = /^[\p{Script=Hiragana}\p{Script=Katakana}\u30fc]+$/u;

/**
 * The translations kept for one word (see the module comment); `candidates` in source order.
 * Candidates FTS5 cannot tell apart are one ("cats" and "cat": the same match key), so a
 * dictionary's cat and the alignment's cats agree.
 */
export function pick(key: string, candidates: readonly Candidate[]): Candidate[] {
  const groups = new Map<string, Candidate>();
  for (const c of candidates) {
    if (isMiningStopword(c.target)) continue;
    const id = matchKey(c.target);
    const known = groups.get(id);
    if (!known) {
      groups.set(id, { ...c });
      continue;
    }
    // The dictionary's spelling, else the stronger one's; the union of the evidence.
    if (
      (c.dictionary && !known.dictionary) ||
      (c.dictionary === known.dictionary && c.weight > known.weight)
    ) {
      known.target = c.target;
    }
    known.weight = Math.max(known.weight, c.weight);
    known.sources = [...new Set([...known.sources.split(','), ...c.sources.split(',')])]
      .sort((a, b) => Number(a) - Number(b))
      .join(',');
    known.dictionary ||= c.dictionary;
    known.aligned ||= c.aligned;
  }
  const usable = [...groups.values()];
  const byWeight = (list: Candidate[]) => list.sort((a, b) => b.weight - a.weight); // stable: source order on ties
  const both = byWeight(usable.filter((c) => c.dictionary && c.aligned));
  if (both.length > 0) {
    const best = both[0]!.weight;
    return both.filter((c, i) => i < MAX_TARGETS && c.weight >= best * MIN_TARGET_SHARE);
  }
  const aligned = (): Candidate[] => {
    const list = byWeight(usable.filter((c) => c.aligned));
    const best = list[0]?.weight ?? 0;
    if (best < ALIGNED_MIN) return [];
    const tied = list.filter((c) => c.weight === best);
    return tied.length > MAX_TARGETS ? [] : tied;
  };
  // A word in kana alone is a reading: FreeDict files every kanji word under it (ばら: rose and
  // thorn), so the emoji alignment, which saw the word itself, decides.
  if (KANA_ONLY.test(key)) return aligned();
  const dictionary = usable.find((c) => c.dictionary);
  return dictionary ? [dictionary] : aligned();
}
const HAN_ONLY = /^\p{Script=Han}+$/u;
const UNSPACED_SEGMENT =
  /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** The field's text as words (tags one by one: a tag never runs into the next). */
const fieldTexts = (pin: PinTextInput, field: TextField): string[] =>
  field === 'tags' ? [...pin.tags] : [pin[field]];

/** Translates pins' foreign fields with `prepared` (see the module comment). */
export function createPinTranslator(
  prepared: PreparedLexicon,
): (pin: PinTextInput) => CrossLingualText | null {
  const dictionaries = new Set(
    prepared.sources.filter(isDictionarySource).map((source) => String(source.id)),
  );
  const tables = new Map<string, LanguageTable>();
  /** One language's rows, indexed on first use (a manifest names a few languages of 140). */
  const tableOf = (lang: string): LanguageTable => {
    let table = tables.get(lang);
    if (table) return table;
    const all = new Map<string, { stop: boolean; candidates: Candidate[] }>();
    for (const [key, rowLang, target, weight, , sources] of prepared.rows) {
      if (rowLang !== lang) continue;
      let slot = all.get(key);
      if (!slot) all.set(key, (slot = { stop: false, candidates: [] }));
      if (target === '') slot.stop = true;
      else if (SINGLE_WORD.test(target)) {
        const ids = sources.split(',');
        slot.candidates.push({
          target,
          weight,
          sources,
          dictionary: ids.some((id) => dictionaries.has(id)),
          aligned: ids.some((id) => !dictionaries.has(id)),
        });
      }
    }
    table = new Map();
    for (const [key, slot] of all)
      table.set(key, {
        stop: slot.stop,
        targets: slot.stop || untranslatable(key) ? [] : pick(key, slot.candidates),
      });
    tables.set(lang, table);
    return table;
  };

  /** Segments as a query's words are split, phrases the lexicon knows joined back. */
  const unitsOf = (text: string, table: LanguageTable): { unit: string; parts: string[] }[] => {
    const segments = segmentWords(displayText(text));
    const out: { unit: string; parts: string[] }[] = [];
    const join = (parts: readonly string[]) =>
      parts.reduce(
        (acc, p, i) =>
          i === 0
            ? p
            : UNSPACED_SEGMENT.test(p) && UNSPACED_SEGMENT.test(parts[i - 1]!)
              ? acc + p
              : `${acc} ${p}`,
        '',
      );
    for (let i = 0; i < segments.length;) {
      let take = 1;
      for (let n = Math.min(MAX_PHRASE, segments.length - i); n > 1; n--) {
        if (table.has(lexiconKey(join(segments.slice(i, i + n))))) {
          take = n;
          break;
        }
      }
      const parts = segments.slice(i, i + take);
      i += take;
      const unit = join(parts);
      if (take === 1)
        for (const piece of splitUnknownHan(unit, table)) out.push({ unit: piece, parts: [piece] });
      else out.push({ unit, parts });
    }
    return out;
  };

  return (pin) => {
    const langs = pin.langs;
    if (!langs || Object.keys(langs).length === 0) return null;
    const forms: string[] = [];
    const formSet = new Set<string>();
    const addForm = (form: string) => {
      if (form === '' || formSet.has(form)) return;
      formSet.add(form);
      forms.push(form);
    };
    const targets: string[] = [];
    const targetSet = new Set<string>();
    const translations: PinTranslation[] = [];
    const foreign = new Map<string, Set<string>>();
    const englishWords = new Set<string>();
    for (const field of TEXT_FIELDS) {
      const tag = langs[field];
      if (tag === undefined) {
        for (const text of fieldTexts(pin, field))
          for (const w of matchTerms(text)) englishWords.add(w);
        continue;
      }
      const lang = baseLanguageOf(tag);
      const table = tableOf(lang);
      let words = foreign.get(lang);
      if (!words) foreign.set(lang, (words = new Set()));
      for (const text of fieldTexts(pin, field)) {
        // What FTS5's own tokenizer makes of the field: those forms need no second copy.
        const tokens = new Set(matchTerms(text));
        for (const { unit, parts } of unitsOf(text, table)) {
          const slot = table.get(lexiconKey(unit));
          for (const part of parts) {
            if (/\p{N}/u.test(part)) continue;
            const folded = foldDiacritics(part);
            const key = lexiconKey(part);
            if (!tokens.has(folded)) addForm(folded);
            if (key !== folded && !tokens.has(key)) addForm(key);
            if (slot?.stop || table.get(key)?.stop) continue;
            words.add(folded);
            if (key !== folded) words.add(key);
          }
          if (!slot || slot.stop) continue;
          for (const t of slot.targets) {
            translations.push({
              field,
              word: unit,
              lang,
              target: t.target,
              weight: t.weight,
              sources: t.sources,
            });
            if (!targetSet.has(t.target)) {
              targetSet.add(t.target);
              targets.push(t.target);
            }
          }
        }
      }
    }
    for (const t of targets) for (const w of matchTerms(t)) englishWords.add(w);
    for (const [lang, words] of foreign) {
      for (const w of words) if (englishWords.has(w)) words.delete(w);
      if (words.size === 0) foreign.delete(lang);
    }
    return { text: [...forms, ...targets].join(' '), foreignWords: foreign, translations };
  };
}

/**
 * A Han word the lexicon lacks ("红花" where CLDR has 红 and 花), split into the longest known
 * pieces from the left when every piece is known; otherwise kept whole (as the query stage does).
 */
function splitUnknownHan(word: string, table: LanguageTable): string[] {
  const chars = [...word];
  if (chars.length < 2 || !HAN_ONLY.test(word) || table.has(lexiconKey(word))) return [word];
  const parts: string[] = [];
  for (let i = 0; i < chars.length;) {
    let n = chars.length - i;
    while (n > 0 && !table.has(lexiconKey(chars.slice(i, i + n).join('')))) n--;
    if (n === 0) return [word];
    parts.push(chars.slice(i, i + n).join(''));
    i += n;
  }
  return parts;
}
