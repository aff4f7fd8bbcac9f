import { useExplainStore } from '../store/explain-store';
import { usePersonalizationUi } from '../store/ui-store';
import { t } from '@/lib/i18n/i18n';

/**
 * One line beside the result count when the reranker ordered this feed from the reader's own
 * activity, with the way to see, export or clear that activity. Nothing when the order is the
 * server's (no history, or the reranker was not ready in time).
 */
export function PersonalizedNote({ query }: { query: string }) {
  // The newest report of this query's first page (the log is newest first): what the first
  // screen shows, whatever later pages did.
  const personalized = useExplainStore(
    (s) =>
      s.pages.find((p) => p.query === query && (p.offset ?? 0) === 0)?.outcome === 'personalized',
  );
  const show = usePersonalizationUi((s) => s.show);
  if (!personalized) return null;
  return (
    <span className="p13n-note">
      {' · '}
      {t('Ordered for you from your activity on this device')}
      {' · '}
      <button type="button" className="p13n-note__link" onClick={() => show('activity')}>
        {t('Your activity')}
      </button>
    </span>
  );
}
