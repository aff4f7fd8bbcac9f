import { useCallback, useId, useMemo, useState, type ReactNode } from 'react';
import type { PageModule } from '@/ranking/page-modules';
import type { PinType } from '@/contract/constants';
import { useLazyModule } from '@/lib/lazy/use-lazy-module';
import { navigate } from '@/lib/url-state/history-store';
import { errorMessage } from '@/lib/api-client/api-client';
import { useDocumentTitle } from '@/lib/dom/use-document-title';
import { Link } from '@/lib/url-state/link';
import { searchHref } from '@/lib/url-state/routes';
import { useLocationSnapshot } from '@/lib/url-state/use-location';
import { useScrollRestoration } from '@/lib/url-state/use-scroll-restoration';
import { SEARCH_PAGE_SIZE, useSearch, useSearchSeek } from './api/get-search';
import { searchKeys } from './api/query-keys';
import { EmptyState, ErrorState, OfflineState } from './feed/feed-states';
import { MasonryFeed } from './feed/masonry-feed';
import { usePoolFeed } from './feed/use-pool-feed';
import { useSearchPersonalization } from './personalization-port';
import { useOpenPin } from './use-open-pin';
import { moduleBlocks, moduleKey, searchModulesModule } from './modules/module-blocks';
import { resultTabId } from './tabs/tab-ids';
import { resultTabsModule } from './tabs/tabs-module';
import './search.css';
import { t } from '@/lib/i18n/i18n';

export function feedLabel(q: string): string {
  return t('Results for “{query}”', { query: q });
}

export interface SearchPageProps {
  q: string;
  refine: string[];
  exact: boolean;
  /** The tab: only pins of this type (`type=` in the URL); absent for All. */
  type?: PinType | undefined;
  /** Composed by the app between the heading and the grid (query feedback, refinement chips). */
  aboveFeed?: ReactNode;
}

const NO_MODULES: readonly PageModule[] = [];

/**
 * One query's results. It stays mounted while refinements change (the app keys it by query),
 * so what sits above the feed keeps its state; the feed itself is keyed by the full filters.
 */
export function SearchPage({ q, refine, exact, type, aboveFeed }: SearchPageProps) {
  const filters = { q, refine, exact, type };
  const query = useSearch(filters);
  const { FeedNote, modules: deviceModules } = useSearchPersonalization();
  const serverSeek = useSearchSeek(filters);
  const openPin = useOpenPin(q);
  // One feed per history entry: Back finds its pages as they were; a new search of the same
  // query is a new feed, ordered with the history as it is now.
  const { key: entryKey } = useLocationSnapshot();
  const feedKey = JSON.stringify([...searchKeys.list(filters), entryKey]);
  // Pages cut from the device's order of the candidate pool, then server pages past it (server
  // order without a provider).
  const { feed: feedQuery, seek } = usePoolFeed(query, {
    feedKey,
    searchText: q,
    pageSize: SEARCH_PAGE_SIZE,
    seek: serverSeek,
  });
  const [readyKey, setReadyKey] = useState<string | null>(null);
  const feedReady = readyKey === feedKey;
  const onReady = useCallback(() => setReadyKey(feedKey), [feedKey]);
  useDocumentTitle(q);

  const { data, isError, isFetching, refetch } = query;
  const first = data?.pages[0];
  // The modules of this feed's first page as the device orders them (with its own "From your
  // saves"), decided once, when the first page is ready (it waited for the log, when there is
  // one), and kept once the page is dropped deep in the feed: the grid keeps their rows, so
  // taking them away (or a refetch changing them) would move every card below them.
  const [kept, setKept] = useState<{ feedKey: string; modules: readonly PageModule[] } | null>(
    null,
  );
  const firstModules = data && data.pageParams[0] === null ? first?.modules : undefined;
  if (firstModules && feedQuery.data && kept?.feedKey !== feedKey) {
    const device = deviceModules?.getState();
    setKept({
      feedKey,
      modules:
        device?.status === 'loaded'
          ? device.value.devicePageModules(first!, q, feedKey)
          : firstModules,
    });
  }
  const modules = kept?.feedKey === feedKey ? kept.modules : NO_MODULES;
  const drawModules = useLazyModule(searchModulesModule, modules.length > 0);
  const blocks = useMemo(() => moduleBlocks(modules), [modules]);
  const renderBlock = useCallback(
    (key: string) => {
      const module = modules.find((m) => moduleKey(m) === key);
      // Until the chunk is in, the box (the feed's block) stands empty at its final size:
      // nothing moves when it is.
      return module && drawModules.status === 'loaded' ? (
        <drawModules.value.SearchModuleBlock module={module} q={q} exact={exact} />
      ) : null;
    },
    [modules, drawModules, q, exact],
  );
  const tabs = useLazyModule(resultTabsModule);
  const idPrefix = useId();
  const panelId = `${idPrefix}-results`;
  const empty = Boolean(
    data && first && first.total === 0 && data.pages.every((p) => p.items.length === 0),
  );
  useScrollRestoration(feedReady || empty || (isError && !data));

  let body;
  if (!data && query.isPaused) {
    body = <OfflineState q={q} />;
  } else if (!data && isError) {
    body = (
      <ErrorState
        title={t('Couldn’t load ideas.')}
        message={errorMessage(query.error)}
        onRetry={() => void refetch()}
        retrying={isFetching}
      />
    );
  } else if (empty) {
    body = (
      <EmptyState q={q}>
        <ul className="feed-state__tips">
          <li>{t('Check the spelling, or try fewer words.')}</li>
          <li>
            {t('Try something more general, like {first} or {second}.', {
              first: <Link href={searchHref('animal')}>animal</Link>,
              second: <Link href={searchHref('food')}>food</Link>,
            })}
          </li>
          {refine.length > 0 && (
            <li>
              <Link href={searchHref(q, [], { exact })}>
                {t('Search “{query}” without filters', { query: q })}
              </Link>
            </li>
          )}
        </ul>
      </EmptyState>
    );
  } else {
    body = (
      <MasonryFeed
        // A new feed (no data yet) shows a skeleton. When the first page arrives, whatever
        // depends on it appears above the feed at the same moment (chips, related searches, a
        // correction): the feed is then mounted afresh under that, instead of the skeleton being
        // pushed down, so nothing already on screen moves (no layout shift).
        key={data ? feedKey : `${feedKey}|loading`}
        label={feedLabel(q)}
        feedKey={feedKey}
        query={feedQuery}
        setSize={first?.total ?? -1}
        titleLevel={2}
        onOpen={openPin}
        onReady={onReady}
        prioritizeFirstRow
        seek={seek}
        blocks={blocks}
        renderBlock={renderBlock}
      />
    );
  }

  return (
    <section className="search-page" aria-labelledby="search-heading">
      <header className="search-page__header">
        <h1 id="search-heading" className="search-page__title">
          {q}
        </h1>
        {/* Always there, one line tall: the count arriving must not push the results down. */}
        <p className="search-page__meta">
          {first && first.total > 0 ? (
            <>
              {t('{count, plural, one {# idea} other {# ideas}}', { count: first.total })}
              <FeedNote query={q} />
            </>
          ) : null}
        </p>
      </header>
      {aboveFeed}
      {tabs.status === 'loaded' ? (
        <tabs.value.ResultTabs
          idPrefix={idPrefix}
          panelId={panelId}
          selected={type}
          onSelect={(next) => navigate(searchHref(q, refine, { exact, type: next }))}
        />
      ) : (
        <div className="result-tabs" aria-hidden="true" />
      )}
      {/* A tab panel once its tabs are drawn (its name is the selected tab's). */}
      <div
        id={panelId}
        {...(tabs.status === 'loaded'
          ? { role: 'tabpanel', 'aria-labelledby': resultTabId(idPrefix, type) }
          : {})}
      >
        {body}
      </div>
    </section>
  );
}
