/**
 * Jumping to far slots of a long feed. The infinite query walks page by page from the pages it
 * holds (maxPages), so a reader who jumps far — back to the top of 5,000 results, a dragged
 * scrollbar — would wait for every page in between, one request after another (bench/
 * masonry-scroll.ts measured 9 s from the 5,000th result back to the first). Each page's place
 * in the ledger is remembered with the page param (cursor) that fetches it, so the feed can
 * fetch the page on screen directly and go on from there. Pure: no React.
 */
import type { Ledger } from './feed-ledger';

export interface PageStarts {
  /** The ledger generation the indices belong to; a rebuilt ledger starts afresh. */
  generation: number;
  /** Ledger index of a page's first slot → the page param that fetches the page again. */
  starts: ReadonlyMap<number, unknown>;
}

export const NO_PAGE_STARTS: PageStarts = { generation: -1, starts: new Map() };

/** Adds where the loaded pages start; returns `previous` itself when nothing is new. */
export function recordPageStarts(
  previous: PageStarts,
  ledger: Ledger,
  pages: readonly { items: readonly { id: string }[] }[],
  pageParams: readonly unknown[],
): PageStarts {
  const sameGeneration = previous.generation === ledger.generation;
  const base = sameGeneration ? previous.starts : new Map<number, unknown>();
  let next: Map<number, unknown> | null = sameGeneration ? null : new Map();
  pages.forEach((page, i) => {
    // The smallest index: a personalized page shows its items in another order.
    let first = Infinity;
    for (const item of page.items) {
      const index = ledger.indexById.get(item.id);
      if (index !== undefined && index < first) first = index;
    }
    if (!Number.isFinite(first)) return;
    const param = pageParams[i];
    if (base.has(first) && Object.is(base.get(first), param)) return;
    next ??= new Map(base);
    next.set(first, param);
  });
  return next ? { generation: ledger.generation, starts: next } : previous;
}

/**
 * The page to fetch directly, or null when the ordinary next/previous fetch is the way: the
 * visible slots lie beyond the page adjacent to the loaded window, and the page holding the
 * first visible slot is known.
 */
export function seekTarget({
  visible,
  loaded,
  pageStarts,
}: {
  visible: { start: number; end: number } | null;
  loaded: { first: number; last: number } | null;
  pageStarts: PageStarts;
}): { pageParam: unknown } | null {
  if (!visible || !loaded) return null;
  const starts = [...pageStarts.starts.keys()].sort((a, b) => a - b);
  const lastBefore = (index: number) => starts.filter((s) => s < index).at(-1);
  const firstAfter = (index: number) => starts.find((s) => s > index);
  if (visible.end < loaded.first) {
    // One previous page reaches back to its start: enough if the visible slots end inside it.
    const adjacent = lastBefore(loaded.first);
    if (adjacent === undefined || visible.end >= adjacent) return null;
  } else if (visible.start > loaded.last) {
    // One next page reaches up to where the page after it starts.
    const adjacent = firstAfter(loaded.last);
    const following = adjacent === undefined ? undefined : firstAfter(adjacent);
    if (following === undefined || visible.start < following) return null;
  } else {
    return null;
  }
  const target = lastBefore(visible.start + 1);
  return target === undefined ? null : { pageParam: pageStarts.starts.get(target) };
}
