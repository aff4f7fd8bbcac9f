import type { UnderstoodQuery } from '@/contract/api';
import { Link } from '@/lib/url-state/link';
import { correctedQuery } from './corrected-query';
import './query-feedback.css';

export interface CorrectionBannerProps {
  query: UnderstoodQuery;
  /** The same search with spelling correction off (`exact=1`). */
  searchInsteadHref: string;
}

/** "Showing results for butterfly — Search instead for buterfly", when the server corrected the query. */
export function CorrectionBanner({ query, searchInsteadHref }: CorrectionBannerProps) {
  if (query.corrections.length === 0) return null;
  return (
    <p className="correction-banner">
      <span>
        Showing results for <strong>{correctedQuery(query)}</strong>
      </span>
      <span className="correction-banner__instead">
        Search instead for <Link href={searchInsteadHref}>{query.raw}</Link>
      </span>
    </p>
  );
}
