import { describe, expect, it } from 'vitest';
import { nextRovingIndex } from './roving-focus';

describe('nextRovingIndex', () => {
  it.each([
    ['ArrowRight', 0, 1],
    ['ArrowRight', 3, 0],
    ['ArrowLeft', 2, 1],
    ['ArrowLeft', 0, 3],
    ['Home', 2, 0],
    ['End', 0, 3],
    ['ArrowDown', 1, null],
    ['Enter', 1, null],
  ])('%s from %i of 4 → %s', (key, current, expected) => {
    expect(nextRovingIndex(key, current, 4)).toBe(expected);
  });

  it.each([
    ['ArrowLeft', 0, 1],
    ['ArrowLeft', 3, 0],
    ['ArrowRight', 2, 1],
    ['ArrowRight', 0, 3],
    ['Home', 2, 0],
    ['End', 0, 3],
  ])(
    'right to left, %s from %i of 4 → %s (the arrow’s side of the screen)',
    (key, current, expected) => {
      expect(nextRovingIndex(key, current, 4, 'rtl')).toBe(expected);
    },
  );

  it('does nothing without chips', () => {
    expect(nextRovingIndex('ArrowRight', 0, 0)).toBeNull();
  });
});
