/**
 * The feed ledger: every item a feed has ever shown, in order, with just what
 * the layout needs (id, size, placeholder colour). The infinite query keeps at
 * most `maxPages` pages of full data; the ledger keeps the *slots* of dropped
 * pages, so their space stays reserved, nothing below them moves, and when the
 * reader scrolls back the refetched items land exactly where they were.
 * Pure: no React, no DOM.
 */
import { sameGrid, type Grid } from '@/lib/masonry/grid';
import { appendToLayout, layoutItems, type Band, type LayoutState } from '@/lib/masonry/layout';
import type { PageStarts } from './page-seek';

export interface LedgerEntry {
  id: string;
  width: number;
  height: number;
  color: string;
}

export interface Ledger {
  /** Bumped whenever the ledger is rebuilt rather than extended, so layouts know to start over. */
  generation: number;
  entries: readonly LedgerEntry[];
  indexById: ReadonlyMap<string, number>;
}

export const EMPTY_LEDGER: Ledger = { generation: 0, entries: [], indexById: new Map() };

/** Drops repeated ids (a page boundary that shifted under us), keeping the first. */
export function dedupeById<T extends { id: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item.id) ? false : (seen.add(item.id), true)));
}

function build(entries: readonly LedgerEntry[], generation: number): Ledger {
  return { generation, entries, indexById: new Map(entries.map((e, i) => [e.id, i])) };
}

/**
 * Fits the currently loaded items (a window of consecutive pages) into the ledger:
 * - a window that matches a run of the ledger → unchanged (same object);
 * - a window whose known run reaches the ledger's end, followed by new items → those are appended;
 * - anything else (results changed under us) → rebuilt from the window, new generation.
 */
export function reconcileLedger(previous: Ledger, loaded: readonly LedgerEntry[]): Ledger {
  const window = dedupeById(loaded);
  if (window.length === 0) return previous;
  const start = previous.indexById.get(window[0]!.id);
  if (start === undefined) return build(window, previous.generation + 1);

  let matched = 0;
  while (matched < window.length && previous.entries[start + matched]?.id === window[matched]!.id)
    matched += 1;
  if (matched === window.length) return previous;

  const tail = window.slice(matched);
  const appendable =
    start + matched === previous.entries.length && tail.every((e) => !previous.indexById.has(e.id));
  if (!appendable) return build(window, previous.generation + 1);

  const entries = [...previous.entries, ...tail];
  const indexById = new Map(previous.indexById);
  tail.forEach((e, i) => indexById.set(e.id, previous.entries.length + i));
  return { generation: previous.generation, entries, indexById };
}

export interface LedgerLayout {
  generation: number;
  state: LayoutState;
}

/** Lays out the ledger, extending `previous` when only appends happened (placed cards never move). */
const sameBands = (a: readonly Band[] = [], b: readonly Band[] = []): boolean =>
  a.length === b.length &&
  a.every((band, i) => band.afterIndex === b[i]!.afterIndex && band.height === b[i]!.height);

/** `bands`: full-width blocks (modules) in the grid, sorted by afterIndex. */
export function layoutLedger(
  previous: LedgerLayout | null,
  ledger: Ledger,
  grid: Grid,
  bands: readonly Band[] = [],
): LedgerLayout {
  if (
    previous &&
    previous.generation === ledger.generation &&
    sameGrid(previous.state.grid, grid) &&
    sameBands(previous.state.bands, bands) &&
    previous.state.positions.length <= ledger.entries.length
  ) {
    if (previous.state.positions.length === ledger.entries.length) return previous;
    return {
      generation: ledger.generation,
      state: appendToLayout(previous.state, ledger.entries.slice(previous.state.positions.length)),
    };
  }
  return { generation: ledger.generation, state: layoutItems(grid, ledger.entries, bands) };
}

/** Index range [first, last] of the ledger that currently has full data, or null. */
export function loadedSpan(
  ledger: Ledger,
  loadedIds: readonly string[],
): { first: number; last: number } | null {
  let first = Infinity;
  let last = -Infinity;
  for (const id of loadedIds) {
    const index = ledger.indexById.get(id);
    if (index === undefined) continue;
    first = Math.min(first, index);
    last = Math.max(last, index);
  }
  return Number.isFinite(first) ? { first, last } : null;
}

export type FetchDirection = 'previous' | 'next' | null;

/**
 * Which page to fetch for what is on screen: slots above the loaded window that
 * are visible mean the reader scrolled back into dropped pages; slots below it
 * (or the end of the ledger coming into view) mean more is wanted.
 */
export function fetchDirection({
  visible,
  loaded,
  ledgerLength,
  nearEnd,
  hasPreviousPage,
  hasNextPage,
}: {
  visible: { start: number; end: number } | null;
  loaded: { first: number; last: number } | null;
  ledgerLength: number;
  nearEnd: boolean;
  hasPreviousPage: boolean;
  hasNextPage: boolean;
}): FetchDirection {
  if (visible && loaded && hasPreviousPage && visible.start < loaded.first) return 'previous';
  if (
    hasNextPage &&
    (nearEnd || (visible && loaded && visible.end > loaded.last) || ledgerLength === 0)
  )
    return 'next';
  return null;
}

/**
 * What the grid remembers per feed (in a small LRU), so Back to a results page finds its slots
 * again.
 */
export interface CachedFeed {
  ledger: Ledger;
  layout: LedgerLayout | null;
  pageStarts?: PageStarts;
}
