import { useRef, useState } from 'react';
import type { PinType } from '@/contract/constants';
import { CorrectionBanner } from '@/features/query-feedback/correction-banner';
import { RelatedSearches } from '@/features/query-feedback/related-searches';
import { chipRailModule } from '@/features/refinements/chip-rail-module';
import { SearchPage } from '@/features/search/search-page';
import { useLazyModule } from '@/lib/lazy/use-lazy-module';
import { navigate } from '@/lib/url-state/history-store';
import { searchHref } from '@/lib/url-state/routes';
import { afterNextPaint } from '@/lib/dom/after-next-paint';
import { useSearchSummary } from './use-search-summary';

/**
 * The results page, composed: the search feature's page with the query-understanding UI
 * (correction banner, refinement chips, related searches) above its feed. Features do not
 * know each other; the URL is the only state they share.
 */
export function SearchRoute({
  q,
  refine,
  exact,
  type,
}: {
  q: string;
  refine: string[];
  exact: boolean;
  type?: PinType | undefined;
}) {
  const { summary, stale } = useSearchSummary({ q, refine, exact, type });
  const rail = useLazyModule(chipRailModule, Boolean(summary));
  // A chip press shows on the rail at once; the URL, and with it the new search and the feed's
  // re-render, follows after that paint, so the press answers within a frame (a low INP).
  const [pending, setPending] = useState<{ from: string; next: string[] } | null>(null);
  const latestPress = useRef(0);
  const refineKey = JSON.stringify(refine);
  const shownRefine = pending && pending.from === refineKey ? pending.next : refine;
  const onRefineChange = (next: string[]) => {
    setPending({ from: refineKey, next });
    const press = ++latestPress.current;
    afterNextPaint(() => {
      // Quick presses in a row: only the last one navigates.
      if (press !== latestPress.current) return;
      navigate(searchHref(q, next, { exact, type }));
      // Batched with the navigation's render; a later Back must not bring this press back.
      setPending(null);
    });
  };
  return (
    <SearchPage
      q={q}
      refine={refine}
      exact={exact}
      type={type}
      aboveFeed={
        summary && (
          <>
            <CorrectionBanner
              query={summary.query}
              searchInsteadHref={searchHref(q, refine, { exact: true })}
            />
            {rail.status === 'loaded' ? (
              <rail.value.ChipRail
                refinements={summary.refinements}
                active={shownRefine}
                stale={stale}
                onChange={onRefineChange}
              />
            ) : (
              // The rail's box until its chunk is in (it is fetched with the search, so rarely
              // seen): the feed below does not move when the chips come.
              summary.refinements.length + shownRefine.length > 0 && (
                <div className="chip-rail-pending" aria-hidden="true" />
              )
            )}
            {/* The related-searches module shows them as tiles in the grid: not twice. A
                narrowed page (a chip pressed) shows no line: they are the broad query's
                neighbours, and the line coming or going with the narrowed answer, after the
                press, would push the feed down or up (a layout shift; e2e/layout-shift.spec.ts).
                The URL decides, and it changes within a frame of the press. */}
            {!refine.length && !summary.modules?.some((m) => m.kind === 'related') && (
              <RelatedSearches
                // New links replace the old rather than sliding into place: no layout shift.
                key={String(summary.relatedSearches)}
                searches={summary.relatedSearches}
                hrefFor={searchHref}
              />
            )}
          </>
        )
      }
    />
  );
}
