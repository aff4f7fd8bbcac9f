/**
 * The query-understanding stage that runs before retrieval: normalize, correct spelling,
 * add regional spellings and WordNet expansions. Its output is the contract's
 * UnderstoodQuery (for the response and the debug panel) plus one OR-group per query word
 * for the engine (see fts-match.ts for how groups become MATCH expressions).
 *
 * Per word, in this order:
 * 1. stopwords and words with digits pass through untouched (stopwords become optional);
 * 2. a word FTS5 matches is kept — it is never corrected;
 * 3. its other regional spelling joins the group when the corpus has it ("colour" → color);
 * 4. an unknown word that WordNet knows and can expand into corpus words is NOT corrected —
 *    it is a real word the corpus happens not to use ("automobile" → car, not "automobiles");
 * 5. otherwise an unknown word is corrected to the best vocabulary word, unless
 *    `forceOriginal` (the UI's "search instead for …") or it was typed with accents — someone
 *    who types "brûlée" means it, and "crème" is no typo for "crepe";
 * 6. the (corrected) word gets its WordNet expansions, at lower weights.
 *
 * Before that, the query is read across languages (cross-lingual.ts): a word the lexicon knows
 * in the query's language is translated into the index's English words (never spelled into an
 * English look-alike: "perro" is dog, not pear), and that language's stop words are left out.
 * Unspaced scripts (Japanese, Chinese, Thai) are split into words with Intl.Segmenter first.
 */
import type { UnderstoodQuery } from '@/contract/api';
import { ENGLISH, readAcrossLanguages, type QueryReading } from './cross-lingual';
import { hasUnspacedScript, lexiconKey, segmentWords, type Lexicon } from './lexicon';
import { displayText, foldDiacritics, hasDigit, joinTerms, matchKey, MAX_QUERY_WORDS, tokenize, type QueryWord } from './normalize';
import { spellingVariants } from './regional-spelling';
import type { Correction, Speller } from './spelling';
import { isStopword } from './stopwords';
import type { SynonymExpander } from './synonyms';

/** Weight of the word as typed (or as corrected), and of its regional spellings. */
export const EXACT_WEIGHT = 1;

export type ExpansionSource = 'wordnet' | 'spelling' | 'embedding' | 'translation';

export interface Alternative {
  term: string;
  weight: number;
  /** 'query': the word itself (as typed, or its correction). */
  source: 'query' | ExpansionSource;
}

/** One query word and what may stand in for it: the engine matches any alternative. */
export interface TermGroup {
  /** The word as the user typed it (display form). */
  typed: string;
  /** The word searched for: the folded typed word, or its correction. */
  term: string;
  /** Stopwords: required in the exact pass only ("ideas for a garden" must not need "for"). */
  optional: boolean;
  /** `term` first (weight 1), then the others by descending weight; one per FTS5 match key. */
  alternatives: Alternative[];
}

export interface QueryUnderstanding extends UnderstoodQuery {
  expansions: { term: string; weight: number; source: ExpansionSource }[];
  groups: TermGroup[];
}

/** A word the index's pins hold in other languages (engine/foreign-words.ts). */
export interface ForeignWord {
  /** Base languages. */
  langs: readonly string[];
  /** Whether the index also uses the word as English. */
  english: boolean;
}

export interface QueryContext {
  speller: Speller;
  /** Null where WordNet is not loaded: no synonym expansion then. */
  synonyms: SynonymExpander | null;
  /** Null where the index has no lexicon: queries are read as English only. */
  lexicon?: Lexicon | null;
  /** A language detector for ties between languages (cross-lingual.ts); null while not loaded. */
  detect?: ((text: string) => Record<string, number> | null) | undefined;
  /**
   * Folded words the index's pins use in other languages (manifest `lang`): such a word is
   * searched as typed first when translated, and is no English evidence unless the index also
   * uses it as English. Absent or empty: every word the speller knows is English.
   */
  foreignWords?: ReadonlyMap<string, ForeignWord> | null;
}

export interface UnderstandOptions {
  /** Search exactly the words typed: no spelling correction (regional spellings and synonyms stay). */
  forceOriginal?: boolean;
  maxWords?: number;
  /** The reader's language (BCP 47), a tie-breaker between languages. */
  hint?: string | undefined;
}

function groupFor(
  word: { display: string; term: string },
  ctx: QueryContext,
  forceOriginal: boolean,
): { group: TermGroup; correction: Correction | null } {
  const passThrough = (optional: boolean) => ({
    group: {
      typed: word.display,
      term: word.term,
      optional,
      alternatives: [{ term: word.term, weight: EXACT_WEIGHT, source: 'query' as const }],
    },
    correction: null,
  });
  if (isStopword(word.term)) return passThrough(true);
  if (hasDigit(word.term)) return passThrough(false);

  const { speller } = ctx;
  // WordNet is English: other scripts never reach it (its binary search found "TV" for 蝴蝶).
  const synonyms = /\p{Script=Latin}/u.test(word.term) ? ctx.synonyms : null;
  const variants = spellingVariants(word.term).filter((v) => speller.isKnown(v));
  let term = word.term;
  let correction: Correction | null = null;
  const needsHelp = !speller.isKnown(term) && variants.length === 0;
  const realWord = needsHelp && synonyms !== null && synonyms.expand(term).length > 0;
  const accented = word.display !== word.term;
  if (needsHelp && !realWord && !forceOriginal && !accented) {
    const suggestion = speller.suggest(term);
    if (suggestion) {
      correction = { from: word.display, to: suggestion.term };
      term = suggestion.term;
    }
  }

  const alternatives: Alternative[] = [
    { term, weight: EXACT_WEIGHT, source: 'query' },
    ...variants.map((v) => ({ term: v, weight: EXACT_WEIGHT, source: 'spelling' as const })),
    ...(synonyms?.expand(term) ?? []).map((e) => ({ term: e.term, weight: e.weight, source: 'wordnet' as const })),
  ];
  const seen = new Set<string>();
  const unique = alternatives.filter((a) => {
    const key = matchKey(a.term);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { group: { typed: word.display, term, optional: false, alternatives: unique }, correction };
}

/**
 * A word read in another language: its English words, then the word itself where pins use it.
 * Where the index holds the word in another language (a pin written in it), the word as typed
 * leads instead and its English words follow at their weights: "perro" ranks the pin titled
 * "Perro marrón" first, then every dog, rather than translating it away.
 */
function translatedGroup(
  word: QueryWord,
  targets: readonly { term: string; weight: number }[],
  ctx: QueryContext,
): TermGroup {
  const held = (ctx.foreignWords?.get(word.term)?.langs.length ?? 0) > 0;
  const term = held ? word.term : targets[0]!.term;
  const alternatives: Alternative[] = [
    ...(held ? [{ term: word.term, weight: EXACT_WEIGHT, source: 'query' as const }] : []),
    { term: targets[0]!.term, weight: EXACT_WEIGHT, source: 'translation' },
    ...targets.slice(1).map((t) => ({ term: t.term, weight: t.weight, source: 'translation' as const })),
    ...(!held && ctx.speller.isKnown(word.term) ? [{ term: word.term, weight: EXACT_WEIGHT, source: 'query' as const }] : []),
    ...(ctx.synonyms?.expand(targets[0]!.term) ?? []).map((e) => ({ term: e.term, weight: e.weight, source: 'wordnet' as const })),
  ];
  const seen = new Set<string>();
  const unique = alternatives.filter((a) => {
    const key = matchKey(a.term);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { typed: word.display, term, optional: false, alternatives: unique };
}

/**
 * The query's words: as tokenize splits them, but runs of unspaced scripts split by
 * Intl.Segmenter and adjacent segments joined back where the lexicon knows the longer word
 * (the segmenter's dictionary and CLDR's do not always agree: "ひまわり" vs "ひま" + "わり").
 */
function queryWords(raw: string, lexicon: Lexicon | null | undefined, maxWords: number): QueryWord[] {
  if (!lexicon || !hasUnspacedScript(raw)) return tokenize(raw, maxWords);
  const segments = segmentWords(displayText(raw));
  const words: QueryWord[] = [];
  const seen = new Set<string>();
  const MAX_JOIN = 4;
  for (let i = 0; i < segments.length && words.length < maxWords; ) {
    let take = 1;
    for (let n = Math.min(MAX_JOIN, segments.length - i); n > 1; n--) {
      if (lexicon.lookup(lexiconKey(segments.slice(i, i + n).join(''))).length > 0) {
        take = n;
        break;
      }
    }
    const display = segments.slice(i, i + take).join('');
    i += take;
    for (const part of splitUnknown(display, lexicon)) {
      const term = foldDiacritics(part);
      if (seen.has(term) || words.length >= maxWords) continue;
      seen.add(term);
      words.push({ display: part, term });
    }
  }
  return words;
}

/**
 * A Han word the lexicon lacks ("红花", safflower, where CLDR has 红 and 花), split into the
 * longest known pieces from the left when every piece is known; otherwise kept whole.
 */
function splitUnknown(word: string, lexicon: Lexicon): string[] {
  const chars = [...word];
  if (chars.length < 2 || !/^\p{Script=Han}+$/u.test(word) || lexicon.lookup(lexiconKey(word)).length > 0) return [word];
  const parts: string[] = [];
  for (let i = 0; i < chars.length; ) {
    let n = chars.length - i;
    while (n > 0 && lexicon.lookup(lexiconKey(chars.slice(i, i + n).join(''))).length === 0) n--;
    if (n === 0) return [word];
    parts.push(chars.slice(i, i + n).join(''));
    i += n;
  }
  return parts;
}

/** Understands `raw` against the corpus (see the module comment for the rules). */
export function understandQuery(raw: string, ctx: QueryContext, options: UnderstandOptions = {}): QueryUnderstanding {
  const { forceOriginal = false, maxWords = MAX_QUERY_WORDS, hint } = options;
  const words = queryWords(raw, forceOriginal ? null : ctx.lexicon, maxWords);
  const reading: QueryReading | null =
    ctx.lexicon && !forceOriginal
      ? readAcrossLanguages({
          words: words.map((w) => w.display),
          lexicon: ctx.lexicon,
          // English: what the corpus uses, or a word WordNet knows and can bring corpus words for
          // ("automobile"): such words are never read as another language's.
          isEnglish: (w) => {
            const term = foldDiacritics(w);
            // Known to the speller only because pins in another language use it: not English.
            const foreign = ctx.foreignWords?.get(term);
            if (foreign && !foreign.english && !isStopword(term)) return false;
            return (
              isStopword(term) ||
              ctx.speller.isKnown(term) ||
              spellingVariants(term).some((v) => ctx.speller.isKnown(v)) ||
              // WordNet is English: a CJK word must not reach its binary search ("蝴蝶" found TV).
              (/^[\p{Script=Latin}'-]+$/u.test(term) && (ctx.synonyms?.expand(term).length ?? 0) > 0)
            );
          },
          // Only a Latin-script word can be a typo of the index's English words.
          correctable: (w) => /\p{Script=Latin}/u.test(w) && ctx.speller.suggest(foldDiacritics(w)) !== null,
          hint,
          detect: ctx.detect,
          held: (w) => ctx.foreignWords?.get(foldDiacritics(w))?.langs ?? [],
        })
      : null;
  const groups: TermGroup[] = [];
  const corrections: Correction[] = [];
  const translations: { from: string; to: string; lang: string }[] = [];
  // The display form of each word as searched: what the user typed, its correction or translation.
  const searched: string[] = [];
  words.forEach((word, i) => {
    const read = reading?.words[i];
    if (read?.drop) return;
    if (read?.translate) {
      const group = translatedGroup(word, read.translate.targets, ctx);
      groups.push(group);
      const to = read.translate.targets[0]!.term;
      translations.push({ from: word.display, to, lang: read.translate.lang });
      searched.push(to);
      return;
    }
    const { group, correction } = groupFor(word, ctx, forceOriginal);
    groups.push(group);
    if (correction) corrections.push(correction);
    searched.push(correction ? correction.to : word.display);
  });
  // A query of nothing but stopwords ("the who") must still require them.
  if (groups.every((g) => g.optional)) for (const g of groups) g.optional = false;

  const expansions: QueryUnderstanding['expansions'] = [];
  const listed = new Set<string>();
  for (const c of corrections) {
    expansions.push({ term: c.to, weight: EXACT_WEIGHT, source: 'spelling' });
    listed.add(c.to);
  }
  for (const g of groups) {
    for (const a of g.alternatives) {
      if (a.source === 'query' || listed.has(a.term)) continue;
      listed.add(a.term);
      expansions.push({ term: a.term, weight: a.weight, source: a.source });
    }
  }

  const language = translations.length > 0 && reading && reading.lang !== ENGLISH ? reading.lang : translations[0]?.lang;
  return {
    raw: raw.trim(),
    normalized: joinTerms(searched),
    corrections,
    expansions,
    ...(language ? { language } : {}),
    ...(translations.length > 0 ? { translations } : {}),
    groups,
  };
}
