import { useId } from 'react';
import { Link } from '@/lib/url-state/link';
import './query-feedback.css';
import { t } from '@/lib/i18n/i18n';

export interface RelatedSearchesProps {
  /** None (an answer without the field) or an empty list: nothing is drawn. */
  searches?: readonly string[] | undefined;
  hrefFor: (text: string) => string;
}

/** "People also search for": a labelled list of links to other searches. */
export function RelatedSearches({ searches, hrefFor }: RelatedSearchesProps) {
  const headingId = useId();
  if (!searches?.length) return null;
  return (
    <nav className="related-searches" aria-labelledby={headingId}>
      <h2 id={headingId} className="related-searches__title">
        {t('Related searches')}
      </h2>
      <ul className="related-searches__list">
        {searches.map((text) => (
          <li key={text}>
            <Link className="related-searches__link" href={hrefFor(text)}>
              {text}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
