import { useOnline } from '@/lib/dom/use-online';
import { t } from '@/lib/i18n/i18n';

/**
 * Says when the browser is offline. The live region is always in the page so the change is
 * announced (a region inserted together with its text often is not); it floats above the
 * page, so appearing moves nothing (no layout shift) and blocks nothing.
 */
export function OfflineBanner() {
  const online = useOnline();
  return (
    <div role="status" className="offline-banner">
      {!online && (
        <p className="offline-banner__text">
          {t('You’re offline. Ideas already loaded stay here; new searches will run when you’re back online.')}
        </p>
      )}
    </div>
  );
}
