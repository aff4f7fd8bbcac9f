import { useEffect, useRef, useState, type RefObject } from 'react';
import type { Rect } from '@/lib/masonry/layout';
import { visibleRange } from '@/lib/masonry/visible-range';
import { fetchDirection } from './feed-ledger';

/** Start loading the next page when the end of the grid is this close below the viewport. */
export const NEAR_END_PX = 1200;

export interface FeedPagingParams {
  /** Null until the first page is laid out. */
  positions: readonly Rect[] | null;
  /** Ledger index range that has full data. */
  loaded: { first: number; last: number } | null;
  gridTop: number;
  gridHeight: number;
  overscan: number;
  /** Changes whenever the rendered window does, so the decision is re-taken while scrolling. */
  visibleKey: unknown;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  isFetching: boolean;
  isError: boolean;
  fetchNextPage: () => unknown;
  fetchPreviousPage: () => unknown;
}

/**
 * Infinite scroll in both directions: an IntersectionObserver sentinel below
 * the grid says "near the end"; slots on screen that belong to dropped pages
 * (above or below the loaded window) ask for those pages back.
 * Returns the ref for the sentinel element.
 */
export function useFeedPaging({
  positions,
  loaded,
  gridTop,
  gridHeight,
  overscan,
  visibleKey,
  hasNextPage,
  hasPreviousPage,
  isFetching,
  isError,
  fetchNextPage,
  fetchPreviousPage,
}: FeedPagingParams): RefObject<HTMLDivElement | null> {
  const sentinelRef = useRef<HTMLDivElement>(null);
  const [sentinelVisible, setSentinelVisible] = useState(false);

  useEffect(() => {
    const sentinel = sentinelRef.current;
    if (!sentinel) return;
    const observer = new IntersectionObserver(
      ([entry]) => setSentinelVisible(entry?.isIntersecting ?? false),
      {
        rootMargin: `0px 0px ${NEAR_END_PX}px 0px`,
      },
    );
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    // After a failure wait for the reader's Retry instead of hammering the server.
    if (!positions || isFetching || isError) return;
    // Decide on the next frame from the live scroll position, not the one this
    // render saw: on Back the page restores its scroll only after the feed has
    // rendered (at the top), and deciding from that stale position would fetch —
    // and, with maxPages, evict — the wrong pages. The geometry check also
    // discounts a stale "intersecting" from the observer right after a page grew the grid.
    const frame = window.requestAnimationFrame(() => {
      const liveTop = window.scrollY - gridTop;
      const viewportHeight = window.innerHeight;
      const direction = fetchDirection({
        visible: visibleRange(positions, { scrollTop: liveTop, viewportHeight, overscan }),
        loaded,
        ledgerLength: positions.length,
        nearEnd: sentinelVisible && liveTop + viewportHeight + NEAR_END_PX >= gridHeight,
        hasNextPage,
        hasPreviousPage,
      });
      if (direction === 'next') void fetchNextPage();
      else if (direction === 'previous') void fetchPreviousPage();
    });
    return () => window.cancelAnimationFrame(frame);
  }, [
    positions,
    loaded,
    gridTop,
    gridHeight,
    overscan,
    visibleKey,
    sentinelVisible,
    hasNextPage,
    hasPreviousPage,
    isFetching,
    isError,
    fetchNextPage,
    fetchPreviousPage,
  ]);

  return sentinelRef;
}
