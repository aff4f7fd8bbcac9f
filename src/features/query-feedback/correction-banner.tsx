import type { UnderstoodQuery } from '@/contract/api';
import { currentLocale, t } from '@/lib/i18n/i18n';
import { Link } from '@/lib/url-state/link';
import { asTyped, correctedQuery, languageName } from './corrected-query';
import './query-feedback.css';

export interface CorrectionBannerProps {
  query: UnderstoodQuery;
  /** The same search with spelling correction and translation off (`exact=1`). */
  searchInsteadHref: string;
}

/**
 * "Showing results for butterfly · Search instead for buterfly" when the server corrected the
 * query; "Showing results for dog · searched as German: Hund · search Hund as typed" when it read
 * words of another language (a translation is not a mistake, so the link says "as typed").
 * One component for both: a second one cost the first paint more than these few lines.
 */
export function CorrectionBanner({ query, searchInsteadHref }: CorrectionBannerProps) {
  const translations = query.translations ?? [];
  if (query.corrections.length + translations.length === 0) return null;
  const typed = <Link href={searchInsteadHref}>{query.raw}</Link>;
  const shown = correctedQuery({ ...query, corrections: [...query.corrections, ...translations] });
  return (
    <p className="correction-banner">
      <span>{t('Showing results for {query}', { query: <strong>{shown}</strong> })}</span>
      {query.language && (
        <span className="correction-banner__instead">
          {t('searched as {language}: {words}', {
            language: languageName(query.language, currentLocale()),
            words: translations.map((w) => asTyped(query.raw, w.from)).join(' '),
          })}
        </span>
      )}
      <span className="correction-banner__instead">
        {translations.length > 0
          ? t('search {query} as typed', { query: typed })
          : t('Search instead for {query}', { query: typed })}
      </span>
    </p>
  );
}
