import { lazy, Suspense, useState } from 'react';
import { useEngagementStorageKind } from '../store/engagement-module';

// Fetched only when there is something to say; the box floats in the corner dock (no shift).
const StorageNoticeBox = lazy(() => import('./storage-notice-box'));

/**
 * Says, once, that the activity log lives in memory because this browser's storage is
 * unavailable (IndexedDB missing, refused or failing): the app keeps working and personalizes
 * this visit, but the history will not outlive it. Non-blocking: a line in the corner dock
 * with a Dismiss button. The live region stays in the page so the text is announced.
 */
export function StorageNotice() {
  // The store's chunk opens the storage (store/engagement-module.ts); until then nothing to say.
  const kind = useEngagementStorageKind();
  const [dismissed, setDismissed] = useState(false);
  return (
    <div role="status" className="p13n-storage-notice">
      {kind === 'memory' && !dismissed && (
        <Suspense fallback={null}>
          <StorageNoticeBox onDismiss={() => setDismissed(true)} />
        </Suspense>
      )}
    </div>
  );
}
