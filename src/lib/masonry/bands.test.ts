/** Full-width blocks (the results page's modules) in the masonry layout: layout.ts `Band`. */
import { describe, expect, it } from 'vitest';
import type { Grid } from './grid';
import { appendToLayout, emptyLayout, layoutHeight, layoutItems } from './layout';

const grid: Grid = {
  columnCount: 3,
  columnWidth: 100,
  gutter: 10,
  offsetLeft: 5,
  captionHeight: 0,
};
const items = (...heights: number[]) => heights.map((height) => ({ width: 100, height }));

describe('bands in the masonry layout', () => {
  it('puts a band below every column after its items, full width, and the next items below it', () => {
    const state = layoutItems(grid, items(100, 200, 50, 70, 80), [{ afterIndex: 3, height: 300 }]);
    // Columns after three items: 110, 210, 60 → the band starts at the tallest, 210.
    expect(state.bandRects).toEqual([{ top: 210, left: 5, width: 320, height: 300 }]);
    const below = 210 + 300 + 10;
    expect(state.positions[3]).toMatchObject({ top: below, left: 5 });
    expect(state.positions[4]).toMatchObject({ top: below, left: 115 });
    // The items before it never move.
    expect(state.positions.slice(0, 3)).toEqual(layoutItems(grid, items(100, 200, 50)).positions);
  });

  it('places the same bands whether the items come at once or page by page', () => {
    const bands = [
      { afterIndex: 2, height: 50 },
      { afterIndex: 4, height: 60 },
    ];
    const all = layoutItems(grid, items(10, 20, 30, 40, 50, 60), bands);
    let paged = emptyLayout(grid, bands);
    for (const page of [items(10, 20), items(30, 40), items(50, 60)])
      paged = appendToLayout(paged, page);
    expect(paged).toEqual(all);
  });

  it('places a band due after the last item at once, so the grid is tall enough for it', () => {
    const state = layoutItems(grid, items(100, 100), [{ afterIndex: 2, height: 300 }]);
    expect(state.bandRects).toHaveLength(1);
    expect(layoutHeight(state)).toBe(110 + 300);
  });

  it('sorts bands by where they go, and leaves a layout without bands as it was', () => {
    const state = layoutItems(grid, items(10, 10, 10, 10), [
      { afterIndex: 3, height: 20 },
      { afterIndex: 1, height: 40 },
    ]);
    expect(state.bandRects!.map((r) => r.height)).toEqual([40, 20]);
    expect(layoutItems(grid, items(10, 20))).not.toHaveProperty('bands');
  });
});
