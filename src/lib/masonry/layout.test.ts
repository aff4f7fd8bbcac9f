import { describe, expect, it } from 'vitest';
import type { Grid } from './grid';
import {
  appendToLayout,
  cardHeight,
  emptyLayout,
  imageHeight,
  layoutHeight,
  layoutItems,
} from './layout';

const grid = (columnCount: number, overrides: Partial<Grid> = {}): Grid => ({
  columnCount,
  columnWidth: 236,
  gutter: 16,
  offsetLeft: 0,
  captionHeight: 48,
  ...overrides,
});

describe('imageHeight / cardHeight', () => {
  it.each([
    [{ width: 236, height: 100 }, 236, 100],
    [{ width: 472, height: 300 }, 236, 150],
    [{ width: 100, height: 33 }, 236, 78], // 77.88 rounds up
    [{ width: 236, height: 236 }, 200, 200],
    [{ width: 0, height: 50 }, 236, 0],
  ])('%j at %i px → %i', (item, columnWidth, expected) => {
    expect(imageHeight(item, columnWidth)).toBe(expected);
  });

  it('adds the caption', () => {
    expect(cardHeight({ width: 236, height: 100 }, grid(1))).toBe(148);
  });
});

describe.each([
  {
    name: '3 items in 2 columns',
    grid: grid(2),
    items: [
      { width: 236, height: 100 },
      { width: 236, height: 200 },
      { width: 236, height: 50 },
    ],
    positions: [
      { top: 0, left: 0, width: 236, height: 148 },
      { top: 0, left: 252, width: 236, height: 248 },
      { top: 164, left: 0, width: 236, height: 98 },
    ],
    columnHeights: [278, 264],
    height: 262,
  },
  {
    name: 'equal items fill left to right (ties → leftmost)',
    grid: grid(3, { offsetLeft: 18 }),
    items: [
      { width: 236, height: 52 },
      { width: 236, height: 52 },
      { width: 236, height: 52 },
      { width: 236, height: 52 },
    ],
    positions: [
      { top: 0, left: 18, width: 236, height: 100 },
      { top: 0, left: 270, width: 236, height: 100 },
      { top: 0, left: 522, width: 236, height: 100 },
      { top: 116, left: 18, width: 236, height: 100 },
    ],
    columnHeights: [232, 116, 116],
    height: 216,
  },
  {
    name: 'shortest column wins even if it is the rightmost',
    grid: grid(3),
    items: [
      { width: 236, height: 300 },
      { width: 236, height: 200 },
      { width: 236, height: 100 },
      { width: 236, height: 10 },
    ],
    positions: [
      { top: 0, left: 0, width: 236, height: 348 },
      { top: 0, left: 252, width: 236, height: 248 },
      { top: 0, left: 504, width: 236, height: 148 },
      { top: 164, left: 504, width: 236, height: 58 },
    ],
    columnHeights: [364, 264, 238],
    height: 348,
  },
  {
    name: 'images wider than the column are scaled down',
    grid: grid(1, { columnWidth: 200, captionHeight: 0 }),
    items: [
      { width: 400, height: 100 },
      { width: 100, height: 100 },
    ],
    positions: [
      { top: 0, left: 0, width: 200, height: 50 },
      { top: 66, left: 0, width: 200, height: 200 },
    ],
    columnHeights: [282],
    height: 266,
  },
])('layoutItems: $name', ({ grid: g, items, positions, columnHeights, height }) => {
  const state = layoutItems(g, items);

  it('places every item exactly', () => {
    expect(state.positions).toEqual(positions);
    expect(state.columnHeights).toEqual(columnHeights);
    expect(layoutHeight(state)).toBe(height);
  });

  it('gives the same result when items are appended one page at a time', () => {
    let incremental = emptyLayout(g);
    for (const item of items) incremental = appendToLayout(incremental, [item]);
    expect(incremental.positions).toEqual(positions);
    expect(incremental.columnHeights).toEqual(columnHeights);
  });
});

describe('appendToLayout', () => {
  it('never moves items that were already placed', () => {
    const first = layoutItems(grid(2), [
      { width: 236, height: 100 },
      { width: 236, height: 40 },
    ]);
    const before = first.positions.map((p) => ({ ...p }));
    const next = appendToLayout(first, [{ width: 236, height: 500 }]);
    expect(next.positions.slice(0, 2)).toEqual(before);
    expect(next.positions[2]).toEqual({ top: 104, left: 252, width: 236, height: 548 });
    // The previous state is not mutated.
    expect(first.positions).toHaveLength(2);
    expect(first.columnHeights).toEqual([164, 104]);
  });

  it('an empty layout has height 0', () => {
    expect(layoutHeight(emptyLayout(grid(4)))).toBe(0);
  });
});
