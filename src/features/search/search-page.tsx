import { useCallback, useState } from 'react';
import { errorMessage } from '@/lib/api-client/api-client';
import { useDocumentTitle } from '@/lib/dom/use-document-title';
import { Link } from '@/lib/url-state/link';
import { searchHref } from '@/lib/url-state/routes';
import { useScrollRestoration } from '@/lib/url-state/use-scroll-restoration';
import { useSearch } from './api/get-search';
import { searchKeys } from './api/query-keys';
import { EmptyState, ErrorState } from './feed/feed-states';
import { MasonryFeed } from './feed/masonry-feed';
import { useOpenPin } from './use-open-pin';
import './search.css';

const numberFormat = new Intl.NumberFormat('en');

export function feedLabel(q: string): string {
  return `Results for “${q}”`;
}

export function SearchPage({ q, refine }: { q: string; refine: string[] }) {
  const query = useSearch({ q, refine });
  const openPin = useOpenPin();
  const [feedReady, setFeedReady] = useState(false);
  const onReady = useCallback(() => setFeedReady(true), []);
  useDocumentTitle(q);

  const { data, isError, isFetching, refetch } = query;
  const first = data?.pages[0];
  const empty = Boolean(
    data && first && first.total === 0 && data.pages.every((p) => p.items.length === 0),
  );
  useScrollRestoration(feedReady || empty || (isError && !data));

  const corrected = first && first.query.corrections.length > 0 ? first.query.normalized : null;

  let body;
  if (!data && isError) {
    body = (
      <ErrorState
        title="Couldn’t load ideas."
        message={errorMessage(query.error)}
        onRetry={() => void refetch()}
        retrying={isFetching}
      />
    );
  } else if (empty) {
    body = (
      <EmptyState q={q}>
        <ul className="feed-state__tips">
          <li>Check the spelling, or try fewer words.</li>
          <li>
            Try something more general, like <Link href={searchHref('animal')}>animal</Link> or{' '}
            <Link href={searchHref('food')}>food</Link>.
          </li>
          {refine.length > 0 && (
            <li>
              <Link href={searchHref(q)}>Search “{q}” without filters</Link>.
            </li>
          )}
        </ul>
      </EmptyState>
    );
  } else {
    body = (
      <MasonryFeed
        label={feedLabel(q)}
        feedKey={JSON.stringify(searchKeys.list({ q, refine }))}
        query={query}
        setSize={first?.total ?? -1}
        titleLevel={2}
        onOpen={openPin}
        onReady={onReady}
      />
    );
  }

  return (
    <section className="search-page" aria-labelledby="search-heading">
      <header className="search-page__header">
        <h1 id="search-heading" className="search-page__title">
          {q}
        </h1>
        {first && first.total > 0 && (
          <p className="search-page__meta">
            {numberFormat.format(first.total)} {first.total === 1 ? 'idea' : 'ideas'}
            {refine.length > 0 && <> · filtered by {refine.join(', ')}</>}
          </p>
        )}
        {corrected && (
          <p className="search-page__meta">
            Showing results for <strong>{corrected}</strong>
          </p>
        )}
      </header>
      {body}
    </section>
  );
}
