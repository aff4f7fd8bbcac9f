import { useDocumentTitle } from '@/lib/dom/use-document-title';
import { Link } from '@/lib/url-state/link';
import { searchHref } from '@/lib/url-state/routes';
import { useScrollRestoration } from '@/lib/url-state/use-scroll-restoration';
import { t } from '@/lib/i18n/i18n';

export const EXAMPLE_QUERIES = ['cat', 'flower', 'car', 'food', 'music', 'tree', 'heart', 'rocket'];

export function HomePage() {
  useDocumentTitle(null);
  useScrollRestoration(true);
  return (
    <section className="home" aria-labelledby="home-title">
      <h1 id="home-title" className="home__title">
        {t('Find your next idea')}
      </h1>
      <p className="home__lead">
        {t(
          'Explore thousands of open emoji and clip-art illustrations. Type what you are looking for, or start with one of these:',
        )}
      </p>
      <ul className="home__examples">
        {EXAMPLE_QUERIES.map((q) => (
          <li key={q}>
            <Link className="chip" href={searchHref(q)}>
              {q}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
