import { useEffect, useReducer, useRef, useState, type RefObject } from 'react';
import type { Rect } from '@/lib/masonry/layout';
import { visibleRange } from '@/lib/masonry/visible-range';
import { fetchDirection } from './feed-ledger';
import { seekTarget, type PageStarts } from './page-seek';

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
  /** Where fetched pages start, for jumps (page-seek.ts). */
  pageStarts: PageStarts;
  /** Replaces the loaded pages with the one `pageParam` fetches; without it, far jumps walk page by page. */
  seek?: (pageParam: unknown) => Promise<void>;
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
  pageStarts,
  seek,
}: FeedPagingParams): RefObject<HTMLDivElement | null> {
  const sentinelRef = useRef<HTMLDivElement>(null);
  const [sentinelVisible, setSentinelVisible] = useState(false);
  const seeking = useRef(false);
  /** A seek that failed (the server refused the cursor, the network): walk page by page instead. */
  const seekBroken = useRef(false);
  const [seeks, seekSettled] = useReducer((n: number) => n + 1, 0);

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
    if (!positions || isFetching || isError || seeking.current) return;
    // Decide on the next frame from the live scroll position, not the one this
    // render saw: on Back the page restores its scroll only after the feed has
    // rendered (at the top), and deciding from that stale position would fetch —
    // and, with maxPages, evict — the wrong pages. The geometry check also
    // discounts a stale "intersecting" from the observer right after a page grew the grid.
    const frame = window.requestAnimationFrame(() => {
      const liveTop = window.scrollY - gridTop;
      const viewportHeight = window.innerHeight;
      const visible = visibleRange(positions, { scrollTop: liveTop, viewportHeight, overscan });
      const target =
        seek && !seekBroken.current ? seekTarget({ visible, loaded, pageStarts }) : null;
      if (seek && target) {
        seeking.current = true;
        seek(target.pageParam)
          .catch(() => {
            seekBroken.current = true;
          })
          .finally(() => {
            seeking.current = false;
            seekSettled();
          });
        return;
      }
      const direction = fetchDirection({
        visible,
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
    pageStarts,
    seek,
    seeks,
  ]);

  return sentinelRef;
}
