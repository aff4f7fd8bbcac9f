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
import { logOpen, unhidePin } from './store/engagement-actions';
import type { personalizePool } from './personalize-page';
import { useHiddenIds, useHistoryEpoch } from './store/use-engagement';

/** The reranking path (features, the rerank controller) is a lazy chunk, fetched with the first page. */
const preparePool: typeof personalizePool = async (input) =>
  (await import('./personalize-page')).personalizePool(input);

export const searchPersonalization = {
  preparePool,
  useEpoch: useHistoryEpoch,
  useHiddenIds,
  unhide: unhidePin,
  onOpen: logOpen,
  CardExtras: LazyCardExtras,
  CloseupExtras: LazyCloseupExtras,
  FeedNote: LazyPersonalizedNote,
};
