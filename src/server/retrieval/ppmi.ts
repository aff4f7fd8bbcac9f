/**
 * Word–context statistics for the embeddings: weighted co-occurrence of tokens within one
 * pin's text, turned into positive pointwise mutual information (Levy, Goldberg & Dagan 2015:
 * PPMI with context-distribution smoothing, factored by SVD, is as good as word2vec on
 * small corpora).
 */
import type { CsrMatrix } from './sparse-matrix';

export interface WeightedDoc {
  /** Distinct token ids. */
  tokens: readonly number[];
  /** Weight of each token (default 1). */
  weights?: readonly number[];
}

/**
 * Symmetric co-occurrence counts: every ordered pair (i, j), i ≠ j, of tokens in one document
 * adds w_i · w_j / (n − 1), n the document's token count. Dividing by n − 1 makes each token
 * spread one unit over its neighbours, so a pin with twenty tags does not outweigh twenty pins
 * with two. Single-token documents add nothing.
 */
export function cooccurrenceMatrix(docs: Iterable<WeightedDoc>, vocabSize: number): CsrMatrix {
  const rows: Map<number, number>[] = Array.from({ length: vocabSize }, () => new Map());
  for (const doc of docs) {
    const n = doc.tokens.length;
    if (n < 2) continue;
    const scale = 1 / (n - 1);
    for (let a = 0; a < n; a++) {
      const i = doc.tokens[a]!;
      if (i < 0 || i >= vocabSize) throw new RangeError(`token id ${i} outside the vocabulary`);
      const wi = (doc.weights?.[a] ?? 1) * scale;
      const row = rows[i]!;
      for (let b = 0; b < n; b++) {
        if (b === a) continue;
        const j = doc.tokens[b]!;
        if (j === i) continue;
        row.set(j, (row.get(j) ?? 0) + wi * (doc.weights?.[b] ?? 1));
      }
    }
  }
  return mapsToCsr(rows, vocabSize);
}

function mapsToCsr(rows: readonly Map<number, number>[], cols: number): CsrMatrix {
  const rowPtr = new Int32Array(rows.length + 1);
  rows.forEach((row, r) => (rowPtr[r + 1] = rowPtr[r]! + row.size));
  const colIdx = new Int32Array(rowPtr[rows.length]!);
  const values = new Float64Array(colIdx.length);
  rows.forEach((row, r) => {
    let p = rowPtr[r]!;
    for (const c of [...row.keys()].sort((x, y) => x - y)) {
      colIdx[p] = c;
      values[p++] = row.get(c)!;
    }
  });
  return { rows: rows.length, cols, rowPtr, colIdx, values };
}

/** Context-distribution smoothing exponent (Levy et al.): lifts rare contexts' probability. */
export const DEFAULT_CONTEXT_ALPHA = 0.75;

/**
 * PPMI(i, j) = max(0, log(P(i, j) / (P(i) · Pα(j)))), with P(i, j) = c_ij / T, P(i) = c_i / T
 * (row sums) and Pα(j) = c_j^α / Σ_k c_k^α (column sums). Non-positive entries are dropped.
 */
export function ppmiMatrix(counts: CsrMatrix, alpha: number = DEFAULT_CONTEXT_ALPHA): CsrMatrix {
  const rowSum = new Float64Array(counts.rows);
  const colSum = new Float64Array(counts.cols);
  let total = 0;
  for (let r = 0; r < counts.rows; r++) {
    for (let p = counts.rowPtr[r]!; p < counts.rowPtr[r + 1]!; p++) {
      const v = counts.values[p]!;
      rowSum[r]! += v;
      colSum[counts.colIdx[p]!]! += v;
      total += v;
    }
  }
  let smoothedTotal = 0;
  for (const c of colSum) smoothedTotal += c ** alpha;

  const rowPtr = new Int32Array(counts.rows + 1);
  const colIdx: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < counts.rows; r++) {
    for (let p = counts.rowPtr[r]!; p < counts.rowPtr[r + 1]!; p++) {
      const c = counts.colIdx[p]!;
      const v = counts.values[p]!;
      if (v <= 0) continue;
      const pmi = Math.log(v / total) - Math.log(rowSum[r]! / total) - Math.log(colSum[c]! ** alpha / smoothedTotal);
      if (pmi > 0) {
        colIdx.push(c);
        values.push(pmi);
      }
    }
    rowPtr[r + 1] = colIdx.length;
  }
  return { rows: counts.rows, cols: counts.cols, rowPtr, colIdx: Int32Array.from(colIdx), values: Float64Array.from(values) };
}
