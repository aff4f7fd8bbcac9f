/**
 * Compressed sparse row (CSR) matrices: the co-occurrence and PPMI matrices have a few
 * hundred thousand non-zeros over a vocabulary of thousands, so only products with thin
 * dense matrices (n × k, k ≈ 40) are ever needed.
 */

export interface CsrMatrix {
  rows: number;
  cols: number;
  /** Row i's entries are at [rowPtr[i], rowPtr[i + 1]). */
  rowPtr: Int32Array;
  /** Column of each entry, ascending within a row. */
  colIdx: Int32Array;
  values: Float64Array;
}

/** Builds a CSR matrix from (row, col, value) triplets; repeated positions are summed. */
export function csrFromTriplets(
  rows: number,
  cols: number,
  triplets: { rowIdx: ArrayLike<number>; colIdx: ArrayLike<number>; values: ArrayLike<number> },
): CsrMatrix {
  const n = triplets.values.length;
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < n; i++) {
    const r = triplets.rowIdx[i]!;
    const c = triplets.colIdx[i]!;
    if (r < 0 || r >= rows || c < 0 || c >= cols) throw new RangeError(`entry (${r}, ${c}) outside ${rows}×${cols}`);
  }
  order.sort((a, b) => triplets.rowIdx[a]! - triplets.rowIdx[b]! || triplets.colIdx[a]! - triplets.colIdx[b]!);
  const rowPtr = new Int32Array(rows + 1);
  const colIdx: number[] = [];
  const values: number[] = [];
  let lastRow = -1;
  let lastCol = -1;
  for (const i of order) {
    const r = triplets.rowIdx[i]!;
    const c = triplets.colIdx[i]!;
    if (r === lastRow && c === lastCol) {
      values[values.length - 1]! += triplets.values[i]!;
      continue;
    }
    colIdx.push(c);
    values.push(triplets.values[i]!);
    rowPtr[r + 1]!++;
    lastRow = r;
    lastCol = c;
  }
  for (let r = 0; r < rows; r++) rowPtr[r + 1]! += rowPtr[r]!;
  return { rows, cols, rowPtr, colIdx: Int32Array.from(colIdx), values: Float64Array.from(values) };
}

/** The dense form (row-major), for tests and tiny matrices. */
export function csrToDense(a: CsrMatrix): Float64Array {
  const out = new Float64Array(a.rows * a.cols);
  for (let r = 0; r < a.rows; r++) {
    for (let p = a.rowPtr[r]!; p < a.rowPtr[r + 1]!; p++) out[r * a.cols + a.colIdx[p]!] = a.values[p]!;
  }
  return out;
}

/** A · X, with X dense row-major (a.cols × k); returns a.rows × k. */
export function csrMulDense(a: CsrMatrix, x: Float64Array, k: number): Float64Array {
  if (x.length !== a.cols * k) throw new RangeError(`expected ${a.cols}×${k}, got ${x.length} values`);
  const out = new Float64Array(a.rows * k);
  for (let r = 0; r < a.rows; r++) {
    const o = r * k;
    for (let p = a.rowPtr[r]!; p < a.rowPtr[r + 1]!; p++) {
      const v = a.values[p]!;
      const xo = a.colIdx[p]! * k;
      for (let j = 0; j < k; j++) out[o + j]! += v * x[xo + j]!;
    }
  }
  return out;
}

/** Aᵀ · X, with X dense row-major (a.rows × k); returns a.cols × k, without forming Aᵀ. */
export function csrTransposeMulDense(a: CsrMatrix, x: Float64Array, k: number): Float64Array {
  if (x.length !== a.rows * k) throw new RangeError(`expected ${a.rows}×${k}, got ${x.length} values`);
  const out = new Float64Array(a.cols * k);
  for (let r = 0; r < a.rows; r++) {
    const xo = r * k;
    for (let p = a.rowPtr[r]!; p < a.rowPtr[r + 1]!; p++) {
      const v = a.values[p]!;
      const o = a.colIdx[p]! * k;
      for (let j = 0; j < k; j++) out[o + j]! += v * x[xo + j]!;
    }
  }
  return out;
}
