// Global styles first, so feature stylesheets (imported by the pages) come after them in the bundle.
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { suggestionPanelModule } from '@/features/autocomplete/search-combobox';
import { pinPageModule } from '@/features/search/pin-route';
import { lazyModule, preloadWhenIdle } from '@/lib/lazy/lazy-module';
import { getAppHistory } from '@/lib/url-state/history-store';
import { installScrollMemory } from '@/lib/url-state/scroll-memory';
import { App } from './app';
import { prefetchFirstView } from './prefetch-first-view';
import { AppProviders } from './providers';
import { createQueryClient } from './query-client';

installScrollMemory(getAppHistory());
const queryClient = createQueryClient();
prefetchFirstView(queryClient, window.location);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <AppProviders client={queryClient}>
      <App />
    </AppProviders>
  </StrictMode>,
);
// What the first paint left out but a reader's next step needs: the search box's popup and the
// closeup a card opens; and, as late, the service worker and the app's notices (pwa/start.tsx).
preloadWhenIdle([
  suggestionPanelModule,
  pinPageModule,
  lazyModule(() => import('./pwa/start').then((m) => m.start(queryClient))),
]);
