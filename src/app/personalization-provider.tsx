import { useEffect, type ReactNode } from 'react';
import { PersonalizationDock } from '@/features/personalization/dock/personalization-dock';
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
 * "Not interested", engagement logging) and adds the activity / debug dock.
 */
export function PersonalizationProvider({ children }: { children: ReactNode }) {
  useEffect(() => installRerankWarmUp(), []);
  return (
    <SearchPersonalizationContext.Provider value={port}>
      {children}
      <PersonalizationDock />
    </SearchPersonalizationContext.Provider>
  );
}
