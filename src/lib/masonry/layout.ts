import type { Grid } from './grid';
import { mindex } from './mindex';

/** What the layout needs to know about an item: the intrinsic size of its image. */
export interface Sized {
  width: number;
  height: number;
}

export interface Rect {
  top: number;
  left: number;
  width: number;
  height: number;
}

/**
 * A full-width block in the grid (a results-page module, Gestalt's column span): it goes below
 * every column once `afterIndex` items are placed, and the items after it start below it.
 */
export interface Band {
  afterIndex: number;
  height: number;
}

export interface LayoutState {
  grid: Grid;
  /** One rect per placed item, in input order. Never rewritten once placed. */
  positions: readonly Rect[];
  /** Bottom of each column including the trailing gutter: where the next item would go. */
  columnHeights: readonly number[];
  /** The blocks to place, by afterIndex (emptyLayout sorts them). */
  bands?: readonly Band[];
  /** One rect per block placed so far, in `bands` order. */
  bandRects?: readonly Rect[];
}

/** Image height scaled to the column width (rounded to whole px). */
export function imageHeight(item: Sized, columnWidth: number): number {
  if (item.width <= 0) return 0;
  return Math.round((item.height * columnWidth) / item.width);
}

/** Card height: the scaled image plus the fixed caption below it. */
export function cardHeight(item: Sized, grid: Pick<Grid, 'columnWidth' | 'captionHeight'>): number {
  return imageHeight(item, grid.columnWidth) + grid.captionHeight;
}

export function emptyLayout(grid: Grid, bands: readonly Band[] = []): LayoutState {
  return {
    grid,
    positions: [],
    columnHeights: new Array<number>(grid.columnCount).fill(0),
    ...(bands.length > 0
      ? { bands: [...bands].sort((a, b) => a.afterIndex - b.afterIndex), bandRects: [] }
      : {}),
  };
}

/** Places the blocks due after `placed` items: each below the tallest column, full width. */
function placeBands(
  grid: Grid,
  bands: readonly Band[],
  bandRects: Rect[],
  heights: number[],
  placed: number,
): void {
  while (bandRects.length < bands.length && bands[bandRects.length]!.afterIndex <= placed) {
    const band = bands[bandRects.length]!;
    const top = Math.max(...heights);
    bandRects.push({
      top,
      left: grid.offsetLeft,
      width: grid.columnCount * grid.columnWidth + (grid.columnCount - 1) * grid.gutter,
      height: band.height,
    });
    heights.fill(top + band.height + grid.gutter);
  }
}

/**
 * Places `items` after those already in `state`: each goes to the currently
 * shortest column (ties → leftmost). Earlier positions are copied untouched,
 * so appending a page never moves what the user already sees.
 */
export function appendToLayout(state: LayoutState, items: readonly Sized[]): LayoutState {
  const { grid } = state;
  const heights = [...state.columnHeights];
  const positions = [...state.positions];
  const bands = state.bands ?? [];
  const bandRects = [...(state.bandRects ?? [])];
  for (const item of items) {
    placeBands(grid, bands, bandRects, heights, positions.length);
    const column = mindex(heights);
    const top = heights[column] as number;
    const height = cardHeight(item, grid);
    positions.push({
      top,
      left: grid.offsetLeft + column * (grid.columnWidth + grid.gutter),
      width: grid.columnWidth,
      height,
    });
    heights[column] = top + height + grid.gutter;
  }
  // A block due right after the last item goes in now: the grid's height then counts it.
  if (items.length > 0) placeBands(grid, bands, bandRects, heights, positions.length);
  return {
    grid,
    positions,
    columnHeights: heights,
    ...(state.bands ? { bands: state.bands, bandRects } : {}),
  };
}

export function layoutItems(
  grid: Grid,
  items: readonly Sized[],
  bands: readonly Band[] = [],
): LayoutState {
  return appendToLayout(emptyLayout(grid, bands), items);
}

/** Height of the container that holds the layout: the tallest column, without its trailing gutter. */
export function layoutHeight(state: LayoutState): number {
  if (state.positions.length === 0) return 0;
  return Math.max(0, Math.max(...state.columnHeights) - state.grid.gutter);
}
