import { ChipRail } from '@/features/refinements/chip-rail';
import { CorrectionBanner } from '@/features/query-feedback/correction-banner';
import { RelatedSearches } from '@/features/query-feedback/related-searches';
import { SearchPage } from '@/features/search/search-page';
import { navigate } from '@/lib/url-state/history-store';
import { searchHref } from '@/lib/url-state/routes';
import { useSearchSummary } from './use-search-summary';

const relatedHref = (text: string) => searchHref(text);

/**
 * The results page, composed: the search feature's page with the query-understanding UI
 * (correction banner, refinement chips, related searches) above its feed. Features do not
 * know each other; the URL is the only state they share.
 */
export function SearchRoute({ q, refine, exact }: { q: string; refine: string[]; exact: boolean }) {
  const { summary, stale } = useSearchSummary({ q, refine, exact });
  return (
    <SearchPage
      q={q}
      refine={refine}
      exact={exact}
      aboveFeed={
        summary && (
          <>
            <CorrectionBanner
              query={summary.query}
              searchInsteadHref={searchHref(q, refine, { exact: true })}
            />
            <ChipRail
              refinements={summary.refinements}
              active={refine}
              stale={stale}
              onChange={(next) => navigate(searchHref(q, next, { exact }))}
            />
            {summary.relatedSearches && (
              <RelatedSearches searches={summary.relatedSearches} hrefFor={relatedHref} />
            )}
          </>
        )
      }
    />
  );
}
