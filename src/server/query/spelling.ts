/**
 * Whole-word spelling correction towards the corpus vocabulary, SymSpell style
 * (Wolf Garbe's symmetric delete algorithm): every vocabulary word is indexed under all the
 * strings reachable by deleting up to MAX_EDIT_DISTANCE characters from its prefix; a query
 * word looks up its own deletes, and each hit is verified with the real
 * Damerau-Levenshtein (optimal string alignment) distance.
 *
 * Rules (each has a test):
 * - a word FTS5 would already match — in the vocabulary, or sharing its porter key with a
 *   vocabulary word ("cats" when only "cat" is there) — is never corrected;
 * - words with a digit are never corrected;
 * - words of ≤ SHORT_WORD_LENGTH characters are corrected by at most one edit;
 * - a correction by two edits must keep the first letter: people rarely mistype both the
 *   first letter and another ("brulee" must not become "ruler");
 * - the best candidate has the smallest distance, then the highest frequency, then comes
 *   first alphabetically (so results never depend on Map order).
 */
import { hasDigit, matchKey } from './normalize';
import type { Vocabulary } from './vocabulary';

export const MAX_EDIT_DISTANCE = 2;
/** Words this short get one edit at most: two edits turn any three letters into too many words. */
export const SHORT_WORD_LENGTH = 3;
/**
 * SymSpell indexes deletes of the first PREFIX_LENGTH characters only: that bounds the
 * index size while any word within MAX_EDIT_DISTANCE still shares a delete with its prefix.
 */
export const PREFIX_LENGTH = 7;
/** Single letters are neither corrected nor suggested: one edit reaches too many words. */
const MIN_SUGGESTION_LENGTH = 2;

export interface Correction {
  from: string;
  to: string;
}

export interface Suggestion {
  term: string;
  distance: number;
  frequency: number;
}

export interface Speller {
  /** True when FTS5 would match `term` as it is (see the module rules). */
  isKnown(term: string): boolean;
  /** The best vocabulary word for an unknown `term`, or null (known, numeric, or nothing close). */
  suggest(term: string): Suggestion | null;
  /** Corrections for the unknown words of a query, in order; known words are left out. */
  correctAll(terms: readonly string[]): Correction[];
  /** Words and index entries, for the build measurement. */
  readonly stats: { words: number; deletes: number };
}

/**
 * Optimal-string-alignment distance (Damerau-Levenshtein with adjacent transpositions),
 * or `max + 1` as soon as it must exceed `max`. Compares UTF-16 code units: folded words
 * are letters of the Basic Multilingual Plane in practice.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  // Three rolling rows: OSA looks two rows back for a transposition.
  let prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      const transposed =
        i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1);
      if (transposed) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  const d = prev[b.length]!;
  return d > max ? max + 1 : d;
}

/** `word` and every string made by deleting up to `maxDeletes` of its characters. */
function withDeletes(word: string, maxDeletes: number): Set<string> {
  const out = new Set([word]);
  let frontier = [word];
  for (let round = 0; round < maxDeletes; round++) {
    const next: string[] = [];
    for (const w of frontier) {
      for (let i = 0; i < w.length; i++) {
        const shorter = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(shorter)) {
          out.add(shorter);
          next.push(shorter);
        }
      }
    }
    frontier = next;
  }
  return out;
}

/**
 * 32-bit FNV-1a. The index is keyed by hash rather than by string: a collision only adds a
 * candidate that the distance check then rejects, and integer keys spare the build hundreds
 * of thousands of retained strings (the garbage collector was most of its time).
 */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const maxDistanceFor = (term: string): number => (term.length <= SHORT_WORD_LENGTH ? 1 : MAX_EDIT_DISTANCE);

/** Is `short` what is left of `long` after deleting letters? Dropped letters are the commonest typo. */
function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (let j = 0; j < long.length && i < short.length; j++) if (short[i] === long[j]) i++;
  return i === short.length;
}

/** Smaller distance, then higher frequency, then a pure omission ("piza" → "pizza"), then A–Z. */
function better(a: Suggestion, b: Suggestion, typed: string): boolean {
  if (a.distance !== b.distance) return a.distance < b.distance;
  if (a.frequency !== b.frequency) return a.frequency > b.frequency;
  const omissionA = isSubsequence(typed, a.term);
  if (omissionA !== isSubsequence(typed, b.term)) return omissionA;
  return a.term < b.term;
}

/**
 * Hash chains in flat typed arrays: an open-addressing table from delete hash to the newest
 * entry, and `next` links between entries of one hash. Built once, read-only afterwards;
 * about three times faster to build than a Map with the same quarter-million keys.
 */
class DeleteIndex {
  private readonly keys: Uint32Array;
  private readonly heads: Int32Array;
  private readonly next: Int32Array;
  private readonly mask: number;
  readonly size: number;

  constructor(entryHashes: readonly number[], readonly entryWords: readonly number[]) {
    let capacity = 1;
    while (capacity < entryHashes.length * 2) capacity *= 2;
    this.keys = new Uint32Array(capacity);
    this.heads = new Int32Array(capacity).fill(-1);
    this.next = new Int32Array(entryHashes.length);
    this.mask = capacity - 1;
    let size = 0;
    for (let e = 0; e < entryHashes.length; e++) {
      const slot = this.slotOf(entryHashes[e]!);
      if (this.heads[slot] === -1) size++;
      this.keys[slot] = entryHashes[e]!;
      this.next[e] = this.heads[slot]!;
      this.heads[slot] = e;
    }
    this.size = size;
  }

  /** The slot holding `h`, or the empty slot where it would go (linear probing). */
  private slotOf(h: number): number {
    let slot = h & this.mask;
    while (this.heads[slot] !== -1 && this.keys[slot] !== h) slot = (slot + 1) & this.mask;
    return slot;
  }

  /** Word ids filed under `h`. */
  *wordsAt(h: number): Generator<number> {
    for (let e = this.heads[this.slotOf(h)]!; e !== -1; e = this.next[e]!) yield this.entryWords[e]!;
  }
}

/** Builds the deletion index over `vocabulary` (word → frequency). */
export function createSpeller(vocabulary: Vocabulary): Speller {
  const words: string[] = [];
  const frequencies: number[] = [];
  const knownKeys = new Set<string>();
  const entryHashes: number[] = [];
  const entryWords: number[] = [];

  for (const [word, frequency] of vocabulary) {
    knownKeys.add(matchKey(word));
    if (hasDigit(word) || word.length < MIN_SUGGESTION_LENGTH) continue;
    const id = words.length;
    words.push(word);
    frequencies.push(frequency);
    const hashes = new Set<number>();
    for (const d of withDeletes(word.slice(0, PREFIX_LENGTH), MAX_EDIT_DISTANCE)) hashes.add(hash(d));
    for (const h of hashes) {
      entryHashes.push(h);
      entryWords.push(id);
    }
  }
  const index = new DeleteIndex(entryHashes, entryWords);

  const isKnown = (term: string): boolean => vocabulary.has(term) || knownKeys.has(matchKey(term));

  function suggest(term: string): Suggestion | null {
    if (term.length < MIN_SUGGESTION_LENGTH || hasDigit(term) || isKnown(term)) return null;
    const max = maxDistanceFor(term);
    let best: Suggestion | null = null;
    const checked = new Set<number>();
    for (const probe of withDeletes(term.slice(0, PREFIX_LENGTH), max)) {
      for (const id of index.wordsAt(hash(probe))) {
        if (checked.has(id)) continue;
        checked.add(id);
        const candidate = words[id]!;
        // Short targets get the short-word limit too: two edits from "bird" reach "bed", "big", "id"…
        const limit = Math.min(max, maxDistanceFor(candidate));
        const distance = editDistance(term, candidate, limit);
        if (distance > limit || (distance > 1 && candidate[0] !== term[0])) continue;
        const suggestion = { term: candidate, distance, frequency: frequencies[id]! };
        if (best === null || better(suggestion, best, term)) best = suggestion;
      }
    }
    return best;
  }

  return {
    isKnown,
    suggest,
    correctAll(terms) {
      const out: Correction[] = [];
      for (const from of terms) {
        const s = suggest(from);
        if (s !== null) out.push({ from, to: s.term });
      }
      return out;
    },
    stats: { words: words.length, deletes: index.size },
  };
}
