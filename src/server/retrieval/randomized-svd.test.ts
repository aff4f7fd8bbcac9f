import { describe, expect, it } from 'vitest';
import { truncatedSvd } from './randomized-svd';
import { csrFromTriplets, type CsrMatrix } from './sparse-matrix';

function dense(rows: number, cols: number, values: number[]): CsrMatrix {
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  values.forEach((x, i) => {
    if (x === 0) return;
    r.push(Math.floor(i / cols));
    c.push(i % cols);
    v.push(x);
  });
  return csrFromTriplets(rows, cols, { rowIdx: r, colIdx: c, values: v });
}

const round = (xs: ArrayLike<number>, digits = 9) => Array.from(xs, (x) => Number(x.toFixed(digits)) + 0);

describe('truncatedSvd', () => {
  it('recovers the singular values and vectors of a diagonal matrix', () => {
    const { s, u, v } = truncatedSvd(dense(3, 3, [3, 0, 0, 0, 1, 0, 0, 0, 2]), 2);
    expect(round(s)).toEqual([3, 2]);
    // Canonical signs: each left vector's largest entry is positive.
    expect(round(u)).toEqual([1, 0, 0, 0, 0, 1]);
    expect(round(v)).toEqual([1, 0, 0, 0, 0, 1]);
  });

  it('factors a rank-one matrix [[1, 2], [2, 4]] = 5 · (1, 2)/√5 · (1, 2)ᵀ/√5', () => {
    const { s, u, v } = truncatedSvd(dense(2, 2, [1, 2, 2, 4]), 1);
    expect(round(s)).toEqual([5]);
    expect(round(u)).toEqual(round([1 / Math.sqrt(5), 2 / Math.sqrt(5)]));
    expect(round(v)).toEqual(round([1 / Math.sqrt(5), 2 / Math.sqrt(5)]));
  });

  it('reconstructs a full-rank rectangular matrix at full rank: U Σ Vᵀ = A', () => {
    const values = [2, -1, 0, 1, 3, 1, 0, 1, 4, -2, 0, 1];
    const { s, u, v } = truncatedSvd(dense(4, 3, values), 3);
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 3; j++) {
        let x = 0;
        for (let k = 0; k < 3; k++) x += u[i * 3 + k]! * s[k]! * v[j * 3 + k]!;
        expect(x).toBeCloseTo(values[i * 3 + j]!, 9);
      }
    }
    expect(s[0]! >= s[1]! && s[1]! >= s[2]!).toBe(true);
  });

  it('is deterministic for a seed', () => {
    const a = dense(4, 3, [1, 2, 0, 0, 1, 3, 4, 0, 1, 1, 1, 1]);
    expect(Array.from(truncatedSvd(a, 2, { seed: 7 }).u)).toEqual(Array.from(truncatedSvd(a, 2, { seed: 7 }).u));
  });

  it('refuses ranks the matrix cannot have', () => {
    expect(() => truncatedSvd(dense(2, 2, [1, 0, 0, 1]), 3)).toThrow(RangeError);
    expect(() => truncatedSvd(dense(2, 2, [1, 0, 0, 1]), 0)).toThrow(RangeError);
  });
});
