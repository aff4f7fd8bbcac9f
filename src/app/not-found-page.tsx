import { useDocumentTitle } from '@/lib/dom/use-document-title';
import { Link } from '@/lib/url-state/link';
import { useScrollRestoration } from '@/lib/url-state/use-scroll-restoration';
import { t } from '@/lib/i18n/i18n';

export function NotFoundPage() {
  useDocumentTitle(t('Page not found'));
  useScrollRestoration(true);
  return (
    <section className="feed-state not-found">
      <h1 className="feed-state__title">{t('Page not found')}</h1>
      <p>{t('There is nothing at this address.')}</p>
      <p>
        <Link href="/">{t('Go to the start page')}</Link>
      </p>
    </section>
  );
}
