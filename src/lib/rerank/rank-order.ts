/**
 * Scores → display order. Pure.
 */

/**
 * Indices of `scores` from best to worst. Ties (and NaN, treated as the worst
 * score) keep server order, so an uninformative model changes nothing.
 */
export function orderByScore(scores: ArrayLike<number>): number[] {
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
