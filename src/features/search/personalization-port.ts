/**
 * What the search feature needs from on-device personalization, as a port:
 * src/app plugs in the implementation (features never import each other), and
 * without a provider the feed behaves exactly as before (server order, no
 * extra buttons). Keep this interface small: every member is a seam.
 */
import { createContext, useContext, type ComponentType } from 'react';
import type { Pin, PoolCandidate } from '@/contract/api';

/** An order of a candidate pool: see SearchPersonalization.preparePool. */
export interface PoolOrder {
  ids: string[];
  provisional: boolean;
}

export interface SearchPersonalization {
  /**
   * Orders a feed's candidate pool for display (feed/pool-feed.ts cuts the pages from it): the
   * ids of `pool` (server order) not in `exclude` (already shown), in the order to show them,
   * hidden pins left out; `shown` pins are on screen already (their ranks come first).
   * `provisional`: server order only because the reranker was not ready yet (still loading), so
   * asking again later may personalize. Must settle quickly — the implementation owns the time
   * budget — and never reject.
   */
  preparePool(input: {
    pool: readonly PoolCandidate[];
    exclude: ReadonlySet<string>;
    shown: number;
    feedKey: string;
    query: string;
  }): Promise<PoolOrder>;
  /**
   * A feed's first order when it is known without preparing it — on a device with no history,
   * server order — so the first page is drawn with its answer, not after the personalization
   * chunk has loaded and answered; null when it must be prepared (preparePool). Synchronous and
   * cheap: it runs while the page renders.
   */
  orderAtOnce(input: Parameters<SearchPersonalization['preparePool']>[0]): PoolOrder | null;
  /** Changes when the history was replaced or cleared: orders computed before are stale. */
  useEpoch(): number;
  /** Pins the reader marked "Not interested": their cards give way to a notice. */
  useHiddenIds(): ReadonlySet<string>;
  unhide(pinId: string): void;
  /** A closeup was opened from a card (`query` is '' outside search results). */
  onOpen(pin: Pin, query: string): void;
  /** Drawn inside each result card (Save, menu, debug badge). */
  CardExtras: ComponentType<{ pin: Pin }>;
  /** Drawn in the closeup's details (Save; tracks dwell). */
  CloseupExtras: ComponentType<{ pin: Pin }>;
  /** Drawn after the result count: says when the order is personalized, and where to see why. */
  FeedNote: ComponentType<{ query: string }>;
}

const NO_HIDDEN: ReadonlySet<string> = new Set();
const Nothing = () => null;

const serverOrder = ({
  pool,
  exclude,
}: {
  pool: readonly PoolCandidate[];
  exclude: ReadonlySet<string>;
}): PoolOrder => ({
  ids: pool.filter((c) => !exclude.has(c.id)).map((c) => c.id),
  provisional: false,
});

export const SERVER_ORDER_ONLY: SearchPersonalization = {
  preparePool: async (input) => serverOrder(input),
  orderAtOnce: serverOrder,
  useEpoch: () => 0,
  useHiddenIds: () => NO_HIDDEN,
  unhide: () => undefined,
  onOpen: () => undefined,
  CardExtras: Nothing,
  CloseupExtras: Nothing,
  FeedNote: Nothing,
};

export const SearchPersonalizationContext = createContext<SearchPersonalization>(SERVER_ORDER_ONLY);

export function useSearchPersonalization(): SearchPersonalization {
  return useContext(SearchPersonalizationContext);
}
