/**
 * Pages cut from the device's order of a candidate pool. The first answer of a feed brings the
 * server's top N candidates (compact: what the reranker reads); the personalization port orders
 * them from the on-device history, and the feed shows them a page at a time: page 1 is the top of
 * that order, each next page the next slice, fetched as display data (`/pins?ids=`) one page
 * ahead of the reader. After the pool, the feed goes on with the server's own pages
 * (use-pool-feed.ts), leaving out the pool's pins.
 *
 * A page never changes once shown. What is not shown yet is ordered again after each page (the
 * pins shown so far left out), so a save made on page 1 orders page 2; an order that was server
 * order only because the model was still loading is made again when the next page is asked for,
 * so a model that loads while the reader looks at page 1 orders page 2. Hidden pins leave the order, and a page drops what was hidden before it
 * was shown. No history: the port answers server order, so the pages are the server's pages.
 * Pure TypeScript: no React; the planner and the pin store are given. A lazy chunk, loaded with
 * the first request (use-pool-feed.ts).
 */
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import type { Candidate, PoolCandidate } from '@/contract/api';
import { startsAfterPool, type PoolSliceParam } from '../api/feed-params';
import type { PinStore } from '../api/get-pins';

/** What a feed's first answer brings: full candidates for the server's first page, and the pool. */
export interface FirstAnswer {
  items: Candidate[];
  /** Absent from a server without pools: the first page then stands for the pool. */
  pool?: { candidates: PoolCandidate[] };
}

/**
 * The personalization port's preparePool: ids of `pool` minus `exclude`, in the order to show
 * them; `provisional` when that is server order only because the reranker is still loading.
 */
export type PoolPlanner = (input: {
  pool: readonly PoolCandidate[];
  exclude: ReadonlySet<string>;
  shown: number;
  feedKey: string;
  query: string;
}) => Promise<{ ids: string[]; provisional: boolean }>;

/**
 * The personalization port's orderAtOnce: the first order when it is known without preparing it
 * (a device with no history: server order), so the first page is out the moment the feed is made;
 * null when it must be prepared (`PoolPlanner`).
 */
export type PoolOrderAtOnce = (
  input: Parameters<PoolPlanner>[0],
) => { ids: string[]; provisional: boolean } | null;

/** A page cut from the pool, as the grid shows it. */
export interface PoolPage {
  items: Candidate[];
}

/** A server answer a feed pages through (search or related pins). */
export interface ServerPage {
  items: Candidate[];
  pool?: { candidates: PoolCandidate[] };
}
export type ServerFeedQuery<P extends ServerPage> = UseInfiniteQueryResult<
  InfiniteData<P, unknown>
>;
/** What the grid is given (masonry-feed.ts): an infinite query's shape. */
export type PoolFeedQuery = UseInfiniteQueryResult<InfiniteData<PoolPage, unknown>>;

/** Server pages past the pool, without the pool's pins and those hidden when they came. */
const pastPoolPages = new WeakMap<object, PoolPage>();

/**
 * The pages the grid gets: the pool's pages, then the server's pages past the pool as the query
 * holds them (consecutive: the first past the pool or a later one; the first answer, which
 * carries the pool, is not a page of its own). When the query has dropped the first page past the
 * pool (maxPages) or jumped beyond it, the pool's pages are not adjacent: they leave the window,
 * and come back with that page.
 */
export function poolWindow<S>({
  pool,
  server,
  pastPool,
}: {
  pool: { pages: readonly PoolPage[]; params: readonly unknown[] };
  server: { pages: readonly S[]; pageParams: readonly unknown[] };
  pastPool: (page: S) => PoolPage;
}): { pages: PoolPage[]; pageParams: unknown[]; attached: boolean } {
  const past = server.pages
    .map((page, i) => ({ page, param: server.pageParams[i] }))
    .filter(({ param }) => param !== null);
  const attached = past.length === 0 || startsAfterPool(past[0]!.param);
  return {
    pages: [...(attached ? pool.pages : []), ...past.map(({ page }) => pastPool(page))],
    pageParams: [...(attached ? pool.params : []), ...past.map(({ param }) => param)],
    attached,
  };
}

const withoutDisplay = ({
  display: _display,
  ...rest
}: PoolCandidate): Omit<PoolCandidate, 'display'> => rest;

/**
 * A card drawn from a pool candidate's display fields: everything the grid, Save and the
 * engagement log read (the log's events copy its tags: the pool's first 16, as many as an event
 * keeps; none in an answer saved offline before the pool sent them). The closeup's details
 * (description, palette, source, licence, every tag) are not in the pool: they are typed as
 * present for the grid's sake but absent, and the closeup fetches its pin when a card opens it
 * without them (api/get-pin.ts isCompletePin).
 */
function cardOf(candidate: PoolCandidate): Candidate {
  const { display, ...fields } = candidate;
  return { ...fields, ...display! } as Candidate;
}

export interface PoolFeedOptions {
  feedKey: string;
  /** The search text ('' for related pins), for the planner. */
  query: string;
  pageSize: number;
  first: FirstAnswer;
  plan: PoolPlanner;
  /** The first order, when it is known at once (no history): the first page then needs no wait. */
  orderAtOnce?: PoolOrderAtOnce;
  pins: PinStore;
  /** Pins hidden now: a page leaves them out when it is shown. */
  hidden: () => ReadonlySet<string>;
}

export class PoolFeed {
  readonly pool: readonly PoolCandidate[];
  readonly poolIds: ReadonlySet<string>;
  /** Pages shown, in order; never changed once here. */
  pages: readonly PoolPage[] = [];
  /** Their params (stable objects, for the grid's page starts). */
  params: readonly PoolSliceParam[] = [];
  /** Why the last page asked for could not be shown (its display data failed), until asked again. */
  error: unknown = null;

  readonly #options: PoolFeedOptions;
  readonly #byId: ReadonlyMap<string, PoolCandidate>;
  readonly #shown = new Set<string>();
  #shownCount = 0;
  /** Ids not shown yet, in display order; null while they are being ordered. */
  #upcoming: string[] | null = null;
  /** That order is server order only because the reranker was still loading. */
  #provisional = false;
  /**
   * The order was made (or made again) since the next page was asked for: a provisional order
   * made ahead of the reader is made again once the page is wanted, the model may be ready by then.
   */
  #orderedWhenWanted = true;
  /** Pages the reader asked for (the first is asked for by opening the feed). */
  #wanted = 1;
  #busy = false;
  /** The next page's pins could not be fetched ahead of the reader: tried again when asked. */
  #stalled = false;
  /** Ids the server no longer holds (an index rebuilt since the pool): left out. */
  readonly #gone = new Set<string>();
  readonly #listeners = new Set<() => void>();
  /** Counts the changes listeners were told of: a view made before a subscription can tell it missed one. */
  #revision = 0;

  constructor(options: PoolFeedOptions) {
    this.#options = options;
    const { first, pins, orderAtOnce, feedKey, query } = options;
    this.pool = first.pool ? first.pool.candidates : first.items;
    this.#byId = new Map(this.pool.map((c) => [c.id, c]));
    this.poolIds = new Set(this.#byId.keys());
    pins.remember(first.items);
    // Known at once (no history: server order, whose first page came in full with the answer):
    // the first page is out before the constructor returns, so the grid draws it in the same
    // frame as the answer instead of after the personalization chunk has answered.
    const atOnce = orderAtOnce?.({ pool: this.pool, exclude: new Set(), shown: 0, feedKey, query });
    if (atOnce) this.#setOrder(atOnce.ids, atOnce.provisional);
    this.#pump();
  }

  /** Changes each time the feed tells its listeners of one. */
  get revision(): number {
    return this.#revision;
  }

  /** The first page is out, or the pool turned out to have nothing to show. */
  get ready(): boolean {
    return this.pages.length > 0 || this.exhausted;
  }

  /** Every pin of the pool is shown (or left out): the server's pages come next. */
  get exhausted(): boolean {
    return this.#upcoming !== null && this.#upcoming.length === 0;
  }

  get hasMore(): boolean {
    return !this.exhausted;
  }

  /** A page was asked for and is on its way. */
  get pending(): boolean {
    return this.#wanted > this.pages.length && this.hasMore && this.error === null;
  }

  /** Asks for the next page (again, after an error). */
  requestNext(): void {
    if (!this.hasMore) return;
    this.error = null;
    this.#stalled = false;
    this.#wanted = Math.max(this.#wanted, this.pages.length + 1);
    this.#notify();
    this.#pump();
  }

  /**
   * The feed as the grid sees it, over the query of server pages (use-pool-feed.ts): the pool's
   * pages and the server's past the pool (poolWindow), paging on through the pool's pages before
   * the query's; the query's own state otherwise. Only once the first page is out (`ready`).
   */
  view<P extends ServerPage>(
    query: ServerFeedQuery<P>,
    hidden: ReadonlySet<string>,
  ): PoolFeedQuery {
    const { pages, pageParams, attached } = poolWindow({
      pool: this,
      server: query.data!,
      pastPool: (page: P) => {
        let shown = pastPoolPages.get(page);
        if (!shown) {
          const items = page.items.filter((c) => !this.poolIds.has(c.id) && !hidden.has(c.id));
          shown = { items };
          pastPoolPages.set(page, shown);
        }
        return shown;
      },
    });
    const { pending, error, hasMore } = this;
    return {
      ...query,
      data: { pages, pageParams },
      hasNextPage: hasMore || query.hasNextPage,
      hasPreviousPage: !attached && query.hasPreviousPage,
      fetchNextPage: hasMore
        ? async () => {
            this.requestNext();
            return query as never;
          }
        : query.fetchNextPage,
      isFetching: query.isFetching || pending,
      isFetchingNextPage: query.isFetchingNextPage || pending,
      isError: query.isError || error !== null,
      isFetchNextPageError: query.isFetchNextPageError || error !== null,
      error: error ?? query.error,
    } as PoolFeedQuery;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(): void {
    this.#revision++;
    for (const listener of this.#listeners) listener();
  }

  /** One step at a time: order what is left, fetch the next page's pins, show it when asked. */
  #pump(): void {
    if (this.#busy || this.#stalled) return;
    if (this.#upcoming === null) {
      this.#busy = true;
      void this.#order().then(() => {
        this.#busy = false;
        this.#notify();
        this.#pump();
      });
      return;
    }
    const wanted = this.#wanted > this.pages.length;
    if (wanted && this.#provisional && !this.#orderedWhenWanted) {
      this.#orderedWhenWanted = true;
      this.#upcoming = null;
      this.#pump();
      return;
    }
    const next = this.#upcoming.slice(0, this.#options.pageSize);
    if (next.length === 0) return;
    const { pins } = this.#options;
    const first = this.pages.length === 0;
    const offline = globalThis.navigator?.onLine === false;
    // The first page draws pins it has no display data for from the pool's own display fields
    // (the first candidates carry them): a first page ordered from the history is then out
    // without a round trip. Later pages fetch their pins in full, ahead of the reader. Not
    // offline: those thumbnails were most likely never seen, so not cached either.
    const drawable = (id: string) => first && !offline && Boolean(this.#byId.get(id)?.display);
    const absent = next.filter((id) => !pins.has(id) && !drawable(id) && !this.#gone.has(id));
    if (absent.length > 0 && first && offline) {
      // Offline, a pins request waits for the connection (the QueryClient's network mode), and a
      // page saved offline would never show: its first page is the server's, whose pins came in
      // full with the (cached) answer.
      this.#serverFirstPage();
      this.#pump();
      return;
    }
    if (absent.length > 0) {
      // The next page's display data, fetched as soon as the page is decided: ahead of the reader.
      this.#busy = true;
      pins.load(absent).then(
        ({ missing }) => {
          for (const id of missing) this.#gone.add(id);
          this.#busy = false;
          this.#pump();
        },
        (error: unknown) => {
          this.#busy = false;
          if (this.pages.length === 0) {
            // The first page must not wait on a retry: show the server's, which came in full.
            this.#serverFirstPage();
          } else {
            // Fetched ahead of the reader: say so only once the page is asked for (Retry).
            this.#stalled = true;
            if (this.#wanted > this.pages.length) this.error = error;
          }
          this.#notify();
          this.#pump();
        },
      );
      return;
    }
    if (wanted) {
      this.#show(next);
      this.#notify();
      this.#pump();
    }
  }

  /** The server's first page as the next to show: its pins came in full with the answer. */
  #serverFirstPage(): void {
    this.#upcoming = this.#options.first.items.map((c) => c.id).filter((id) => this.#byId.has(id));
    this.#provisional = false;
  }

  async #order(): Promise<void> {
    const { plan, feedKey, query } = this.#options;
    let order: string[];
    let provisional = false;
    try {
      const planned = await plan({
        pool: this.pool,
        exclude: new Set(this.#shown),
        shown: this.#shownCount,
        feedKey,
        query,
      });
      order = planned.ids;
      provisional = planned.provisional;
    } catch {
      // The port never rejects; should it, server order is the answer.
      order = this.pool.map((c) => c.id);
    }
    this.#setOrder(order, provisional);
  }

  /** What is left to show, in `order` (pins of the pool not shown yet, each once). */
  #setOrder(order: readonly string[], provisional: boolean): void {
    this.#provisional = provisional;
    const seen = new Set<string>();
    this.#upcoming = order.filter(
      (id) => this.#byId.has(id) && !this.#shown.has(id) && !seen.has(id) && Boolean(seen.add(id)),
    );
  }

  #show(ids: readonly string[]): void {
    const hidden = this.#options.hidden();
    const { pins } = this.#options;
    const items: Candidate[] = [];
    const first = this.pages.length === 0;
    for (const id of ids) {
      this.#shown.add(id);
      const candidate = this.#byId.get(id)!;
      const pin = pins.get(id);
      if (hidden.has(id)) continue;
      // The pin's display data with the pool's ranking fields (the engagement log copies the
      // embedding); else the card from the pool's display fields (cardOf says what it lacks).
      if (pin) items.push({ ...pin, ...withoutDisplay(candidate) });
      else if (first && candidate.display && !this.#gone.has(id)) items.push(cardOf(candidate));
    }
    this.#shownCount += items.length;
    this.pages = [...this.pages, { items }];
    this.params = [...this.params, { slice: this.params.length }];
    // What is left is ordered again, with whatever the reader did meanwhile.
    this.#upcoming = null;
    this.#orderedWhenWanted = this.#wanted > this.pages.length;
  }
}
