import { Link } from '@/lib/url-state/link';
import { SearchForm } from './search-form';
import { t } from '@/lib/i18n/i18n';

export function SiteHeader({ q }: { q: string | null }) {
  return (
    <header className="site-header">
      <Link href="/" className="wordmark" aria-label={t('Inspo home')}>
        <svg className="wordmark__mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
          <circle cx="16" cy="16" r="16" />
          <path d="M13 9h6v2h-2v10h2v2h-6v-2h2V11h-2z" fill="#fff" />
        </svg>
        <span className="wordmark__text">Inspo</span>
      </Link>
      <SearchForm q={q} />
    </header>
  );
}
