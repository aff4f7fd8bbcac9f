import type { UnderstoodQuery } from '@/contract/api';
import { Link } from '@/lib/url-state/link';
import { correctedQuery, languageName } from './corrected-query';
import './query-feedback.css';

export interface CorrectionBannerProps {
  query: UnderstoodQuery;
  /** The same search with spelling correction off (`exact=1`). */
  searchInsteadHref: string;
}

/**
 * "Showing results for butterfly — Search instead for buterfly", when the server corrected the
 * query; "Showing results for dog · searched as German: Hund · Search Hund as typed" when it read
 * words in another language (the translation is not a correction, so the link says "as typed").
 */
export function CorrectionBanner({ query, searchInsteadHref }: CorrectionBannerProps) {
  const translations = query.translations ?? [];
  if (query.corrections.length === 0 && translations.length === 0) return null;
  const typed = <Link href={searchInsteadHref}>{query.raw}</Link>;
  return (
    <p className="correction-banner">
      <span>
        Showing results for{' '}
        <strong>{correctedQuery({ ...query, corrections: [...query.corrections, ...translations] })}</strong>
      </span>
      {query.language && (
        <span className="correction-banner__instead">
          searched as {languageName(query.language)}: {translations.map((t) => t.from).join(' ')}
        </span>
      )}
      <span className="correction-banner__instead">
        {translations.length > 0 ? <>Search {typed} as typed</> : <>Search instead for {typed}</>}
      </span>
    </p>
  );
}
