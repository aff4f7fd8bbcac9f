import { Fragment, type MouseEvent } from 'react';
import { lazyModule } from '@/lib/lazy/lazy-module';
import { useLazyModule } from '@/lib/lazy/use-lazy-module';
import { PersonalizationDock } from '@/features/personalization/dock/personalization-dock';
import { PinRoute } from '@/features/search/pin-route';
import { t, useLocale } from '@/lib/i18n/i18n';
import { routeHref, type Route } from '@/lib/url-state/routes';
import { useRoute } from '@/lib/url-state/use-location';
import { ErrorBoundary } from './error-boundary';
import { HomePage } from './home-page';
import { OfflineBanner } from './offline-banner';
import { SiteFooter } from './site-footer';
import { SearchRoute } from './search-route';
import { SiteHeader } from './site-header';

/** A mistyped address is rare: its page is a chunk of its own, not on every first paint. */
const notFoundModule = lazyModule(() => import('./not-found-page'));

function NotFound() {
  const page = useLazyModule(notFoundModule);
  return page.status === 'loaded' ? <page.value.NotFoundPage /> : null;
}

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'home':
      return <HomePage />;
    case 'search':
      return (
        <SearchRoute q={route.q} refine={route.refine} exact={route.exact} type={route.type} />
      );
    case 'pin':
      return <PinRoute id={route.id} />;
    case 'not-found':
      return <NotFound />;
  }
}

/** Moves focus to <main> without adding a #main history entry. */
function skipToMain(event: MouseEvent<HTMLAnchorElement>) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}

/**
 * Identity of a page: a new one gets fresh local state. A search keeps its page while only
 * its refinements change, so the chip rail keeps its scroll position and previous chips.
 */
export function pageKey(route: Route): string {
  return route.name === 'search'
    ? `search:${JSON.stringify([route.q, route.exact])}`
    : routeHref(route);
}

export function App() {
  const route = useRoute();
  // A language switch renders the app afresh in the new language (no string outlives it).
  const locale = useLocale();
  // The boundary resets on every navigation (refinements too); the page only when pageKey changes.
  const href = routeHref(route);
  return (
    <Fragment key={locale}>
      <a className="skip-link" href="#main" onClick={skipToMain}>
        {t('Skip to content')}
      </a>
      {/* One bar, two landmarks: the header and the personalization toggles beside it. */}
      <div className="top-bar">
        <SiteHeader q={route.name === 'search' ? route.q : route.name === 'pin' ? null : ''} />
        <PersonalizationDock />
      </div>
      <OfflineBanner />
      <main id="main" className="site-main" tabIndex={-1}>
        <ErrorBoundary resetKey={href}>
          <Page key={pageKey(route)} route={route} />
        </ErrorBoundary>
      </main>
      <SiteFooter />
    </Fragment>
  );
}
