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
 */
import type { UnderstoodQuery } from '@/contract/api';
import { hasDigit, joinTerms, matchKey, MAX_QUERY_WORDS, tokenize } from './normalize';
import { spellingVariants } from './regional-spelling';
import type { Correction, Speller } from './spelling';
import { isStopword } from './stopwords';
import type { SynonymExpander } from './synonyms';

/** Weight of the word as typed (or as corrected), and of its regional spellings. */
export const EXACT_WEIGHT = 1;

export type ExpansionSource = 'wordnet' | 'spelling' | 'embedding';

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

export interface QueryContext {
  speller: Speller;
  /** Null where WordNet is not loaded: no synonym expansion then. */
  synonyms: SynonymExpander | null;
}

export interface UnderstandOptions {
  /** Search exactly the words typed: no spelling correction (regional spellings and synonyms stay). */
  forceOriginal?: boolean;
  maxWords?: number;
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

  const { speller, synonyms } = ctx;
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

/** Understands `raw` against the corpus (see the module comment for the rules). */
export function understandQuery(raw: string, ctx: QueryContext, options: UnderstandOptions = {}): QueryUnderstanding {
  const { forceOriginal = false, maxWords = MAX_QUERY_WORDS } = options;
  const words = tokenize(raw, maxWords);
  const groups: TermGroup[] = [];
  const corrections: Correction[] = [];
  // The display form of each word as searched: what the user typed, or its correction.
  const searched: string[] = [];
  for (const word of words) {
    const { group, correction } = groupFor(word, ctx, forceOriginal);
    groups.push(group);
    if (correction) corrections.push(correction);
    searched.push(correction ? correction.to : word.display);
  }
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

  return {
    raw: raw.trim(),
    normalized: joinTerms(searched),
    corrections,
    expansions,
    groups,
  };
}
