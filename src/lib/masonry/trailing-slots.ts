import type { LayoutState, Rect } from './layout';

/** A slot shorter than this is left empty rather than drawn as a sliver. */
export const MIN_TRAILING_SLOT_PX = 64;

export interface TrailingSlotsParams {
  /** Fill down to this y (container coordinates). */
  bottom: number;
  /** Heights to draw, used in turn (offset per column so neighbours differ). */
  heights: readonly number[];
}

/**
 * Placeholder slots that continue every column below the items already placed, down to
 * `bottom`: what the grid shows in the space it keeps for the page still to come. Each column
 * starts at its own bottom (`columnHeights`), so the placeholders read as the grid going on;
 * the last slot of a column is cut to end at `bottom`, or left out when that leaves less than
 * MIN_TRAILING_SLOT_PX.
 */
export function trailingSlots(
  state: LayoutState,
  { bottom, heights }: TrailingSlotsParams,
): Rect[] {
  const { grid } = state;
  const slots: Rect[] = [];
  if (heights.length === 0) return slots;
  state.columnHeights.forEach((columnTop, column) => {
    let top = columnTop;
    for (let k = 0; ; k++) {
      const height = Math.min(heights[(column + k) % heights.length]!, bottom - top);
      if (height < MIN_TRAILING_SLOT_PX) break;
      slots.push({
        top,
        left: grid.offsetLeft + column * (grid.columnWidth + grid.gutter),
        width: grid.columnWidth,
        height,
      });
      top += height + grid.gutter;
    }
  });
  return slots;
}
