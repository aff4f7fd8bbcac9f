/**
 * Query-term expansion from WordNet: a term's synonyms (same synset) and its close
 * neighbours (direct hypernyms, hyponyms, similar adjectives), kept only when the corpus uses
 * them, so an expansion can never add a dead term. "kitty" → cat, "automobile" → car,
 * "affection" → heart.
 *
 * Which senses: WordNet lists a lemma's senses most frequent first and says how many of them
 * were seen in its tagged corpus. We take the tagged senses (at most MAX_SENSES) — "cat" the
 * animal, not "cat" the guy — or, when none was tagged, the first MAX_SENSES. Noun senses in
 * abstract lexicographer files (money, quantities, relations, the top of the hierarchy) are
 * skipped: this is a picture corpus, and "kitty" the betting pool would bring up swimming pools.
 *
 * The same test runs the other way: an expansion term is kept only when the synset that links
 * it is one of ITS main senses, so "heart" does not expand to "pump" (a heart is a pump, but
 * "pump" mostly means the machine) nor "man" to "cat" (the "cool cat" sense).
 */
import { baseForms } from './lemma';
import { foldText, hasDigit, matchKey } from './normalize';
import { isStopword } from './stopwords';
import type { IndexEntry, PartOfSpeech, Synset, WordNet } from './wordnet';

export const SYNONYM_WEIGHT = 0.6;
/** Direct hypernyms and hyponyms, and adjectives "similar to". */
export const RELATED_WEIGHT = 0.3;
/**
 * The hypernym's hypernym, used only to bridge a gap (see `bridge` below): "kitty" →
 * (domestic cat, not a corpus word) → cat.
 */
export const GRANDPARENT_WEIGHT = 0.2;
export const MAX_EXPANSIONS_PER_TERM = 5;
export const MAX_SENSES = 3;

/** noun.Tops (3), noun.possession (21), noun.quantity (23), noun.relation (24). */
const EXCLUDED_NOUN_LEX_FILES: ReadonlySet<number> = new Set([3, 21, 23, 24]);
/** Terms whose expansions are memoized; beyond this the memo starts over. */
const MAX_MEMOIZED_TERMS = 10_000;
/** Single letters ("s", the second) match possessives and initials all over the corpus. */
const MIN_EXPANSION_LENGTH = 2;
/** An expansion must be one plain word: the engine ORs single terms. */
const SINGLE_WORD = /^\p{L}+$/u;

const HYPERNYM = new Set(['@', '@i']);
const HYPONYM = new Set(['~', '~i']);
const SIMILAR = new Set(['&']);

export type ExpansionRelation = 'synonym' | 'hypernym' | 'hyponym' | 'similar';

export interface TermExpansion {
  term: string;
  weight: number;
  relation: ExpansionRelation;
}

export interface SynonymExpander {
  /** Expansions of one folded query term, best first, at most MAX_EXPANSIONS_PER_TERM. */
  expand(term: string): TermExpansion[];
  /** The WordNet entry `term` resolves to (nouns first, then verbs, then adjectives), or null. */
  resolve(term: string): IndexEntry | null;
  /** Co-hyponyms ("siblings") of `term` in the corpus: "cat" → dog, lion… For related searches. */
  siblings(term: string, max: number): string[];
}

export interface SynonymExpanderOptions {
  wordnet: WordNet;
  /** Corpus frequency of a folded word as FTS5 matches it (0: the corpus never uses it). */
  corpusFrequency: (term: string) => number;
}

interface Candidate {
  term: string;
  weight: number;
  relation: ExpansionRelation;
  sense: number;
  frequency: number;
}

export function createSynonymExpander({ wordnet, corpusFrequency }: SynonymExpanderOptions): SynonymExpander {
  const memo = new Map<string, TermExpansion[]>();

  function resolve(term: string): IndexEntry | null {
    for (const pos of ['noun', 'verb', 'adj'] as const satisfies readonly PartOfSpeech[]) {
      for (const base of baseForms(term)) {
        const entry = wordnet.lookup(base, pos);
        if (entry) return entry;
      }
    }
    return null;
  }

  const mainSenseCount = (entry: IndexEntry): number =>
    entry.taggedSenses > 0 ? Math.min(entry.taggedSenses, MAX_SENSES) : MAX_SENSES;

  /** Is `lemma` a proper name in `synset` ("Grey" the novelist, "Red" the river)? */
  const isProperIn = (lemma: string, synset: Synset): boolean =>
    synset.lemmas.some((l, i) => l === lemma && synset.proper[i]);

  function sensesOf(entry: IndexEntry): Synset[] {
    const usable = entry.synsets
      .map((offset) => wordnet.synset(entry.pos, offset))
      .filter((s) => entry.pos !== 'noun' || !EXCLUDED_NOUN_LEX_FILES.has(s.lexFile))
      // A lowercase query means the common noun: "grey" is a colour, not the novelist.
      .filter((s) => !isProperIn(entry.lemma, s));
    return usable.slice(0, mainSenseCount(entry));
  }

  /** Is `synset` among the main senses of `lemma` (by WordNet's sense order)? */
  function isMainSense(lemma: string, synset: Synset): boolean {
    const entry = wordnet.lookup(lemma, synset.pos);
    return entry !== null && entry.synsets.slice(0, mainSenseCount(entry)).includes(synset.offset);
  }

  const linked = (synset: Synset, symbols: ReadonlySet<string>): Synset[] =>
    synset.pointers.filter((p) => symbols.has(p.symbol)).map((p) => wordnet.synset(p.pos, p.offset));

  /** The lemmas of `synsets` that the corpus uses, as folded single words. */
  function corpusLemmas(synsets: readonly Synset[]): { term: string; frequency: number }[] {
    const out: { term: string; frequency: number }[] = [];
    for (const synset of synsets) {
      for (const lemma of synset.lemmas) {
        if (lemma.length < MIN_EXPANSION_LENGTH || !SINGLE_WORD.test(lemma)) continue;
        const term = foldText(lemma);
        if (isStopword(term)) continue;
        const frequency = corpusFrequency(term);
        if (frequency > 0 && isMainSense(lemma, synset)) out.push({ term, frequency });
      }
    }
    return out;
  }

  function compute(term: string): TermExpansion[] {
    if (term.length < 2 || hasDigit(term) || isStopword(term)) return [];
    const entry = resolve(term);
    if (!entry) return [];
    const inCorpus = corpusFrequency(term) > 0;
    const candidates: Candidate[] = [];
    const push = (words: { term: string; frequency: number }[], weight: number, relation: ExpansionRelation, sense: number) => {
      for (const w of words) candidates.push({ ...w, weight, relation, sense });
    };
    sensesOf(entry).forEach((synset, sense) => {
      push(corpusLemmas([synset]), SYNONYM_WEIGHT, 'synonym', sense);
      const parents = linked(synset, HYPERNYM);
      const parentWords = corpusLemmas(parents);
      push(parentWords, RELATED_WEIGHT, 'hypernym', sense);
      // Climb one more level only to bridge a gap: the term is not in the corpus, or its parent
      // concept has no one-word name ("kitty" → domestic cat → cat) — not "dog" → animal.
      const bridge = !inCorpus || parents.every((p) => !p.lemmas.some((l) => SINGLE_WORD.test(l)));
      if (bridge && parentWords.length === 0) {
        push(corpusLemmas(parents.flatMap((p) => linked(p, HYPERNYM))), GRANDPARENT_WEIGHT, 'hypernym', sense);
      }
      push(corpusLemmas(linked(synset, HYPONYM)), RELATED_WEIGHT, 'hyponym', sense);
      push(corpusLemmas(linked(synset, SIMILAR)), RELATED_WEIGHT, 'similar', sense);
    });

    candidates.sort(
      (a, b) => b.weight - a.weight || a.sense - b.sense || b.frequency - a.frequency || (a.term < b.term ? -1 : 1),
    );
    // One expansion per FTS5 match key, and never the query term itself in another form.
    const seen = new Set([matchKey(term)]);
    const out: TermExpansion[] = [];
    for (const c of candidates) {
      const key = matchKey(c.term);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ term: c.term, weight: c.weight, relation: c.relation });
      if (out.length >= MAX_EXPANSIONS_PER_TERM) break;
    }
    return out;
  }

  return {
    resolve,
    expand(term) {
      let result = memo.get(term);
      if (!result) {
        if (memo.size >= MAX_MEMOIZED_TERMS) memo.clear();
        result = compute(term);
        memo.set(term, result);
      }
      return result.map((e) => ({ ...e }));
    },
    siblings(term, max) {
      const entry = resolve(term);
      if (!entry) return [];
      // Main sense only: siblings of every sense would mix unrelated families. And only when
      // WordNet knows which sense is main (tagged, or the only one): untagged senses come in
      // no particular order ("grey" lists the Confederate army before the colour).
      const senses = sensesOf(entry);
      const [main] = senses;
      if (!main || (entry.taggedSenses === 0 && senses.length > 1)) return [];
      const found = new Map<string, { term: string; frequency: number }>([[matchKey(term), { term, frequency: 0 }]]);
      for (const parent of linked(main, HYPERNYM)) {
        for (const w of corpusLemmas(linked(parent, HYPONYM))) {
          const key = matchKey(w.term);
          if (!found.has(key)) found.set(key, w);
        }
      }
      found.delete(matchKey(term));
      return [...found.values()]
        .sort((a, b) => b.frequency - a.frequency || (a.term < b.term ? -1 : 1))
        .slice(0, max)
        .map((w) => w.term);
    },
  };
}
