import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { lazyModule } from '@/lib/lazy/lazy-module';
import { LruMap } from '@/lib/lru/lru-map';
import { isPoolSliceParam, type FeedPageParam } from '../api/feed-params';
import { useSearchPersonalization } from '../personalization-port';
import type { PoolFeed, PoolFeedQuery, ServerFeedQuery, ServerPage } from './pool-feed';

/**
 * Feeds whose pool order and shown pages are remembered (Back, a feed's query refetched): more
 * than the grid's ledgers (masonry-feed.ts), so a ledger never outlives the pages it laid out.
 */
const POOL_FEED_CACHE_SIZE = 32;

/** Key: epoch | feed. Module state: it must outlive the feed's component (Back). */
const feeds = new LruMap<string, PoolFeed>(POOL_FEED_CACHE_SIZE);

/**
 * The pool feed and the batch pins fetcher are a lazy chunk, like the personalization chunk that
 * orders the pool: asked for with the first request (src/app/prefetch-first-view.ts), so the
 * first page never waits for it. Read synchronously once in: a feed whose first order is known
 * at once is then made while the page renders, and its first page drawn in that same frame.
 */
const poolFeedModule = lazyModule(() =>
  Promise.all([import('./pool-feed'), import('../api/get-pins')]).then(
    ([{ PoolFeed }, { pinStoreFor }]) => ({ PoolFeed, pinStoreFor }),
  ),
);

export function loadPoolFeed() {
  return poolFeedModule.load();
}

/**
 * The feed as the grid sees it: the pages cut from the device's order of the candidate pool
 * (pool-feed.ts), then the server's pages past the pool. Each is shown only once decided (the
 * first waits for the order and its pins, the feed reading as fetching meanwhile), so nothing on
 * screen moves and no page is shown in two orders. The pool's pages are held here, not in the
 * query: when the query drops its early server pages (maxPages), the pool's pages leave the
 * window with them, and come back when the reader scrolls back to the first page past the pool.
 * Without a personalization provider the order is the server's.
 */
export function usePoolFeed<P extends ServerPage>(
  query: ServerFeedQuery<P>,
  {
    feedKey,
    searchText,
    pageSize,
    seek,
  }: {
    feedKey: string;
    searchText: string;
    pageSize: number;
    /** Loads the page a param fetches in place of those loaded (page-seek.ts); null: the first. */
    seek?: (pageParam: FeedPageParam) => Promise<void>;
  },
): { feed: PoolFeedQuery; seek?: (pageParam: unknown) => Promise<void> } {
  const { preparePool, orderAtOnce, useEpoch, useHiddenIds } = useSearchPersonalization();
  const client = useQueryClient();
  // A feed keeps the history epoch it started with: clearing or replacing the history
  // must not reshuffle cards on screen; the next search (or a reload) picks it up.
  const liveEpoch = useEpoch();
  const [pinned, setPinned] = useState({ feedKey, epoch: liveEpoch });
  if (pinned.feedKey !== feedKey) setPinned({ feedKey, epoch: liveEpoch });
  const epoch = pinned.feedKey === feedKey ? pinned.epoch : liveEpoch;
  const key = `${epoch}|${feedKey}`;
  const hidden = useHiddenIds();
  const hiddenRef = useRef(hidden);
  useEffect(() => {
    hiddenRef.current = hidden;
  }, [hidden]);

  const { data } = query;
  const firstIndex = data ? data.pageParams.indexOf(null) : -1;
  const first = firstIndex === -1 ? undefined : data!.pages[firstIndex];
  const [version, bump] = useReducer((n: number) => n + 1, 0);
  /** The lazy chunk failed to load: the feed says so, and Retry asks for it again. */
  const [chunkError, setChunkError] = useState<{ error: unknown } | null>(null);

  const make = ({ PoolFeed, pinStoreFor }: Awaited<ReturnType<typeof loadPoolFeed>>, from: P) =>
    new PoolFeed({
      feedKey,
      query: searchText,
      pageSize,
      first: from,
      plan: preparePool,
      orderAtOnce,
      pins: pinStoreFor(client),
      hidden: () => hiddenRef.current,
    });

  let feed = feeds.peek(key) ?? null;
  const loaded = poolFeedModule.getState();
  if (!feed && first && loaded.status === 'loaded') {
    // Made during render when the chunk is in (it is asked for with the first request): with an
    // order known at once its first page is out now, and the grid draws it in this very frame
    // rather than after an effect and another render. Kept by key, so a render made again
    // finds it.
    feed = make(loaded.value, first);
    feeds.set(key, feed);
  }
  /** The feed's revision this render saw: a change told before the subscription is caught up. */
  const seenRevision = feed?.revision;

  useEffect(() => {
    if (feeds.has(key)) {
      feeds.get(key); // most recently used
      return;
    }
    if (!first) return;
    let live = true;
    void loadPoolFeed().then(
      (module) => {
        if (!live || feeds.has(key)) return;
        feeds.set(key, make(module, first));
        bump();
      },
      (error: unknown) => {
        if (live) setChunkError({ error });
      },
    );
    return () => {
      live = false;
    };
    // `make` reads these same values.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, first, feedKey, searchText, pageSize, preparePool, orderAtOnce, client, chunkError]);

  useEffect(() => {
    if (!feed) return;
    const unsubscribe = feed.subscribe(bump);
    if (feed.revision !== seenRevision) bump();
    return unsubscribe;
    // Only a new feed subscribes again; `seenRevision` is what the render that made it saw.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [feed]);

  const composed = useMemo((): PoolFeedQuery => {
    const withheld = { ...query, data: undefined, isFetching: true } as unknown as PoolFeedQuery;
    if (!data) return query as unknown as PoolFeedQuery;
    if (!feed && chunkError)
      return {
        ...withheld,
        isFetching: false,
        isError: true,
        isRefetchError: true,
        error: chunkError.error,
        refetch: async () => {
          setChunkError(null);
          return query as never;
        },
      } as unknown as PoolFeedQuery;
    if (!feed || !feed.ready) return withheld;
    return feed.view(query, hidden);
    // `version` re-runs this when the pool feed changes (it lives outside React); `hidden` only
    // filters a server page the first time it is seen.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query, data, feed, version, chunkError]);

  const poolSeek = useMemo(
    () =>
      seek &&
      ((pageParam: unknown) =>
        // Back into the pool's pages: the first answer again, which the pool's pages follow.
        seek(isPoolSliceParam(pageParam) ? null : (pageParam as FeedPageParam))),
    [seek],
  );
  return { feed: composed, seek: poolSeek };
}
