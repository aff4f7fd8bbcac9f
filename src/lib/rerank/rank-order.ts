/**
 * Scores → display order. Pure.
 */

/** Float32 bits of one value, through a shared scratch buffer. */
const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);
/** Up to this many rows, (score, server index) pairs pack exactly into one double (2^32 · 2^20 < 2^53). */
const MAX_PACKED_ROWS = 2 ** 20;
const INDEX_SCALE = 2 ** 20;
const MAX_KEY = 0xffffffff;

/**
 * A float32's bits remapped so that unsigned order is numeric order: set the sign bit of
 * non-negative values, flip every bit of negative ones. NaN counts as −∞, −0 as +0.
 */
function orderedBits(score: number): number {
  scratch[0] = Number.isNaN(score) ? -Infinity : score === 0 ? 0 : score;
  const bits = scratchBits[0] as number;
  return bits >= 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
}

/**
 * Indices of `scores` from best to worst. Ties (and NaN, treated as the worst
 * score) keep server order, so an uninformative model changes nothing.
 *
 * The model's Float32Array takes a fast path (this runs on every reranked page): each row
 * becomes one exact integer key, (MAX − score bits) · 2^20 + index, and a typed-array sort
 * (native, no comparator calls) orders them; the index falls out of the key's low bits.
 */
export function orderByScore(scores: ArrayLike<number>): number[] {
  const n = scores.length;
  if (!(scores instanceof Float32Array) || n > MAX_PACKED_ROWS) return orderByComparator(scores);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++)
    keys[i] = (MAX_KEY - orderedBits(scores[i] as number)) * INDEX_SCALE + i;
  keys.sort();
  const order = new Array<number>(n);
  for (let k = 0; k < n; k++) order[k] = (keys[k] as number) % INDEX_SCALE;
  return order;
}

function orderByComparator(scores: ArrayLike<number>): number[] {
  const value = (i: number) => {
    const s = scores[i]!;
    return Number.isNaN(s) ? -Infinity : s;
  };
  return Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => value(b) - value(a) || a - b,
  );
}

/** `order[k]` = server index shown at position k → `ranks[serverIndex]` = new position. */
export function invertOrder(order: readonly number[]): number[] {
  const ranks = new Array<number>(order.length);
  order.forEach((serverIndex, position) => {
    ranks[serverIndex] = position;
  });
  return ranks;
}
