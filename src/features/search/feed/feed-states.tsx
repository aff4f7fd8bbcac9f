import type { ReactNode } from 'react';
import { t } from '@/lib/i18n/i18n';

export function ErrorState({
  title,
  message,
  onRetry,
  retrying = false,
  className = '',
}: {
  title: string;
  message: string;
  onRetry: () => void;
  retrying?: boolean;
  className?: string;
}) {
  return (
    <div role="alert" className={`feed-state feed-state--error ${className}`}>
      <p className="feed-state__title">{title}</p>
      <p className="feed-state__message">{message}</p>
      <button
        type="button"
        className="button button--primary"
        onClick={() => !retrying && onRetry()}
        aria-disabled={retrying || undefined}
      >
        {t('Retry')}
      </button>
    </div>
  );
}

/**
 * A search asked for while offline: TanStack Query holds the request (fetchStatus "paused")
 * and sends it when the browser is back online, so this says so instead of a skeleton that
 * never fills or an error that blames the server.
 */
export function OfflineState({ q }: { q: string }) {
  return (
    <div role="status" className="feed-state feed-state--offline">
      <p className="feed-state__title">{t('You’re offline.')}</p>
      <p className="feed-state__message">
        {t('Ideas for “{query}” will load as soon as you’re back online.', { query: q })}
      </p>
    </div>
  );
}

export function EmptyState({ q, children }: { q: string; children?: ReactNode }) {
  return (
    <div role="status" className="feed-state feed-state--empty">
      <p className="feed-state__title">{t('No results for “{query}”', { query: q })}</p>
      {children}
    </div>
  );
}
