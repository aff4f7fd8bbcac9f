import { describe, expect, it } from 'vitest';
import { cooccurrenceMatrix, ppmiMatrix } from './ppmi';
import { csrFromTriplets, csrToDense } from './sparse-matrix';

describe('cooccurrenceMatrix', () => {
  it('adds w_i · w_j / (n − 1) for every pair in a document, symmetrically', () => {
    const m = cooccurrenceMatrix(
      [
        { tokens: [0, 1, 2] }, // n = 3: each pair adds 1/2
        { tokens: [0, 1], weights: [1, 0.5] }, // n = 2: (0,1) and (1,0) add 0.5
        { tokens: [2] }, // alone: nothing
      ],
      3,
    );
    expect(Array.from(csrToDense(m))).toEqual([0, 1, 0.5, 1, 0, 0.5, 0.5, 0.5, 0]);
  });

  it('rejects token ids outside the vocabulary', () => {
    expect(() => cooccurrenceMatrix([{ tokens: [0, 5] }], 2)).toThrow(RangeError);
  });
});

describe('ppmiMatrix', () => {
  it('is log 2 for two words that only occur together (α = 1)', () => {
    // P(0,1) = 1/2, P(0) = P(1) = 1/2 → PMI = log((1/2) / (1/4)) = log 2.
    const counts = csrFromTriplets(2, 2, { rowIdx: [0, 1], colIdx: [1, 0], values: [2, 2] });
    expect(Array.from(csrToDense(ppmiMatrix(counts, 1)))).toEqual([0, Math.LN2, Math.LN2, 0]);
  });

  it('drops negative associations and applies context smoothing', () => {
    // Counts: (0,1) = 1, (0,2) = 3 and symmetric. Row sums 4, 1, 3; total 8.
    const counts = csrFromTriplets(3, 3, { rowIdx: [0, 1, 0, 2], colIdx: [1, 0, 2, 0], values: [1, 1, 3, 3] });
    const exact = csrToDense(ppmiMatrix(counts, 1));
    // PMI(0,1) = log((1/8) / ((4/8)(1/8))) = log 2; PMI(0,2) = log((3/8) / ((4/8)(3/8))) = log 2;
    // PMI(1,0) = log((1/8) / ((1/8)(4/8))) = log 2; all positive here.
    expect(Array.from(exact).map((x) => Number(x.toFixed(12)))).toEqual(
      [0, Math.LN2, Math.LN2, Math.LN2, 0, 0, Math.LN2, 0, 0].map((x) => Number(x.toFixed(12))),
    );
    // α = 0.75 lifts rare contexts: Pα(1) = 1/(1 + 4^.75 + 3^.75) > P(1) = 1/8, so PMI(0,1) falls.
    const smoothed = csrToDense(ppmiMatrix(counts, 0.75));
    const p1 = 1 / (1 + 4 ** 0.75 + 3 ** 0.75);
    expect(smoothed[1]).toBeCloseTo(Math.log(1 / 8 / ((4 / 8) * p1)), 12);
    const p0 = 4 ** 0.75 / (1 + 4 ** 0.75 + 3 ** 0.75);
    // PMI(1,0) = log((1/8) / ((1/8) · Pα(0))) = −log Pα(0) > 0.
    expect(smoothed[3]).toBeCloseTo(-Math.log(p0), 12);
  });

  it('keeps only positive entries', () => {
    // Word 0 co-occurs mostly with 1; its single co-occurrence with 2 is below chance.
    const counts = csrFromTriplets(3, 3, {
      rowIdx: [0, 1, 0, 2, 1, 2],
      colIdx: [1, 0, 2, 0, 2, 1],
      values: [10, 10, 1, 1, 10, 10],
    });
    const m = ppmiMatrix(counts, 1);
    expect(Array.from(m.values).every((x) => x > 0)).toBe(true);
    expect(csrToDense(m)[2]).toBe(0);
  });
});
