import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { useEffect, useId, useLayoutEffect, useMemo, type ReactNode } from 'react';
import type { Pin } from '@/contract/api';
import { errorMessage } from '@/lib/api-client/api-client';
import { LruMap } from '@/lib/lru/lru-map';
import { resolveGrid } from '@/lib/masonry/grid';
import { layoutHeight, layoutItems, type Band, type Rect } from '@/lib/masonry/layout';
import { trailingSlots } from '@/lib/masonry/trailing-slots';
import { itemsInViewport } from '@/lib/masonry/visible-range';
import {
  dedupeById,
  EMPTY_LEDGER,
  layoutLedger,
  loadedSpan,
  reconcileLedger,
  type CachedFeed,
  type LedgerEntry,
} from './feed-ledger';
import { ErrorState } from './feed-states';
import { NO_PAGE_STARTS, recordPageStarts } from './page-seek';
import { useSearchPersonalization } from '../personalization-port';
import { HiddenPinNotice, PinCard, PinPlaceholder } from './pin-card';
import { useContainerGeometry } from './use-container-geometry';
import { useFeedFocus } from './use-feed-focus';
import { useFeedPaging } from './use-feed-paging';
import { useWindowViewport } from './use-window-viewport';
import { t } from '@/lib/i18n/i18n';
import { cardTransform } from './card-transform';

/** Render at least this far above and below the viewport (px), or one viewport if taller. */
const MIN_OVERSCAN_PX = 800;
/** Feeds whose slots we remember (for Back to a deep scroll position). */
const LEDGER_CACHE_SIZE = 24;
/** Pseudo-random but fixed heights for loading skeletons, so they look like a masonry grid. */
const SKELETON_HEIGHTS = [236, 300, 180, 260, 340, 210, 280, 190, 320, 240, 170, 290];
const SKELETON_ROWS = 3;
/**
 * While more pages exist, a viewport's height of skeleton slots is kept below the loaded cards.
 * A reader who scrolls faster than the next page arrives sees the grid go on (placeholders)
 * rather than the "Load more" button and the footer, which the page would then push down: a
 * layout shift. Paging starts NEAR_END_PX before the loaded end, so with this the reader has
 * that much plus a screen of scrolling before anything below the grid comes into view. (More
 * would put the last cards out of the render window for a reader who jumps to the very end.)
 */
const PENDING_ZONE_VIEWPORTS = 1;

/** Ledgers and layouts of recent feeds, least recently used forgotten first. */
const ledgerCache = new LruMap<string, CachedFeed>(LEDGER_CACHE_SIZE);

export interface FeedPage {
  items: Pin[];
}

export type FeedQuery = UseInfiniteQueryResult<InfiniteData<FeedPage, unknown>>;

export interface MasonryFeedProps {
  /** Accessible name of the feed, e.g. `Results for “cat”`. */
  label: string;
  /** Identifies this feed's ledger across mounts; use the query key. */
  feedKey: string;
  query: FeedQuery;
  /** aria-setsize: the total when known, else -1. */
  setSize: number;
  titleLevel: 2 | 3;
  onOpen: (pin: Pin) => void;
  /** Called (before paint) once the first laid-out cards are in the DOM, for scroll restoration. */
  onReady?: () => void;
  /** The grid starts near the top of the page: its first row's images go first (LCP). */
  prioritizeFirstRow?: boolean;
  /** Loads the page `pageParam` fetches in place of those loaded, for far jumps (page-seek.ts). */
  seek?: (pageParam: unknown) => Promise<void>;
  /**
   * Full-width blocks in the grid (the results page's modules): each after `afterRow` rows of
   * cards (after the last card when there are fewer), `height` px tall, known before it is drawn
   * so that nothing moves when its content comes.
   */
  blocks?: readonly FeedBlock[];
  /** Draws a block in its box (positioned and sized by the feed). */
  renderBlock?: (key: string) => ReactNode;
}

export interface FeedBlock {
  key: string;
  afterRow: number;
  height: number;
}
const NO_BLOCKS: readonly FeedBlock[] = [];

const toEntry = (pin: Pin): LedgerEntry => ({
  id: pin.id,
  width: pin.width,
  height: pin.height,
  color: pin.dominantColor,
});
const NO_PINS: Pin[] = [];

/**
 * A virtualized masonry feed over an infinite query: cards are absolutely
 * positioned from src/lib/masonry, only those near the viewport are mounted,
 * and pages are fetched as the reader approaches either edge of what is loaded.
 */
export function MasonryFeed({
  label,
  feedKey,
  query,
  setSize,
  titleLevel,
  onOpen,
  onReady,
  prioritizeFirstRow = false,
  seek,
  blocks = NO_BLOCKS,
  renderBlock,
}: MasonryFeedProps) {
  const idPrefix = useId();
  // "Not interested": the card gives way to a notice in the same slot, so nothing else moves.
  const { useHiddenIds, unhide } = useSearchPersonalization();
  const hiddenIds = useHiddenIds();
  const [containerRef, geometry] = useContainerGeometry<HTMLDivElement>();
  const viewport = useWindowViewport();
  const {
    data,
    hasNextPage,
    hasPreviousPage,
    isFetching,
    isFetchingNextPage,
    isFetchingPreviousPage,
    isError,
  } = query;

  const pins = useMemo(
    () => (data ? dedupeById(data.pages.flatMap((page) => page.items)) : NO_PINS),
    [data],
  );
  const pinsById = useMemo(() => new Map(pins.map((pin) => [pin.id, pin])), [pins]);
  const grid = useMemo(
    () => (geometry.width > 0 ? resolveGrid({ containerWidth: geometry.width }) : null),
    [geometry.width],
  );

  // The ledger and its layout outlive this component in a small cache, so coming
  // back to a deep scroll position finds every slot where it was.
  const ledger = useMemo(
    () => reconcileLedger(ledgerCache.get(feedKey)?.ledger ?? EMPTY_LEDGER, pins.map(toEntry)),
    [feedKey, pins],
  );
  // A row is a card per column; a feed with fewer results puts the block after its last card.
  const columnCount = grid?.columnCount ?? 0;
  const placed = useMemo(
    () =>
      blocks
        .map((block) => ({
          block,
          afterIndex: Math.min(
            block.afterRow * columnCount,
            setSize >= 0 ? setSize : Number.MAX_SAFE_INTEGER,
          ),
        }))
        .sort((a, b) => a.afterIndex - b.afterIndex),
    [blocks, columnCount, setSize],
  );
  const bands = useMemo<Band[]>(
    () => placed.map(({ block, afterIndex }) => ({ afterIndex, height: block.height })),
    [placed],
  );
  const layout = useMemo(
    () =>
      grid ? layoutLedger(ledgerCache.get(feedKey)?.layout ?? null, ledger, grid, bands) : null,
    [feedKey, ledger, grid, bands],
  );
  const bandRects = layout?.state.bandRects;
  const pageStarts = useMemo(
    () =>
      data
        ? recordPageStarts(
            ledgerCache.get(feedKey)?.pageStarts ?? NO_PAGE_STARTS,
            ledger,
            data.pages,
            data.pageParams,
          )
        : NO_PAGE_STARTS,
    [feedKey, ledger, data],
  );
  useEffect(() => {
    ledgerCache.set(feedKey, { ledger, layout, pageStarts });
  }, [feedKey, ledger, layout, pageStarts]);

  const skeleton = useMemo(() => {
    if (data || !grid) return null;
    const count = grid.columnCount * SKELETON_ROWS;
    const sizes = Array.from({ length: count }, (_, i) => ({
      width: grid.columnWidth,
      height: SKELETON_HEIGHTS[i % SKELETON_HEIGHTS.length]!,
    }));
    return layoutItems(grid, sizes);
  }, [data, grid]);

  const positions = layout?.state.positions;
  const height = layout ? layoutHeight(layout.state) : skeleton ? layoutHeight(skeleton) : 0;
  const scrollTop = viewport.scrollY - geometry.top;
  const overscan = Math.max(MIN_OVERSCAN_PX, viewport.height);

  const pendingZone =
    data && layout && hasNextPage && !isError
      ? Math.round(viewport.height * PENDING_ZONE_VIEWPORTS)
      : 0;
  const layoutState = layout?.state ?? null;
  const pendingSlots = useMemo(
    () =>
      layoutState && pendingZone > 0
        ? trailingSlots(layoutState, {
            bottom: layoutHeight(layoutState) + pendingZone,
            heights: SKELETON_HEIGHTS,
          })
        : [],
    [layoutState, pendingZone],
  );
  const pendingVisible = useMemo(
    () => itemsInViewport(pendingSlots, { scrollTop, viewportHeight: viewport.height, overscan }),
    [pendingSlots, scrollTop, viewport.height, overscan],
  );
  const visible = useMemo(
    () =>
      positions
        ? itemsInViewport(positions, { scrollTop, viewportHeight: viewport.height, overscan })
        : [],
    [positions, scrollTop, viewport.height, overscan],
  );

  // Where each block sits among the cards, for Page Down / Page Up: between cards afterIndex − 1
  // and afterIndex, in their order when several share a place (a feed has a handful of blocks).
  const blockAt = placed.map(({ afterIndex }, i) => afterIndex - 0.5 + i / 1000);
  const { rendered, handlers } = useFeedFocus({
    containerRef,
    visible,
    count: ledger.entries.length,
    isFocusable: (index) => pinsById.has(ledger.entries[index]!.id),
    blocks: blockAt,
  });

  const loaded = useMemo(
    () =>
      loadedSpan(
        ledger,
        pins.map((p) => p.id),
      ),
    [ledger, pins],
  );
  const { fetchNextPage, fetchPreviousPage } = query;
  const sentinelRef = useFeedPaging({
    positions: data && positions ? positions : null,
    loaded,
    gridTop: geometry.top,
    gridHeight: height,
    overscan,
    visibleKey: visible,
    hasNextPage,
    hasPreviousPage,
    // A page held back while offline (fetchStatus "paused") is still on its way: asking
    // again would only cancel and re-queue it. It is sent when the browser is back online.
    isFetching: isFetching || query.isPaused,
    isError,
    fetchNextPage,
    fetchPreviousPage,
    pageStarts,
    seek,
  });

  const ready = Boolean(data && layout);
  useLayoutEffect(() => {
    if (ready) onReady?.();
  }, [ready, onReady]);

  // The modules sit in the feed, in reading order: each right after the cards above it, so Tab
  // and a screen reader reach it where it is drawn (a feed holds articles: each block is one).
  const blockArticles =
    renderBlock && bandRects
      ? bandRects.map((rect, i) => {
          const { key } = placed[i]!.block;
          return (
            <article
              key={`block:${key}`}
              className="masonry-feed__block"
              // A stop for Page Down / Page Up (use-feed-focus.ts), not for Tab: Tab goes on to the
              // module's own controls.
              tabIndex={-1}
              data-feed-index={blockAt[i]}
              style={{ transform: cardTransform(rect), width: rect.width, height: rect.height }}
            >
              {renderBlock(key)}
            </article>
          );
        })
      : [];
  let nextBlock = 0;
  const captionHeight = grid?.captionHeight ?? 0;
  // One flat keyed list of cards and blocks, the blocks not reached by a mounted card at its end:
  // a block never remounts (its carousel keeps its place, focus inside it stays) when the cards
  // mounted around it change. In a list of its own, the block after the last mounted card was
  // another element to React than the same block between two cards, once the page after it came.
  const articles = [];
  if (positions)
    for (const index of rendered) {
      const entry = ledger.entries[index]!;
      while (nextBlock < blockArticles.length && placed[nextBlock]!.afterIndex <= index)
        articles.push(blockArticles[nextBlock++]);
      const rect = positions[index]!;
      const pin = pinsById.get(entry.id);
      const card =
        pin && hiddenIds.has(pin.id) ? (
          <HiddenPinNotice
            key={entry.id}
            pin={pin}
            rect={rect}
            index={index}
            setSize={setSize}
            idPrefix={idPrefix}
            onUndo={unhide}
          />
        ) : pin ? (
          <PinCard
            key={entry.id}
            pin={pin}
            rect={rect}
            captionHeight={captionHeight}
            index={index}
            setSize={setSize}
            titleLevel={titleLevel}
            idPrefix={idPrefix}
            onOpen={onOpen}
            priority={prioritizeFirstRow && rect.top === 0}
          />
        ) : (
          <PinPlaceholder
            key={entry.id}
            rect={rect}
            captionHeight={captionHeight}
            color={entry.color}
          />
        );
      articles.push(card);
    }
  articles.push(...blockArticles.slice(nextBlock));
  const errorText = errorMessage(query.error);

  return (
    <div className="masonry-feed">
      {isError && query.isFetchPreviousPageError && (
        <ErrorState
          className="feed-state--sticky"
          title={t('Couldn’t load earlier ideas.')}
          message={errorText}
          onRetry={() => void fetchPreviousPage()}
          retrying={isFetchingPreviousPage}
        />
      )}
      {isError && query.isRefetchError && (
        <ErrorState
          title={t('Couldn’t refresh these ideas.')}
          message={errorText}
          onRetry={() => void query.refetch()}
          retrying={isFetching}
        />
      )}
      <div className="masonry-feed__stage">
        <div
          ref={containerRef}
          role="feed"
          aria-label={label}
          aria-busy={!data || isFetching}
          className="masonry-feed__grid"
          style={{ height }}
          {...handlers}
        >
          {skeleton?.positions.map((rect, i) => (
            <SkeletonCard key={i} rect={rect} captionHeight={captionHeight} />
          ))}
          {pendingVisible.map((i) => (
            // Keyed by the item count: once a page lands these are new elements further down,
            // never the same ones moving (which would count as a layout shift).
            <SkeletonCard
              key={`${ledger.entries.length}:${i}`}
              rect={pendingSlots[i]!}
              captionHeight={captionHeight}
            />
          ))}
          {articles}
        </div>
      </div>
      {/* The pending slots overflow the grid's box into the sentinel, which is as tall as their
          zone: a reader who jumps past the loaded end (End key) still has it in view. */}
      <div
        ref={sentinelRef}
        className="masonry-feed__sentinel"
        style={pendingZone > 0 ? { height: pendingZone } : undefined}
        aria-hidden="true"
      />
      {data && isError && query.isFetchNextPageError && (
        <ErrorState
          title={t('Couldn’t load more ideas.')}
          message={errorText}
          onRetry={() => void fetchNextPage()}
          retrying={isFetchingNextPage}
        />
      )}
      {data && hasNextPage && !query.isFetchNextPageError && (
        <div className="masonry-feed__more">
          <button
            type="button"
            className="button"
            onClick={() => !isFetchingNextPage && void fetchNextPage()}
            aria-disabled={isFetchingNextPage || undefined}
          >
            {isFetchingNextPage ? t('Loading…') : t('Load more')}
          </button>
        </div>
      )}
      {data && !hasNextPage && pins.length > 0 && (
        <p className="masonry-feed__end">{t('You’ve reached the end.')}</p>
      )}
    </div>
  );
}

function SkeletonCard({ rect, captionHeight }: { rect: Rect; captionHeight: number }) {
  return (
    <div
      className="pin-card pin-card--skeleton"
      aria-hidden="true"
      style={{
        transform: cardTransform(rect),
        width: rect.width,
        height: rect.height,
      }}
    >
      <div className="pin-card__media" style={{ height: rect.height - captionHeight }} />
      <div className="pin-card__skeleton-title" />
    </div>
  );
}
