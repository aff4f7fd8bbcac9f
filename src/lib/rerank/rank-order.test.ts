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
  });
});

describe('invertOrder', () => {
  it('maps each server index to its new position', () => {
    // Shown order: server #1, #3, #0, #2.
    expect(invertOrder([1, 3, 0, 2])).toEqual([2, 0, 3, 1]);
  });
});
