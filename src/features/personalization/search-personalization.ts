/**
 * This feature's implementation of the search feed's personalization port
 * (src/features/search/personalization-port.ts). It matches that interface
 * structurally; src/app hands it to the search feature, so neither feature
 * imports the other.
 */
import {
  LazyCardExtras,
  LazyCloseupExtras,
  LazyPersonalizedNote,
} from './pin-extras/lazy-pin-extras';
import type { personalizePool } from './personalize-page';
import type { Pin, PoolCandidate } from '@/contract/api';
import { engagementStoreModule } from './store/engagement-module';
import { storedLogHint } from './store/log-hint';
import { useHiddenIds, useHistoryEpoch } from './store/use-engagement';

/** The reranking path (features, the rerank controller) is a lazy chunk, fetched with the first page. */
const preparePool: typeof personalizePool = async (input) =>
  (await import('./personalize-page')).personalizePool(input);

/**
 * Whether this device may hold an engagement history: one stored (the synchronous hint), or one
 * made in this session (the store, once its chunk is in; storage may be blocked, so no hint).
 */
function mayHoldHistory(): boolean {
  if (storedLogHint()) return true;
  const store = engagementStoreModule.getState();
  return store.status === 'loaded' && store.value.useEngagementStore.getState().events.length > 0;
}

/**
 * No history: nothing to restore, hide or personalize, so the first order is the server's, known
 * at once — what personalizePool would answer, without waiting for its chunk (the reranking path,
 * its features and the controller) before the first page is drawn (bench/web-vitals.ts, mobile
 * cold LCP). Its debug line and User Timing mark follow when the chunk is in.
 */
function orderAtOnce(input: {
  pool: readonly PoolCandidate[];
  exclude: ReadonlySet<string>;
  shown: number;
  query: string;
}): { ids: string[]; provisional: boolean } | null {
  if (mayHoldHistory()) return null;
  const decidedAt = performance.now();
  void import('./personalize-page').then(
    (m) => m.reportOrderAtOnce({ ...input, decidedAt }),
    () => undefined, // the debug line only: a failed chunk is reported where it is needed
  );
  return {
    ids: input.pool.filter((c) => !input.exclude.has(c.id)).map((c) => c.id),
    provisional: false,
  };
}

/**
 * The engagement store is a lazy chunk (store/engagement-module.ts), fetched when the app starts:
 * an open or an Undo before it is in is logged once it is (the service worker precaches it, so
 * offline too).
 */
const actions = () => import('./store/engagement-actions');
const onOpen = (pin: Pin, query: string) => void actions().then((a) => a.logOpen(pin, query));
const unhide = (pinId: string) => void actions().then((a) => a.unhidePin(pinId));

export const searchPersonalization = {
  preparePool,
  orderAtOnce,
  // The log's chunk orders the results page's modules and logs their views and uses.
  modules: engagementStoreModule,
  useEpoch: useHistoryEpoch,
  useHiddenIds,
  unhide,
  onOpen,
  CardExtras: LazyCardExtras,
  CloseupExtras: LazyCloseupExtras,
  FeedNote: LazyPersonalizedNote,
};
