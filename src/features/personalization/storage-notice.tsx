import { useState, useSyncExternalStore } from 'react';
import { engagementStorage } from './engagement-store';

const storageKind = () => engagementStorage.kind;

/**
 * Says, once, that the activity log lives in memory because this browser's storage is
 * unavailable (IndexedDB missing, refused or failing): the app keeps working and personalizes
 * this visit, but the history will not outlive it. Non-blocking: a line in the corner dock
 * with a Dismiss button. The live region stays in the page so the text is announced.
 */
export function StorageNotice() {
  const kind = useSyncExternalStore(engagementStorage.subscribe, storageKind);
  const [dismissed, setDismissed] = useState(false);
  return (
    <div role="status" className="p13n-storage-notice">
      {kind === 'memory' && !dismissed && (
        <div className="p13n-storage-notice__box">
          <p>
            Your activity can’t be saved in this browser, so your history won’t be kept after you
            leave or reload. Results are still personalized for this visit.
          </p>
          <button type="button" className="button" onClick={() => setDismissed(true)}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
