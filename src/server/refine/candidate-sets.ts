/**
 * Sets of candidate positions as bit arrays: a chip's "which results would it keep" set.
 * A few hundred candidates fit in a handful of 32-bit words, so counts and Jaccard
 * similarities between chips cost next to nothing.
 */
export type CandidateSet = Uint32Array;

export const emptySet = (size: number): CandidateSet => new Uint32Array(Math.ceil(size / 32));

export function addToSet(set: CandidateSet, index: number): void {
  set[index >>> 5] = set[index >>> 5]! | (1 << (index & 31));
}

export const setHas = (set: CandidateSet, index: number): boolean =>
  (set[index >>> 5]! & (1 << (index & 31))) !== 0;

function popcount32(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function setSize(set: CandidateSet): number {
  let n = 0;
  for (const word of set) n += popcount32(word);
  return n;
}

export function intersect(a: CandidateSet, b: CandidateSet): CandidateSet {
  const out = new Uint32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! & b[i]!;
  return out;
}

/** |A ∩ B| / |A ∪ B|; 0 for two empty sets. */
export function jaccard(a: CandidateSet, b: CandidateSet): number {
  let inter = 0;
  let union = 0;
  for (let i = 0; i < a.length; i++) {
    inter += popcount32(a[i]! & b[i]!);
    union += popcount32(a[i]! | b[i]!);
  }
  return union === 0 ? 0 : inter / union;
}
