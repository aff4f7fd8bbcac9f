import type { MouseEvent } from 'react';
import { PinPage } from '@/features/search/pin-page';
import { SearchPage } from '@/features/search/search-page';
import { routeHref, type Route } from '@/lib/url-state/routes';
import { useRoute } from '@/lib/url-state/use-location';
import { ErrorBoundary } from './error-boundary';
import { HomePage } from './home-page';
import { NotFoundPage } from './not-found-page';
import { OfflineBanner } from './offline-banner';
import { SiteFooter } from './site-footer';
import { SiteHeader } from './site-header';

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'home':
      return <HomePage />;
    case 'search':
      return <SearchPage q={route.q} refine={route.refine} />;
    case 'pin':
      return <PinPage id={route.id} />;
    case 'not-found':
      return <NotFoundPage />;
  }
}

/** Moves focus to <main> without adding a #main history entry. */
function skipToMain(event: MouseEvent<HTMLAnchorElement>) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}

export function App() {
  const route = useRoute();
  // Keying by URL gives each page fresh local state and resets a tripped error boundary on navigation.
  const href = routeHref(route);
  return (
    <>
      <a className="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <SiteHeader q={route.name === 'search' ? route.q : route.name === 'pin' ? null : ''} />
      <OfflineBanner />
      <main id="main" className="site-main" tabIndex={-1}>
        <ErrorBoundary key={href}>
          <Page key={href} route={route} />
        </ErrorBoundary>
      </main>
      <SiteFooter />
    </>
  );
}
