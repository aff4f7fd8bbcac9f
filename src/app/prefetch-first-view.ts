/**
 * Starts, before React renders anything, what the first view will otherwise ask for only once it
 * has mounted or once the search response is in, one after another: the search request of a
 * /search URL, the zod contract that validates responses (a lazy chunk), and the pool-feed and
 * personalization chunks that prepare the first page before it is shown. On a phone-class CPU and
 * network those waits were most of the time before the first thumbnail was requested
 * (bench/web-vitals.ts).
 * A /pin/ URL gets its pin's request and the closeup page's chunk (lazy), which would otherwise go
 * one after the other. Each is what the app would fetch anyway, with the same query key or module,
 * so nothing is fetched twice (but for a pin the server rejects before the chunk is in: the page
 * asks once more when it mounts, as it does for any query in error).
 */
import type { QueryClient } from '@tanstack/react-query';
import { chipRailModule } from '@/features/refinements/chip-rail-module';
import { pinQueryOptions } from '@/features/search/api/get-pin';
import { searchInfiniteQueryOptions } from '@/features/search/api/get-search';
import { loadPoolFeed } from '@/features/search/feed/use-pool-feed';
import { pinExtrasModule } from '@/features/personalization/pin-extras/lazy-pin-extras';
import { storedLogHint } from '@/features/personalization/store/log-hint';
import { pinPageModule } from '@/features/search/pin-route';
import { searchModulesModule } from '@/features/search/modules/module-blocks';
import { resultTabsModule } from '@/features/search/tabs/tabs-module';
import { hasFirstViewAnswer } from '@/lib/api-client/first-view';
import { loadContract } from '@/lib/api-client/load-contract';
import { parseRoute } from '@/lib/url-state/routes';

/**
 * How long the first render may wait for the pool feed's chunk on a results page that came with
 * its first answer. The page hints the chunk (scripts/lib/first-view-chunks.ts), so it is
 * normally in by the time main.js has run and this costs a task or two; the bound keeps a slow or
 * failed chunk from holding back the page's first paint.
 */
export const FIRST_RENDER_WAIT_MS = 100;

/**
 * Starts the first view's requests; resolves when the first render may go: at once, but on a
 * results page that came with its first answer once the pool feed's chunk is in (or
 * FIRST_RENDER_WAIT_MS have passed). The first render then draws the first page itself (a first
 * visit's order is known at once), not a skeleton that another render replaces a frame later.
 */
export function prefetchFirstView(
  client: QueryClient,
  location: Pick<Location, 'pathname' | 'search'>,
): Promise<void> {
  const route = parseRoute(location.pathname, location.search);
  if (route.name === 'pin') {
    void client.prefetchQuery(pinQueryOptions(route.id));
    void pinPageModule.load().catch(() => undefined); // the page shows a failed chunk itself
    void pinExtrasModule.load().catch(() => undefined); // its Save button
    return Promise.resolve();
  }
  if (route.name !== 'search') return Promise.resolve();
  // The fetcher reports a failed chunk itself. A page that came with its first answer needs the
  // contract only later (src/lib/api-client/first-view.ts): its start-up stays off the first
  // results' path.
  const answered = hasFirstViewAnswer();
  if (!answered) void loadContract().catch(() => undefined);
  void client.prefetchInfiniteQuery(
    searchInfiniteQueryOptions({
      q: route.q,
      refine: route.refine,
      exact: route.exact,
      type: route.type,
    }),
  );
  // The same chunks the first page needs: the pool feed (pages cut from the candidate pool) and,
  // on a device with a history, the personalization that orders the pool (search-personalization.ts
  // imports it). Without one the first page is server order, known at once (orderAtOnce): that
  // chunk is asked for once the first page is out, not while the first page is being drawn.
  const poolFeed = loadPoolFeed().catch(() => undefined);
  void chipRailModule.load().catch(() => undefined);
  void resultTabsModule.load().catch(() => undefined);
  // Most broad queries come with modules: their chunk comes with the search, not after it.
  void searchModulesModule.load().catch(() => undefined);
  if (storedLogHint())
    void import('@/features/personalization/personalize-page').catch(() => undefined);
  // The cards' Save buttons and menus (a card mounting later would ask for them anyway).
  void pinExtrasModule.load().catch(() => undefined);
  if (!answered) return Promise.resolve();
  return Promise.race([
    poolFeed.then(() => undefined),
    new Promise<void>((resolve) => setTimeout(resolve, FIRST_RENDER_WAIT_MS)),
  ]);
}
