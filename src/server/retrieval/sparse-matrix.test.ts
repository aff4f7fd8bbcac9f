import { describe, expect, it } from 'vitest';
import { csrFromTriplets, csrMulDense, csrToDense, csrTransposeMulDense } from './sparse-matrix';

// A = [[1, 0, 2],
//      [0, 3, 0]]
const a = csrFromTriplets(2, 3, { rowIdx: [1, 0, 0, 0], colIdx: [1, 2, 0, 2], values: [3, 1, 1, 1] });

describe('csrFromTriplets', () => {
  it('sorts entries by row and column and sums repeated positions', () => {
    expect(Array.from(a.rowPtr)).toEqual([0, 2, 3]);
    expect(Array.from(a.colIdx)).toEqual([0, 2, 1]);
    expect(Array.from(a.values)).toEqual([1, 2, 3]);
    expect(Array.from(csrToDense(a))).toEqual([1, 0, 2, 0, 3, 0]);
  });

  it('rejects entries outside the matrix', () => {
    expect(() => csrFromTriplets(1, 1, { rowIdx: [0], colIdx: [1], values: [1] })).toThrow(RangeError);
  });
});

describe('products with thin dense matrices', () => {
  it('A · X', () => {
    // X = [[1, 0], [0, 1], [1, 1]] → A·X = [[3, 2], [0, 3]]
    expect(Array.from(csrMulDense(a, Float64Array.from([1, 0, 0, 1, 1, 1]), 2))).toEqual([3, 2, 0, 3]);
  });

  it('Aᵀ · X without forming Aᵀ', () => {
    // X = [[1], [2]] → Aᵀ·X = [1, 6, 2]
    expect(Array.from(csrTransposeMulDense(a, Float64Array.from([1, 2]), 1))).toEqual([1, 6, 2]);
  });

  it('checks shapes', () => {
    expect(() => csrMulDense(a, new Float64Array(4), 2)).toThrow(RangeError);
    expect(() => csrTransposeMulDense(a, new Float64Array(3), 1)).toThrow(RangeError);
  });
});
