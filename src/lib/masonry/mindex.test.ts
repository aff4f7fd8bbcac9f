import { describe, expect, it } from 'vitest';
import { mindex } from './mindex';

describe('mindex', () => {
  it.each([
    [[0], 0],
    [[5, 3, 9], 1],
    [[4, 4, 4], 0],
    [[9, 2, 2], 1],
    [[3, 7, 1, 1], 2],
  ])('%j → %i', (heights, expected) => {
    expect(mindex(heights)).toBe(expected);
  });
});
