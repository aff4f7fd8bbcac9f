import { describe, expect, it } from 'vitest';
import { gridWidth, resolveGrid, sameGrid } from './grid';

describe('resolveGrid', () => {
  it.each([
    // containerWidth, columnCount, columnWidth, offsetLeft
    [1280, 5, 236, 18],
    [740, 3, 236, 0],
    [1000, 4, 236, 4],
    [900, 3, 236, 80],
    [500, 2, 236, 6],
    [487, 2, 235, 0], // just short of two full columns: two slightly narrower ones
    [400, 2, 192, 0],
    [358, 2, 171, 0], // a 390 px phone minus page padding
    [316, 2, 150, 0], // narrowest two-column grid
    [315, 1, 236, 39], // one full column, centred
    [200, 1, 200, 0],
    [0, 1, 236, 0],
    [4000, 8, 236, 1000],
  ])(
    'width %i → %i columns of %i px, offset %i',
    (containerWidth, columnCount, columnWidth, offsetLeft) => {
      expect(resolveGrid({ containerWidth })).toEqual({
        columnCount,
        columnWidth,
        gutter: 16,
        offsetLeft,
        captionHeight: 48,
      });
    },
  );

  it('keeps one column on phones when maxColumns is 1', () => {
    expect(resolveGrid({ containerWidth: 400, maxColumns: 1 })).toMatchObject({
      columnCount: 1,
      columnWidth: 236,
      offsetLeft: 82,
    });
  });

  it('gridWidth counts gutters only between columns', () => {
    expect(gridWidth({ columnCount: 1, columnWidth: 236, gutter: 16 })).toBe(236);
    expect(gridWidth({ columnCount: 5, columnWidth: 236, gutter: 16 })).toBe(1244);
  });

  it('sameGrid compares every field', () => {
    const a = resolveGrid({ containerWidth: 1280 });
    expect(sameGrid(a, resolveGrid({ containerWidth: 1281 }))).toBe(true);
    expect(sameGrid(a, resolveGrid({ containerWidth: 1290 }))).toBe(false);
    expect(sameGrid(a, { ...a, captionHeight: 0 })).toBe(false);
  });
});
