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

export interface LayoutState {
  grid: Grid;
  /** One rect per placed item, in input order. Never rewritten once placed. */
  positions: readonly Rect[];
  /** Bottom of each column including the trailing gutter: where the next item would go. */
  columnHeights: readonly number[];
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

export function emptyLayout(grid: Grid): LayoutState {
  return { grid, positions: [], columnHeights: new Array<number>(grid.columnCount).fill(0) };
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
  for (const item of items) {
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
  return { grid, positions, columnHeights: heights };
}

export function layoutItems(grid: Grid, items: readonly Sized[]): LayoutState {
  return appendToLayout(emptyLayout(grid), items);
}

/** Height of the container that holds the layout: the tallest column, without its trailing gutter. */
export function layoutHeight(state: LayoutState): number {
  if (state.positions.length === 0) return 0;
  return Math.max(0, Math.max(...state.columnHeights) - state.grid.gutter);
}
