import {
  DEFAULT_COLUMN_WIDTH,
  DEFAULT_GUTTER,
  DEFAULT_MAX_COLUMNS,
  MIN_COLUMNS,
} from './constants';

export interface ColumnCountParams {
  containerWidth: number;
  columnWidth?: number;
  gutter?: number;
  maxColumns?: number;
}

/**
 * How many columns fit: n columns need n*columnWidth + (n-1)*gutter, so
 * n = floor((containerWidth + gutter) / (columnWidth + gutter)).
 * Never fewer than one column: a container narrower than a column still shows
 * a (narrowed) column rather than nothing — see resolveGrid.
 */
export function getColumnCount({
  containerWidth,
  columnWidth = DEFAULT_COLUMN_WIDTH,
  gutter = DEFAULT_GUTTER,
  maxColumns = DEFAULT_MAX_COLUMNS,
}: ColumnCountParams): number {
  const fit = Math.floor((Math.max(0, containerWidth) + gutter) / (columnWidth + gutter));
  return Math.min(Math.max(MIN_COLUMNS, maxColumns), Math.max(MIN_COLUMNS, fit));
}
