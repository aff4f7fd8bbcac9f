// Global styles first, so feature stylesheets (imported by the pages) come after them in the bundle.
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { suggestionPanelModule } from '@/features/autocomplete/search-combobox';
import { chipRailModule } from '@/features/refinements/chip-rail-module';
import { pinPageModule } from '@/features/search/pin-route';
import { initialLocale, setLocale } from '@/lib/i18n/i18n';
import { lazyModule, preloadWhenIdle } from '@/lib/lazy/lazy-module';
import { getAppHistory } from '@/lib/url-state/history-store';
import { installScrollMemory } from '@/lib/url-state/scroll-memory';
import { App } from './app';
import { prefetchFirstView } from './prefetch-first-view';
import { languageMenuModule } from './site-footer';
import { AppProviders } from './providers';
import { createQueryClient } from './query-client';

installScrollMemory(getAppHistory());
const queryClient = createQueryClient();
const firstViewReady = prefetchFirstView(queryClient, window.location);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

function render(into: HTMLElement) {
  createRoot(into).render(
    <StrictMode>
      <AppProviders client={queryClient}>
        <App />
      </AppProviders>
    </StrictMode>,
  );
}

// Another language's catalogue comes in before the first render, so the page never flashes
// English first; without it (offline, a deploy replaced the chunk) the page stays English.
// A results page's first render also waits (briefly) for the chunk that cuts its first page
// (prefetch-first-view.ts), so it draws the results rather than a skeleton.
// (A top-level await here would make the build split the entry into several scripts.)
const locale = initialLocale();
const catalogue = locale === 'en' ? undefined : setLocale(locale).catch(() => undefined);
void Promise.all([firstViewReady, catalogue]).then(() => render(root));

// What the first paint left out but a reader's next step needs: the search box's popup and the
// closeup a card opens; and, as late, the service worker and the app's notices (pwa/start.tsx).
preloadWhenIdle([
  suggestionPanelModule,
  pinPageModule,
  chipRailModule,
  languageMenuModule,
  lazyModule(() => import('./pwa/start').then((m) => m.start(queryClient))),
]);
