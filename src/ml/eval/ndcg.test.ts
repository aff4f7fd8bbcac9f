import { describe, expect, it } from 'vitest';
import { dcgAtK, ndcgAtK, orderByScore } from './ndcg';

describe('NDCG', () => {
  it('uses exponential gains and log2 discounts', () => {
    // gains 7, 3, 0 at positions 1, 2, 3
    expect(dcgAtK([3, 2, 0], 10)).toBeCloseTo(7 + 3 / Math.log2(3), 12);
    expect(dcgAtK([3, 2, 0], 1)).toBe(7);
  });

  it('is 1 for the ideal order and the DCG ratio otherwise', () => {
    expect(ndcgAtK([3, 2, 0], [0, 1, 2], 10)).toBe(1);
    const reversed = (0 + 3 / Math.log2(3) + 7 / 2) / (7 + 3 / Math.log2(3));
    expect(ndcgAtK([3, 2, 0], [2, 1, 0], 10)).toBeCloseTo(reversed, 12);
    expect(ndcgAtK([0, 0], [0, 1], 10)).toBeNull();
  });

  it('orders by descending score, ties in server order', () => {
    expect(orderByScore([0.1, 0.5, 0.5, -1])).toEqual([1, 2, 0, 3]);
  });
});
