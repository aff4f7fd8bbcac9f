import { t } from '@/lib/i18n/i18n';

/** The storage notice's text and button (storage-notice.tsx): a chunk of its own, as it is rarely shown. */
export default function StorageNoticeBox({ onDismiss }: { onDismiss: () => void }) {
  return (
    <div className="p13n-storage-notice__box">
      <p>
        {t(
          'Your activity can’t be saved in this browser, so your history won’t be kept after you leave or reload. Results are still personalized for this visit.',
        )}
      </p>
      <button type="button" className="button" onClick={onDismiss}>
        {t('Dismiss')}
      </button>
    </div>
  );
}
