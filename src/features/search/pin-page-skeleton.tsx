import { getAppHistory } from '@/lib/url-state/history-store';
import { t } from '@/lib/i18n/i18n';

export function BackButton() {
  return (
    <button
      type="button"
      className="button back-button"
      onClick={() => getAppHistory().backOr('/')}
    >
      <span className="back-button__arrow" aria-hidden="true">
        ←
      </span>{' '}
      {t('Back')}
    </button>
  );
}

/** The closeup while its pin loads: the same box the details will fill, so nothing moves. */
export function CloseupSkeleton() {
  return (
    <div className="closeup closeup--loading" aria-busy="true" aria-label={t('Loading pin')}>
      <div className="closeup__media closeup__media--skeleton" />
      <div className="closeup__details">
        <div className="skeleton-line skeleton-line--title" />
        <div className="skeleton-line" />
        <div className="skeleton-line skeleton-line--short" />
      </div>
    </div>
  );
}
