import { describe, expect, it } from 'vitest';
import { mul, orthonormalizeColumns, symmetricEigen, transposeMul } from './dense';

describe('symmetricEigen', () => {
  it('diagonalizes [[2, 1], [1, 2]]: eigenvalues 3 and 1, eigenvectors (1, ±1)/√2', () => {
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect(values[0]).toBeCloseTo(3, 12);
    expect(values[1]).toBeCloseTo(1, 12);
    const h = Math.SQRT1_2;
    // Columns: first (h, h) up to sign, second (h, -h) up to sign.
    expect(Math.abs(vectors[0]!)).toBeCloseTo(h, 12);
    expect(vectors[0]! * vectors[2]!).toBeCloseTo(0.5, 12);
    expect(vectors[1]! * vectors[3]!).toBeCloseTo(-0.5, 12);
  });

  it('orders eigenvalues descending and reconstructs the matrix', () => {
    const m = Float64Array.from([4, 1, 0, 1, 3, 1, 0, 1, 5]);
    const { values, vectors } = symmetricEigen(m, 3);
    expect(values[0]! >= values[1]! && values[1]! >= values[2]!).toBe(true);
    // V Λ Vᵀ = M
    const lambda = Float64Array.from([values[0]!, 0, 0, 0, values[1]!, 0, 0, 0, values[2]!]);
    const vt = Float64Array.from({ length: 9 }, (_, i) => vectors[(i % 3) * 3 + Math.floor(i / 3)]!);
    const back = mul(mul(vectors, lambda, 3, 3, 3), vt, 3, 3, 3);
    back.forEach((x, i) => expect(x).toBeCloseTo(m[i]!, 10));
  });
});

describe('orthonormalizeColumns', () => {
  it('turns columns (1, 1) and (1, 0) into an orthonormal basis spanning the same plane', () => {
    const x = Float64Array.from([1, 1, 1, 0]);
    orthonormalizeColumns(x, 2, 2);
    const h = Math.SQRT1_2;
    expect(Array.from(x).map((v) => Number(v.toFixed(12)))).toEqual([h, h, h, -h].map((v) => Number(v.toFixed(12))));
  });

  it('leaves a linearly dependent column at zero', () => {
    const x = Float64Array.from([1, 2, 2, 4]); // column 2 = 2 × column 1
    orthonormalizeColumns(x, 2, 2);
    expect(Math.abs(x[1]!) + Math.abs(x[3]!)).toBeLessThan(1e-9);
  });
});

describe('transposeMul', () => {
  it('computes Aᵀ B', () => {
    // A = [[1, 2], [3, 4]], B = [[1], [1]] → Aᵀ B = [4, 6]
    expect(Array.from(transposeMul(Float64Array.from([1, 2, 3, 4]), Float64Array.from([1, 1]), 2, 2, 1))).toEqual([4, 6]);
  });
});
