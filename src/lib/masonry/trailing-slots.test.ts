import { describe, expect, it } from 'vitest';
import type { Grid } from './grid';
import { layoutItems } from './layout';
import { MIN_TRAILING_SLOT_PX, trailingSlots } from './trailing-slots';

const grid: Grid = {
  columnCount: 2,
  columnWidth: 100,
  gutter: 10,
  offsetLeft: 5,
  captionHeight: 20,
};

describe('trailingSlots', () => {
  // Items: 100×100 → card 120 in column 0; 100×50 → card 70 in column 1.
  // Column bottoms (with gutter): 130 and 80.
  const state = layoutItems(grid, [
    { width: 100, height: 100 },
    { width: 100, height: 50 },
  ]);

  it('continues each column from its own bottom, cycling the heights per column', () => {
    expect(trailingSlots(state, { bottom: 400, heights: [100, 150] })).toEqual([
      // Column 0 from 130: 100, then 150, then 400 − 400 = 0 left.
      { top: 130, left: 5, width: 100, height: 100 },
      { top: 240, left: 5, width: 100, height: 150 },
      // Column 1 from 80: starts one step later in the cycle, 150, then 100, then 400 − 350 = 50 < 64.
      { top: 80, left: 115, width: 100, height: 150 },
      { top: 240, left: 115, width: 100, height: 100 },
    ]);
  });

  it('cuts the last slot of a column to end at the bottom when enough is left', () => {
    const slots = trailingSlots(state, { bottom: 130 + MIN_TRAILING_SLOT_PX, heights: [200] });
    expect(slots).toEqual([
      { top: 130, left: 5, width: 100, height: MIN_TRAILING_SLOT_PX },
      { top: 80, left: 115, width: 100, height: 114 },
    ]);
  });

  it('draws nothing above the columns, or without heights', () => {
    expect(trailingSlots(state, { bottom: 100, heights: [100] })).toEqual([]);
    expect(trailingSlots(state, { bottom: 1000, heights: [] })).toEqual([]);
  });
});
