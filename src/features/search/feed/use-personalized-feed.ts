import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { useEffect, useMemo, useReducer, useState } from 'react';
import type { Candidate } from '@/contract/api';
import { LruMap } from '@/lib/lru/lru-map';
import { useSearchPersonalization } from '../personalization-port';
import { applyPageOrder, pageOrder, pageOrdinals, type PageOrder } from './page-orders';

/** Orders remembered across feeds (a few hundred pages of ids). */
const ORDER_CACHE_SIZE = 400;

/** Key: epoch | feed | cursor. Module state: it must outlive the feed (Back, dropped pages). */
const orders = new LruMap<string, PageOrder>(ORDER_CACHE_SIZE);
const ordinals = new LruMap<string, number>(ORDER_CACHE_SIZE);
const inFlight = new Set<string>();
/** Reordered copies of query pages, so an unchanged page keeps its identity across renders. */
const reordered = new WeakMap<object, { order: PageOrder; page: object }>();

type PageWithItems = { items: Candidate[] };
type Query<P extends PageWithItems> = UseInfiniteQueryResult<InfiniteData<P, unknown>>;

function ordered<P extends PageWithItems>(page: P, order: PageOrder): P {
  const cached = reordered.get(page);
  if (cached && cached.order === order) return cached.page as P;
  const items = applyPageOrder(page.items, order);
  const same =
    items.length === page.items.length && items.every((item, i) => item === page.items[i]);
  const result = same ? page : { ...page, items };
  reordered.set(page, { order, page: result });
  return result;
}

/**
 * Hands the feed each page only once it has been personalized (reordered by
 * the on-device reranker, hidden pins dropped). While a page is being prepared
 * it is withheld and the feed reads as fetching, so nothing already on screen
 * moves and no page is ever shown in two orders. Without a personalization
 * provider pages pass through in server order.
 */
export function usePersonalizedFeed<P extends PageWithItems>(
  query: Query<P>,
  { feedKey, searchText, pageSize }: { feedKey: string; searchText: string; pageSize: number },
): Query<P> {
  const { preparePage, useEpoch } = useSearchPersonalization();
  // A feed keeps the history epoch it started with: clearing or replacing the history
  // must not reshuffle cards on screen; the next search (or a reload) picks it up.
  const liveEpoch = useEpoch();
  const [pinned, setPinned] = useState({ feedKey, epoch: liveEpoch });
  if (pinned.feedKey !== feedKey) setPinned({ feedKey, epoch: liveEpoch });
  const epoch = pinned.feedKey === feedKey ? pinned.epoch : liveEpoch;
  const [version, bump] = useReducer((n: number) => n + 1, 0);
  const { data } = query;
  const keys = useMemo(
    () => data?.pageParams.map((param) => `${epoch}|${feedKey}|${JSON.stringify(param ?? null)}`),
    [data, epoch, feedKey],
  );

  useEffect(() => {
    if (!data || !keys) return;
    const positions = pageOrdinals(data.pageParams, (i) => ordinals.get(keys[i]!));
    data.pages.forEach((page, i) => {
      const key = keys[i]!;
      const ordinal = positions[i] ?? null;
      if (ordinal !== null) ordinals.set(key, ordinal);
      if (orders.has(key) || inFlight.has(key)) return;
      inFlight.add(key);
      const items = page.items;
      void preparePage({
        items,
        feedKey,
        offset: ordinal === null ? null : ordinal * pageSize,
        query: searchText,
      })
        .catch(() => items)
        .then((shown) => {
          orders.set(key, pageOrder(shown, items));
          inFlight.delete(key);
          bump();
        });
    });
  }, [data, keys, preparePage, feedKey, searchText, pageSize]);

  return useMemo(() => {
    if (!data || !keys) return query;
    const pages: P[] = [];
    const pageParams: unknown[] = [];
    data.pages.forEach((page, i) => {
      const order = orders.get(keys[i]!);
      if (!order) return;
      pages.push(ordered(page, order));
      pageParams.push(data.pageParams[i]);
    });
    const pending = data.pages.length - pages.length;
    if (pending === 0 && pages.every((page, i) => page === data.pages[i])) return query;
    const lastPending = !orders.has(keys[keys.length - 1]!);
    return {
      ...query,
      data: pages.length > 0 ? { pages, pageParams } : undefined,
      isFetching: query.isFetching || pending > 0,
      isFetchingNextPage: query.isFetchingNextPage || (pending > 0 && lastPending),
      isFetchingPreviousPage: query.isFetchingPreviousPage || (pending > 0 && !lastPending),
    } as Query<P>;
    // `version` re-runs this when a prepared page arrives (the caches live outside React).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query, data, keys, version]);
}
