/** Width of one grid column in CSS px; thumbnails are rendered at exactly this width (1x). */
export const DEFAULT_COLUMN_WIDTH = 236;
/** Space between columns and between cards in a column, in CSS px. */
export const DEFAULT_GUTTER = 16;
export const MIN_COLUMNS = 1;
export const DEFAULT_MAX_COLUMNS = 8;
/** Height reserved below each image for the title (two lines), in CSS px. Must match feed.css. */
export const DEFAULT_CAPTION_HEIGHT = 48;
/** On phones two columns may shrink down to this width before the grid falls back to one column. */
export const DEFAULT_MIN_COLUMN_WIDTH = 150;
/** Column count phones get when full-width columns would leave a single one. */
export const NARROW_COLUMNS = 2;
