import type { Rect } from './layout';

export interface ViewportParams {
  /** Window scroll position measured from the top of the grid container (may be negative). */
  scrollTop: number;
  viewportHeight: number;
  /** Extra px rendered above and below the viewport so fast scrolling shows no holes. */
  overscan: number;
}

/** The vertical band [top, bottom] that should be rendered, in container coordinates. */
export function viewportBand({ scrollTop, viewportHeight, overscan }: ViewportParams): {
  top: number;
  bottom: number;
} {
  return { top: scrollTop - overscan, bottom: scrollTop + viewportHeight + overscan };
}

/**
 * Indices (ascending) of the items whose rect intersects the band. Touching
 * edges count as outside. A linear scan: a few thousand rects take
 * microseconds, and masonry tops are not sorted, so a binary search would
 * need per-column bookkeeping that is not worth it at this size.
 */
export function itemsInViewport(positions: readonly Rect[], params: ViewportParams): number[] {
  const { top, bottom } = viewportBand(params);
  const visible: number[] = [];
  positions.forEach((rect, index) => {
    if (rect.top < bottom && rect.top + rect.height > top) visible.push(index);
  });
  return visible;
}

/** First and last visible index (inclusive), or null when nothing is visible. */
export function visibleRange(
  positions: readonly Rect[],
  params: ViewportParams,
): { start: number; end: number } | null {
  const visible = itemsInViewport(positions, params);
  if (visible.length === 0) return null;
  return { start: visible[0] as number, end: visible[visible.length - 1] as number };
}
