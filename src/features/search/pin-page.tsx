import { useCallback, useEffect, useRef, useState, type ComponentProps } from 'react';
import type { Pin } from '@/contract/api';
import { ApiError, errorMessage } from '@/lib/api-client/api-client';
import { useDocumentTitle } from '@/lib/dom/use-document-title';
import { Link } from '@/lib/url-state/link';
import { searchHref } from '@/lib/url-state/routes';
import { useLocationSnapshot } from '@/lib/url-state/use-location';
import { useScrollRestoration } from '@/lib/url-state/use-scroll-restoration';
import { usePin } from './api/get-pin';
import { RELATED_PAGE_SIZE, useRelated } from './api/get-related';
import { pinKeys } from './api/query-keys';
import { ErrorState } from './feed/feed-states';
import { MasonryFeed } from './feed/masonry-feed';
import { markLoaded } from './feed/pin-card';
import { usePoolFeed } from './feed/use-pool-feed';
import { useSearchPersonalization } from './personalization-port';
import { BackButton, CloseupSkeleton } from './pin-page-skeleton';
import { CloseupVideo, ProductDetails } from './pin-types/closeup-media';
import { SimilarPins } from './similar-pins';
import { useOpenPin } from './use-open-pin';
import { LookResults, useLook, VisualSearchMedia } from './visual-search/visual-search-entry';
import './search.css';
import { t } from '@/lib/i18n/i18n';

/** The related feed's heading and accessible name (a function: the interface language may change). */
export const relatedLabel = () => t('More like this');

function isNotFound(error: unknown): boolean {
  // 400 means the id cannot exist (bad characters); for a reader that is the same as 404.
  return error instanceof ApiError && (error.status === 404 || error.status === 400);
}

/** A list of tags, each a link to its search. */
function TagLinks({ tags, ...list }: { tags: readonly string[] } & ComponentProps<'ul'>) {
  return (
    <ul {...list}>
      {tags.map((tag) => (
        <li key={tag}>
          <Link className="tag" href={searchHref(tag)}>
            {tag}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function PinDetails({ pin }: { pin: Pin }) {
  const { CloseupExtras } = useSearchPersonalization();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { navigationType } = useLocationSnapshot();
  useEffect(() => {
    // Opening a closeup is a page change: move focus to its heading so it is announced.
    if (navigationType === 'push') headingRef.current?.focus({ preventScroll: true });
  }, [navigationType]);

  return (
    <article className="closeup" aria-labelledby="closeup-title">
      <div className="closeup__media">
        <VisualSearchMedia pin={pin}>
          {pin.video ? (
            <CloseupVideo pin={pin} video={pin.video} />
          ) : (
            <img
              src={pin.imageUrl2x}
              alt={pin.title}
              width={pin.width * 2}
              height={pin.height * 2}
              decoding="async"
              style={{ backgroundColor: pin.dominantColor }}
              onLoad={markLoaded}
            />
          )}
        </VisualSearchMedia>
      </div>
      <div className="closeup__details">
        <h1 id="closeup-title" ref={headingRef} tabIndex={-1} className="closeup__title">
          {pin.title}
        </h1>
        {pin.description && pin.description !== pin.title && (
          <p className="closeup__description">{pin.description}</p>
        )}
        {pin.product && <ProductDetails product={pin.product} />}
        <dl className="closeup__facts">
          <dt>{t('Category')}</dt>
          <dd>
            <Link href={searchHref(pin.category)}>{pin.category}</Link>
          </dd>
          <dt>{t('Source')}</dt>
          <dd>
            {pin.source.url ? (
              <a href={pin.source.url} target="_blank" rel="noopener noreferrer">
                {pin.source.attribution}
              </a>
            ) : (
              pin.source.attribution
            )}
          </dd>
          <dt>{t('Licence')}</dt>
          <dd>
            <a href={pin.license.url} target="_blank" rel="license noopener noreferrer">
              {pin.license.name}
            </a>
          </dd>
        </dl>
        {pin.tags.length > 0 && (
          <>
            <h2 className="closeup__subheading" id="closeup-tags">
              {t('Tags')}
            </h2>
            <TagLinks tags={pin.tags} className="tag-list" aria-labelledby="closeup-tags" />
          </>
        )}
        {pin.suggestedTags && pin.suggestedTags.length > 0 && (
          <>
            <h2 className="closeup__subheading" id="closeup-suggested-tags">
              {t('Suggested tags')}
            </h2>
            <p className="closeup__note" id="closeup-suggested-note">
              {t('Guessed from the picture, not given by its author.')}
            </p>
            <TagLinks
              tags={pin.suggestedTags}
              className="tag-list tag-list--suggested"
              aria-labelledby="closeup-suggested-tags"
              aria-describedby="closeup-suggested-note"
            />
          </>
        )}
        <SimilarPins pin={pin} />
        <CloseupExtras pin={pin} />
      </div>
    </article>
  );
}

function RelatedPins({ id, onReady }: { id: string; onReady: () => void }) {
  // One feed per history entry, as for search results (search-page.tsx).
  const { key: entryKey } = useLocationSnapshot();
  const feedKey = JSON.stringify([...pinKeys.related(id), entryKey]);
  // Like search results: pages cut from the device's order of the pin's related pins (a pool).
  const { feed: related } = usePoolFeed(useRelated(id), {
    feedKey,
    searchText: '',
    pageSize: RELATED_PAGE_SIZE,
  });
  const openPin = useOpenPin();
  const { data, isError, hasNextPage } = related;
  const count = data?.pages.reduce((n, p) => n + p.items.length, 0) ?? 0;
  const empty = Boolean(data && count === 0 && !hasNextPage);
  useEffect(() => {
    if (empty || (isError && !data)) onReady();
  }, [empty, isError, data, onReady]);

  return (
    <section className="related" aria-labelledby="related-heading">
      <h2 id="related-heading" className="related__title">
        {relatedLabel()}
      </h2>
      {!data && isError ? (
        <ErrorState
          title={t('Couldn’t load similar ideas.')}
          message={errorMessage(related.error)}
          onRetry={() => void related.refetch()}
          retrying={related.isFetching}
        />
      ) : empty ? (
        <p role="status" className="feed-state">
          {t('Nothing similar yet.')}
        </p>
      ) : (
        <MasonryFeed
          label={relatedLabel()}
          feedKey={feedKey}
          query={related}
          setSize={data && !hasNextPage ? count : -1}
          titleLevel={3}
          onOpen={openPin}
          onReady={onReady}
        />
      )}
    </section>
  );
}

export function PinPage({ id }: { id: string }) {
  const pin = usePin(id);
  const notFound = isNotFound(pin.error);
  const [relatedReady, setRelatedReady] = useState(false);
  const look = useLook();
  const onRelatedReady = useCallback(() => setRelatedReady(true), []);
  useDocumentTitle(pin.data?.title ?? (notFound ? t('Pin not found') : null));
  useScrollRestoration((pin.data !== undefined && relatedReady) || pin.isError);

  if (notFound) {
    return (
      <div className="pin-page">
        <BackButton />
        <div className="feed-state not-found">
          <h1 className="feed-state__title">{t('Pin not found')}</h1>
          <p>{t('This pin doesn’t exist, or it isn’t in this index any more.')}</p>
          <p>
            <Link href="/">{t('Go to the start page')}</Link>
          </p>
        </div>
      </div>
    );
  }

  return (
    <div className="pin-page">
      <BackButton />
      {pin.data ? (
        <PinDetails pin={pin.data} />
      ) : pin.isError ? (
        <ErrorState
          title={t('Couldn’t load this pin.')}
          message={errorMessage(pin.error)}
          onRetry={() => void pin.refetch()}
          retrying={pin.isFetching}
        />
      ) : (
        <CloseupSkeleton />
      )}
      {pin.data && look && <LookResults pin={pin.data} look={look} />}
      {!pin.isError && <RelatedPins id={id} onReady={onRelatedReady} />}
    </div>
  );
}
