import { describe, expect, it } from 'vitest';
import { getColumnCount } from './get-column-count';

describe('getColumnCount (column 236, gutter 16, max 8)', () => {
  it.each([
    [0, 1],
    [-50, 1],
    [235, 1],
    [236, 1],
    [487, 1],
    [488, 2],
    [739, 2],
    [740, 3],
    [1280, 5],
    [2020, 8],
    [4000, 8],
  ])('width %i → %i columns', (containerWidth, expected) => {
    expect(getColumnCount({ containerWidth })).toBe(expected);
  });

  it('honours custom column width, gutter and max', () => {
    expect(
      getColumnCount({ containerWidth: 1000, columnWidth: 100, gutter: 0, maxColumns: 20 }),
    ).toBe(10);
    expect(getColumnCount({ containerWidth: 1280, maxColumns: 3 })).toBe(3);
    expect(getColumnCount({ containerWidth: 1280, maxColumns: 0 })).toBe(1);
  });
});
