/** NDCG@k with exponential gains (2^grade − 1), the usual form for graded relevance. */

export function dcgAtK(gradesInOrder: ArrayLike<number>, k: number): number {
  let dcg = 0;
  const n = Math.min(k, gradesInOrder.length);
  for (let i = 0; i < n; i++) dcg += (2 ** (gradesInOrder[i] as number) - 1) / Math.log2(i + 2);
  return dcg;
}

/** NDCG@k of the list reordered by `order` (indices into grades); null when no item is relevant. */
export function ndcgAtK(
  grades: ArrayLike<number>,
  order: ArrayLike<number>,
  k: number,
): number | null {
  const ideal = Array.from(grades).sort((a, b) => b - a);
  const idcg = dcgAtK(ideal, k);
  if (idcg === 0) return null;
  const ranked = Array.from(order, (i) => grades[i] as number);
  return dcgAtK(ranked, k) / idcg;
}

/** Indices sorted by descending score; ties keep the server's order (lower index first). */
export function orderByScore(scores: ArrayLike<number>): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => (scores[b] as number) - (scores[a] as number) || a - b,
  );
}
