import { useDocumentTitle } from '@/lib/dom/use-document-title';
import { Link } from '@/lib/url-state/link';
import { useScrollRestoration } from '@/lib/url-state/use-scroll-restoration';

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  useScrollRestoration(true);
  return (
    <section className="feed-state not-found">
      <h1 className="feed-state__title">Page not found</h1>
      <p>There is nothing at this address.</p>
      <p>
        <Link href="/">Go to the start page</Link>
      </p>
    </section>
  );
}
