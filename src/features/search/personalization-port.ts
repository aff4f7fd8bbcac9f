/**
 * What the search feature needs from on-device personalization, as a port:
 * src/app plugs in the implementation (features never import each other), and
 * without a provider the feed behaves exactly as before (server order, no
 * extra buttons). Keep this interface small: every member is a seam.
 */
import { createContext, useContext, type ComponentType } from 'react';
import type { Candidate, Pin } from '@/contract/api';

export interface SearchPersonalization {
  /**
   * Orders (and filters: hidden pins go) a freshly fetched page before it is
   * shown. Must settle quickly — the implementation owns the time budget — and
   * never reject; `offset` is the page's first server rank when known.
   */
  preparePage(input: {
    items: Candidate[];
    feedKey: string;
    offset: number | null;
    query: string;
  }): Promise<Candidate[]>;
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

export const SERVER_ORDER_ONLY: SearchPersonalization = {
  preparePage: async ({ items }) => items,
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
