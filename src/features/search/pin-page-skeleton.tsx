import { getAppHistory } from '@/lib/url-state/history-store';

export function BackButton() {
  return (
    <button
      type="button"
      className="button back-button"
      onClick={() => getAppHistory().backOr('/')}
    >
      <span aria-hidden="true">←</span> Back
    </button>
  );
}

/** The closeup while its pin loads: the same box the details will fill, so nothing moves. */
export function CloseupSkeleton() {
  return (
    <div className="closeup closeup--loading" aria-busy="true" aria-label="Loading pin">
      <div className="closeup__media closeup__media--skeleton" />
      <div className="closeup__details">
        <div className="skeleton-line skeleton-line--title" />
        <div className="skeleton-line" />
        <div className="skeleton-line skeleton-line--short" />
      </div>
    </div>
  );
}
