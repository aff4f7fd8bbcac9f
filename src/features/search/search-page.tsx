import { useCallback, useState, type ReactNode } from 'react';
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
import './search.css';
import { t } from '@/lib/i18n/i18n';

export function feedLabel(q: string): string {
  return t('Results for “{query}”', { query: q });
}

export interface SearchPageProps {
  q: string;
  refine: string[];
  exact: boolean;
  /** Composed by the app between the heading and the grid (query feedback, refinement chips). */
  aboveFeed?: ReactNode;
}

/**
 * One query's results. It stays mounted while refinements change (the app keys it by query),
 * so what sits above the feed keeps its state; the feed itself is keyed by the full filters.
 */
export function SearchPage({ q, refine, exact, aboveFeed }: SearchPageProps) {
  const query = useSearch({ q, refine, exact });
  const { FeedNote } = useSearchPersonalization();
  const serverSeek = useSearchSeek({ q, refine, exact });
  const openPin = useOpenPin(q);
  // One feed per history entry: Back finds its pages as they were; a new search of the same
  // query is a new feed, ordered with the history as it is now.
  const { key: entryKey } = useLocationSnapshot();
  const feedKey = JSON.stringify([...searchKeys.list({ q, refine, exact }), entryKey]);
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
      {body}
    </section>
  );
}
