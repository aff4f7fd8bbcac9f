import { getColumnCount } from './get-column-count';
import {
  DEFAULT_CAPTION_HEIGHT,
  DEFAULT_COLUMN_WIDTH,
  DEFAULT_GUTTER,
  DEFAULT_MAX_COLUMNS,
  DEFAULT_MIN_COLUMN_WIDTH,
  NARROW_COLUMNS,
} from './constants';

/** Everything the placement step needs to know about the grid, resolved from a container width. */
export interface Grid {
  columnCount: number;
  columnWidth: number;
  gutter: number;
  /** Left offset of the first column so the grid is centred in its container. */
  offsetLeft: number;
  captionHeight: number;
}

export interface ResolveGridParams {
  containerWidth: number;
  columnWidth?: number;
  gutter?: number;
  maxColumns?: number;
  captionHeight?: number;
  /** Narrowest column allowed when shrinking columns to fit two on a phone. */
  minColumnWidth?: number;
}

/** Total width of `columnCount` columns and the gutters between them. */
export function gridWidth({
  columnCount,
  columnWidth,
  gutter,
}: Pick<Grid, 'columnCount' | 'columnWidth' | 'gutter'>): number {
  return columnCount * columnWidth + Math.max(0, columnCount - 1) * gutter;
}

export function resolveGrid({
  containerWidth,
  columnWidth = DEFAULT_COLUMN_WIDTH,
  gutter = DEFAULT_GUTTER,
  maxColumns = DEFAULT_MAX_COLUMNS,
  captionHeight = DEFAULT_CAPTION_HEIGHT,
  minColumnWidth = DEFAULT_MIN_COLUMN_WIDTH,
}: ResolveGridParams): Grid {
  const width = Math.max(0, Math.floor(containerWidth));
  let columnCount = getColumnCount({ containerWidth: width, columnWidth, gutter, maxColumns });
  let resolvedColumnWidth = columnWidth;
  if (columnCount < NARROW_COLUMNS && maxColumns >= NARROW_COLUMNS) {
    // Phones: one full-width column wastes the screen; two narrower ones read like a
    // masonry grid. Only when even those would be too narrow, fall back to one column.
    const narrowWidth = Math.floor((width - (NARROW_COLUMNS - 1) * gutter) / NARROW_COLUMNS);
    if (narrowWidth >= minColumnWidth) {
      columnCount = NARROW_COLUMNS;
      resolvedColumnWidth = narrowWidth;
    }
  }
  // A container narrower than one column gets a single column that fits, not a clipped one.
  if (columnCount === 1 && width > 0) resolvedColumnWidth = Math.min(columnWidth, width);
  const used = gridWidth({ columnCount, columnWidth: resolvedColumnWidth, gutter });
  return {
    columnCount,
    columnWidth: resolvedColumnWidth,
    gutter,
    offsetLeft: Math.max(0, Math.floor((width - used) / 2)),
    captionHeight,
  };
}

export function sameGrid(a: Grid, b: Grid): boolean {
  return (
    a.columnCount === b.columnCount &&
    a.columnWidth === b.columnWidth &&
    a.gutter === b.gutter &&
    a.offsetLeft === b.offsetLeft &&
    a.captionHeight === b.captionHeight
  );
}
