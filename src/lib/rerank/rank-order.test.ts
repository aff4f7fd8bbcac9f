import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invertOrder, orderByScore } from './rank-order';

describe('orderByScore', () => {
  it('orders indices from the highest score to the lowest', () => {
    expect(orderByScore(Float32Array.from([0.1, 0.9, -2, 0.5]))).toEqual([1, 3, 0, 2]);
  });
  it('keeps server order between equal scores', () => {
    expect(orderByScore([1, 2, 1, 2, 1])).toEqual([1, 3, 0, 2, 4]);
  });
  it('puts NaN last, in server order', () => {
    expect(orderByScore([Number.NaN, 0, Number.NaN, -1])).toEqual([1, 3, 0, 2]);
  });
  it('handles infinities without NaN comparisons', () => {
    expect(orderByScore([-Infinity, Infinity, -Infinity, Infinity])).toEqual([1, 3, 0, 2]);
  });
  it('returns nothing for no scores', () => {
    expect(orderByScore([])).toEqual([]);
    expect(orderByScore(new Float32Array(0))).toEqual([]);
  });
  it('orders a Float32Array (the fast path) with the same rules: ties, NaN, ±0, infinities', () => {
    expect(
      orderByScore(Float32Array.from([0, Number.NaN, -0, -Infinity, 2, Infinity, -1e-30, 2])),
    ).toEqual([5, 4, 7, 0, 2, 6, 1, 3]);
  });
  it('gives the same order on the fast path as a plain comparison sort', () => {
    // Few distinct values, so ties are common; the special values are in the mix.
    const score = fc.oneof(
      fc.constantFrom(0, -0, 1, -1, 0.5, Number.NaN, Infinity, -Infinity),
      fc.float({ noNaN: false }),
    );
    fc.assert(
      fc.property(fc.array(score, { maxLength: 300 }), (values) => {
        const scores = Float32Array.from(values);
        const value = (i: number) => (Number.isNaN(scores[i]!) ? -Infinity : scores[i]!);
        const expected = Array.from(scores, (_, i) => i).sort(
          (a, b) => value(b) - value(a) || a - b,
        );
        expect(orderByScore(scores)).toEqual(expected);
      }),
    );
  });
});

describe('invertOrder', () => {
  it('maps each server index to its new position', () => {
    // Shown order: server #1, #3, #0, #2.
    expect(invertOrder([1, 3, 0, 2])).toEqual([2, 0, 3, 1]);
  });
});
