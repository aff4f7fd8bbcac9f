/**
 * The cross-lingual lexicon as the query stage sees it: foreign words and phrases → words of
 * the index's English vocabulary, per language, plus each language's stop words. It is built at
 * index time from real multilingual data (src/server/ingest/lexicon) and stored in the index
 * (engine/stored-lexicon.ts); nothing here knows a translation.
 *
 * Keys are folded the same way on both sides (`lexiconKey`): NFKC, lowercase, diacritics off
 * Latin, Greek and Cyrillic letters (a searcher types "cafe", "ελεφαντας", "ежик"), ß → ss, and
 * katakana → hiragana (CLDR writes "ねこ" where a searcher may type "ネコ"). Scripts whose marks
 * are letters (Devanagari vowel signs, Thai, Arabic) keep them.
 */
import { displayText, WORD_PATTERN } from './normalize';

export interface LexiconEntry {
  /** BCP 47 base language ("de", "zh-Hant" folds to "zh"). */
  lang: string;
  /** The folded word of the index's English vocabulary; '' marks a stop word of `lang`. */
  target: string;
  /** Association strength in (0, 1]: 1 for a source's best translation. */
  weight: number;
  /** The word as the source writes it (accents kept): what suggestions show. */
  word: string;
}

export interface LexiconCompletion extends LexiconEntry {
  key: string;
}

export interface Lexicon {
  /** Every language's entries for a folded key (stop words included); [] when unknown. */
  lookup(key: string): readonly LexiconEntry[];
  /** Keys starting with `prefix` (folded), translations only, at most `limit` keys' entries. */
  complete(prefix: string, limit: number): readonly LexiconCompletion[];
}

/** Base marks on Latin, Greek and Cyrillic letters: accents a searcher often leaves out. */
const FOLDABLE_MARKS = /([\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{M}+/gu;
const KATAKANA = /[\u30a1-\u30f6]/gu;
const KATAKANA_TO_HIRAGANA = 0x60;

/** The lookup form of a word or phrase (see the module comment). */
export function lexiconKey(text: string): string {
  return displayText(text)
    .replace(/ß/gu, 'ss')
    .normalize('NFD')
    .replace(FOLDABLE_MARKS, '$1')
    .normalize('NFC')
    .replace(KATAKANA, (c) => String.fromCharCode(c.charCodeAt(0) - KATAKANA_TO_HIRAGANA));
}

/**
 * Scripts written without spaces between words: Intl.Segmenter (ICU's dictionaries) splits
 * their runs into words. Korean is written with spaces and stays as typed.
 */
const UNSPACED_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]+/gu;
const WORD = new RegExp(WORD_PATTERN, 'gu');

const segmenters = new Map<string, Intl.Segmenter>();
function segmenterFor(run: string): Intl.Segmenter {
  const locale = /\p{Script=Thai}/u.test(run)
    ? 'th'
    : /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(run)
      ? 'ja'
      : /[\p{Script=Lao}]/u.test(run)
        ? 'lo'
        : /[\p{Script=Khmer}]/u.test(run)
          ? 'km'
          : /[\p{Script=Myanmar}]/u.test(run)
            ? 'my'
            : 'zh';
  let s = segmenters.get(locale);
  if (!s) {
    s = new Intl.Segmenter(locale, { granularity: 'word' });
    segmenters.set(locale, s);
  }
  return s;
}

/** Whether a text holds a run of a script written without spaces. */
export const hasUnspacedScript = (text: string): boolean => new RegExp(UNSPACED_RUN.source, 'u').test(text);

/**
 * The words of a normalized text, with runs of unspaced scripts split by Intl.Segmenter:
 * "赤い花" → ["赤い", "花"], "红色的花" → ["红色", "的", "花"]. Other text splits as WORD_PATTERN.
 */
export function segmentWords(text: string): string[] {
  if (!hasUnspacedScript(text)) return Array.from(text.matchAll(WORD), (m) => m[0]);
  const out: string[] = [];
  let last = 0;
  const pushPlain = (s: string) => {
    for (const m of s.matchAll(WORD)) out.push(m[0]);
  };
  for (const run of text.matchAll(UNSPACED_RUN)) {
    pushPlain(text.slice(last, run.index));
    for (const seg of segmenterFor(run[0]).segment(run[0])) if (seg.isWordLike) out.push(seg.segment);
    last = run.index + run[0].length;
  }
  pushPlain(text.slice(last));
  return out;
}
