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
import type { Pin } from '@/contract/api';
import { useHiddenIds, useHistoryEpoch } from './store/use-engagement';

/** The reranking path (features, the rerank controller) is a lazy chunk, fetched with the first page. */
const preparePool: typeof personalizePool = async (input) =>
  (await import('./personalize-page')).personalizePool(input);

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
  useEpoch: useHistoryEpoch,
  useHiddenIds,
  unhide,
  onOpen,
  CardExtras: LazyCardExtras,
  CloseupExtras: LazyCloseupExtras,
  FeedNote: LazyPersonalizedNote,
};
