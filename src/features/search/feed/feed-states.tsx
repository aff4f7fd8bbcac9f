import type { ReactNode } from 'react';

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
        Retry
      </button>
    </div>
  );
}

export function EmptyState({ q, children }: { q: string; children?: ReactNode }) {
  return (
    <div role="status" className="feed-state feed-state--empty">
      <p className="feed-state__title">No results for “{q}”</p>
      {children}
    </div>
  );
}
