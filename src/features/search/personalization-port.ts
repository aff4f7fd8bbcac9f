/**
 * What the search feature needs from on-device personalization, as a port:
 * src/app plugs in the implementation (features never import each other), and
 * without a provider the feed behaves exactly as before (server order, no
 * extra buttons). Keep this interface small: every member is a seam.
 */
import { createContext, useContext, type ComponentType } from 'react';
import type { Pin, PoolCandidate, SearchResponse } from '@/contract/api';
import type { ModuleEvent } from '@/ranking/module-engagement';
import type { PageModule } from '@/ranking/page-modules';
import type { LazyModule } from '@/lib/lazy/lazy-module';

/** An order of a candidate pool: see SearchPersonalization.preparePool. */
export interface PoolOrder {
  ids: string[];
  provisional: boolean;
}

/** What the device does with the results page's modules (see SearchPersonalization.modules). */
export interface DeviceModules {
  /**
   * The modules as this device shows them: the server's (`modules`, in its order), reordered
   * with the reader's own module engagement and given the server's slots, plus "From your saves"
   * when saved pins match the query — decided on the device, nothing sent. Called once per feed
   * when its first page is ready (the page waited for the log then, when there is one), so the
   * modules' rows are known before the grid is laid out; the same feed (Back) gets the same.
   */
  devicePageModules(
    answer: Pick<SearchResponse, 'modules' | 'pool'>,
    query: string,
    feedKey: string,
  ): readonly PageModule[];
  /** A module was seen on screen (once per page view), a tile opened or its carousel scrolled. */
  logModuleEvent(event: Omit<ModuleEvent, 'v' | 'at'>): void;
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
  /**
   * The results page's modules on this device, a lazy module (the engagement log's chunk):
   * without it, the server's modules as they came and nothing logged. Optional, so the first
   * paint carries no stand-in for it.
   */
  modules?: LazyModule<DeviceModules>;
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
