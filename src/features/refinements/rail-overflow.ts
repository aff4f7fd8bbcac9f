/** Whether the chip rail can scroll further toward either end (with sub-pixel slack). */
export interface RailEdges {
  canScrollLeft: boolean;
  canScrollRight: boolean;
}

/** Fractional layouts leave scrollLeft a pixel short of its maximum. */
const SLACK_PX = 1;
/** A scroll button moves the rail by most of its width, keeping a chip of context. */
export const SCROLL_STEP_FRACTION = 0.8;

export function railEdges(
  {
    scrollLeft,
    scrollWidth,
    clientWidth,
  }: {
    scrollLeft: number;
    scrollWidth: number;
    clientWidth: number;
  },
  rtl = false,
): RailEdges {
  // Right to left (Arabic, Hebrew), the rail starts scrolled to its right end: scrollLeft runs
  // from -(scrollWidth - clientWidth) to 0 instead of from 0 to scrollWidth - clientWidth.
  const min = rtl ? clientWidth - scrollWidth : 0;
  const max = rtl ? 0 : scrollWidth - clientWidth;
  return {
    canScrollLeft: scrollLeft > min + SLACK_PX,
    canScrollRight: scrollLeft < max - SLACK_PX,
  };
}

export const scrollStep = (clientWidth: number): number =>
  Math.max(1, Math.round(clientWidth * SCROLL_STEP_FRACTION));
