/**
 * Refinement chips mined from a query's own top candidates (guided search).
 *
 * A chip is useful when it splits the results: one that keeps nearly everything changes
 * nothing, one that keeps two pins is a dead end. So every possible chip — a word or a
 * two-word phrase from the candidates' titles and tags, a category, a named colour of their
 * palettes — is first kept only when it covers between MIN_SHARE and MAX_SHARE of the
 * candidates, then chips are picked greedily by
 *
 *     usefulness = balance × diversity
 *     balance    = 4·s·(1 − s)            (s = share of candidates kept; 1 at an even split)
 *     diversity  = 1 − max Jaccard(chip, already picked chips)
 *
 * so a chip that keeps the same pins as one already shown ("smiling" after "smile face")
 * falls behind one that opens another slice of the results.
 *
 * Words are compared by their Porter stems, as the index compares them: "smile" and
 * "smiling" are one chip, and a word already in the query or an active refinement is not
 * offered again. A chip's `count` is the number of candidates it keeps (over title, tags,
 * description and category, as the engine's full-text match does), so with all matches as
 * candidates it is exactly the number of results after applying it.
 */
import type { Refinement } from '@/contract/api';
import {
  categoryRefinement,
  COLOR_NAMES,
  colorRefinement,
  isColorName,
  parseRefineValue,
  type ColorName,
} from '@/contract/refine-value';
import { paletteColorNames } from '@/server/engine/named-colors';
import { isMiningStopword } from '@/server/query/stopwords';
import {
  addToSet,
  emptySet,
  intersect,
  jaccard,
  setSize,
  type CandidateSet,
} from './candidate-sets';
import { ftsStems, ftsTokens, type FtsToken } from './fts-tokens';

export const MAX_REFINEMENT_CHIPS = 12;
/** Below this many candidates there is nothing worth narrowing. */
export const MIN_CANDIDATES = 5;
/** A chip must keep at least this share of the candidates … */
export const MIN_SHARE = 0.05;
/** … and at most this share, or it hardly narrows at all. */
export const MAX_SHARE = 0.6;
/** …and never fewer than this many pins, whatever the share. */
export const MIN_CHIP_COUNT = 2;
/** A two-word phrase must be written as a phrase in at least this many candidates. */
export const MIN_PHRASE_CANDIDATES = 2;
/** Words shorter than this make poor chips ("a", "x"). */
const MIN_WORD_LENGTH = 2;
const DIGITS_ONLY = /^\p{N}+$/u;

export interface MiningCandidate {
  title: string;
  tags: readonly string[];
  category: string;
  palette: readonly string[];
  /** Searched by the engine, so counted for membership; never proposed as a chip. */
  description?: string;
}

export interface MineRefinementsInput {
  /** The query as the user typed it (its words are never offered as chips). */
  query: string;
  /** The query's top candidates, best first. */
  candidates: readonly MiningCandidate[];
  /** Refinement values already applied (`category:…`, `color:…` or words). */
  activeRefinements?: readonly string[];
  /** More words not to offer, e.g. the query's spelling corrections and synonyms. */
  excludeTerms?: readonly string[];
  maxRefinements?: number;
}

interface Chip {
  refinement: Refinement;
  set: CandidateSet;
  balance: number;
  /** Largest Jaccard similarity to a chip already picked. */
  overlap: number;
}

const KIND_ORDER: Record<Refinement['kind'], number> = { term: 0, category: 1, color: 2 };

const isChipWord = (token: FtsToken): boolean =>
  token.folded.length >= MIN_WORD_LENGTH &&
  !DIGITS_ONLY.test(token.folded) &&
  !isMiningStopword(token.folded);

/** Counts of how a stem (or stem pair) is written, to label the chip with its most common spelling. */
class SpellingCounter {
  private readonly counts = new Map<string, Map<string, number>>();

  add(key: string, surface: string): void {
    let bySurface = this.counts.get(key);
    if (!bySurface) this.counts.set(key, (bySurface = new Map()));
    bySurface.set(surface, (bySurface.get(surface) ?? 0) + 1);
  }

  /** Most frequent spelling; ties go to the shorter, then the alphabetically first. */
  best(key: string): string {
    let best = '';
    let bestCount = -1;
    for (const [surface, count] of this.counts.get(key) ?? []) {
      const better =
        count > bestCount ||
        (count === bestCount &&
          (surface.length < best.length || (surface.length === best.length && surface < best)));
      if (better) {
        best = surface;
        bestCount = count;
      }
    }
    return best;
  }
}

function excludedStems({
  query,
  activeRefinements,
  excludeTerms,
}: MineRefinementsInput): Set<string> {
  const stems = new Set(ftsStems(query));
  for (const term of excludeTerms ?? []) for (const stem of ftsStems(term)) stems.add(stem);
  for (const value of activeRefinements ?? []) {
    const parsed = parseRefineValue(value);
    if (parsed.kind === 'term') for (const stem of ftsStems(parsed.text)) stems.add(stem);
  }
  return stems;
}

function termChips(
  input: MineRefinementsInput,
  { minCount, maxCount }: { minCount: number; maxCount: number },
): Chip[] {
  const { candidates } = input;
  const size = candidates.length;
  const excluded = excludedStems(input);
  const stemSets = new Map<string, CandidateSet>();
  const spellings = new SpellingCounter();
  /** Stem pairs ("big eye") written next to each other, with the candidates that do so. */
  const phraseProposals = new Map<string, Set<number>>();

  candidates.forEach((candidate, index) => {
    const searchable = [
      candidate.title,
      ...candidate.tags,
      candidate.description ?? '',
      candidate.category,
    ];
    for (const field of searchable) {
      for (const { stem } of ftsTokens(field)) {
        let set = stemSets.get(stem);
        if (!set) stemSets.set(stem, (set = emptySet(size)));
        addToSet(set, index);
      }
    }
    // Only titles and tags propose chips: they describe the picture; descriptions are boilerplate.
    for (const field of [candidate.title, ...candidate.tags]) {
      const tokens = ftsTokens(field);
      tokens.forEach((token, i) => {
        if (!isChipWord(token)) return;
        spellings.add(token.stem, token.surface);
        const next = tokens[i + 1];
        if (next && isChipWord(next) && next.stem !== token.stem) {
          const key = `${token.stem} ${next.stem}`;
          spellings.add(key, `${token.surface} ${next.surface}`);
          let proposers = phraseProposals.get(key);
          if (!proposers) phraseProposals.set(key, (proposers = new Set()));
          proposers.add(index);
        }
      });
    }
  });

  const chips: Chip[] = [];
  const push = (key: string, set: CandidateSet) => {
    const count = setSize(set);
    if (count < minCount || count > maxCount) return;
    const label = spellings.best(key);
    chips.push({
      refinement: { label, kind: 'term', value: label, count },
      set,
      balance: balance(count / size),
      overlap: 0,
    });
  };
  for (const stem of stemSets.keys()) {
    // Proposed by a title or tag word (spellings only records those), not excluded.
    if (spellings.best(stem) === '' || excluded.has(stem)) continue;
    push(stem, stemSets.get(stem)!);
  }
  for (const [key, proposers] of phraseProposals) {
    if (proposers.size < MIN_PHRASE_CANDIDATES) continue;
    const [first, second] = key.split(' ') as [string, string];
    if (excluded.has(first) || excluded.has(second)) continue;
    push(key, intersect(stemSets.get(first)!, stemSets.get(second)!));
  }
  return chips;
}

function categoryChips(
  { candidates, activeRefinements = [] }: MineRefinementsInput,
  { minCount, maxCount }: { minCount: number; maxCount: number },
): Chip[] {
  const size = candidates.length;
  const active = new Set(
    activeRefinements
      .map(parseRefineValue)
      .flatMap((r) => (r.kind === 'category' ? [r.category.toLowerCase()] : [])),
  );
  const sets = new Map<string, CandidateSet>();
  candidates.forEach((candidate, index) => {
    if (candidate.category === '') return;
    let set = sets.get(candidate.category);
    if (!set) sets.set(candidate.category, (set = emptySet(size)));
    addToSet(set, index);
  });
  // A set that is all one category has nothing to split by.
  if (sets.size < 2) return [];
  const chips: Chip[] = [];
  for (const [category, set] of sets) {
    const count = setSize(set);
    if (count < minCount || count > maxCount || active.has(category.toLowerCase())) continue;
    chips.push({
      refinement: { label: category, kind: 'category', value: categoryRefinement(category), count },
      set,
      balance: balance(count / size),
      overlap: 0,
    });
  }
  return chips;
}

const colorLabel = (name: ColorName): string => name[0]!.toUpperCase() + name.slice(1);

function colorChips(
  { candidates, activeRefinements = [] }: MineRefinementsInput,
  { minCount, maxCount }: { minCount: number; maxCount: number },
): Chip[] {
  const size = candidates.length;
  const active = new Set(
    activeRefinements
      .map(parseRefineValue)
      .flatMap((r) => (r.kind === 'color' && isColorName(r.name) ? [r.name] : [])),
  );
  const sets = new Map<ColorName, CandidateSet>();
  candidates.forEach((candidate, index) => {
    for (const name of paletteColorNames(candidate.palette)) {
      let set = sets.get(name);
      if (!set) sets.set(name, (set = emptySet(size)));
      addToSet(set, index);
    }
  });
  const chips: Chip[] = [];
  for (const name of COLOR_NAMES) {
    const set = sets.get(name);
    if (!set || active.has(name)) continue;
    const count = setSize(set);
    if (count < minCount || count > maxCount) continue;
    chips.push({
      refinement: { label: colorLabel(name), kind: 'color', value: colorRefinement(name), count },
      set,
      balance: balance(count / size),
      overlap: 0,
    });
  }
  return chips;
}

/** 1 for a chip keeping half the candidates, falling to 0 at none or all (Gini impurity × 2). */
export const balance = (share: number): number => 4 * share * (1 - share);

const usefulness = (chip: Chip): number => chip.balance * (1 - chip.overlap);

/** Higher usefulness first; ties by count, kind, then label, so the result never depends on input order. */
function better(a: Chip, b: Chip): boolean {
  const ua = usefulness(a);
  const ub = usefulness(b);
  if (ua !== ub) return ua > ub;
  if (a.refinement.count !== b.refinement.count) return a.refinement.count > b.refinement.count;
  const ka = KIND_ORDER[a.refinement.kind];
  const kb = KIND_ORDER[b.refinement.kind];
  if (ka !== kb) return ka < kb;
  return a.refinement.label < b.refinement.label;
}

export function mineRefinements(input: MineRefinementsInput): Refinement[] {
  const size = input.candidates.length;
  if (size < MIN_CANDIDATES) return [];
  const bounds = {
    minCount: Math.max(MIN_CHIP_COUNT, Math.ceil(MIN_SHARE * size)),
    maxCount: Math.floor(MAX_SHARE * size),
  };
  const pool = [
    ...termChips(input, bounds),
    ...categoryChips(input, bounds),
    ...colorChips(input, bounds),
  ];
  const max = input.maxRefinements ?? MAX_REFINEMENT_CHIPS;
  const picked: Refinement[] = [];
  while (picked.length < max && pool.length > 0) {
    let bestIndex = 0;
    for (let i = 1; i < pool.length; i++) if (better(pool[i]!, pool[bestIndex]!)) bestIndex = i;
    const [chip] = pool.splice(bestIndex, 1) as [Chip];
    // Keeps exactly the same pins as a chip already shown: nothing new to offer.
    if (usefulness(chip) <= 0) break;
    picked.push(chip.refinement);
    for (const other of pool) other.overlap = Math.max(other.overlap, jaccard(other.set, chip.set));
  }
  return picked;
}
