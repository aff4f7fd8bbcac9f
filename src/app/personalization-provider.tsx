import { useEffect, type ReactNode } from 'react';
import { searchPersonalization } from '@/features/personalization/search-personalization';
import { installRerankWarmUp } from '@/features/personalization/warm-up';
import {
  SearchPersonalizationContext,
  type SearchPersonalization,
} from '@/features/search/personalization-port';

/** Typed here, where both features meet: personalization implements search's port. */
const port: SearchPersonalization = searchPersonalization;

/**
 * Plugs on-device personalization into the search feature (reranked pages, Save,
 * "Not interested", engagement logging). Its toggles sit in the top bar (app.tsx).
 */
export function PersonalizationProvider({ children }: { children: ReactNode }) {
  useEffect(() => installRerankWarmUp(), []);
  return (
    <SearchPersonalizationContext.Provider value={port}>
      {children}
    </SearchPersonalizationContext.Provider>
  );
}
