import { lazy, Suspense } from 'react';
import { StorageNotice } from './storage-notice';
import { useIsPanelOpen, usePersonalizationUi } from '../store/ui-store';
import '../personalization.css';

// Panels are their own chunks: the initial bundle carries only these two buttons.
const ActivityPanel = lazy(() => import('../activity/activity-panel'));
const DebugPanel = lazy(() => import('../explain/debug-panel'));

/** Corner dock: "Your activity" and "Debug" buttons and the panels they open. */
export function PersonalizationDock() {
  const activity = useIsPanelOpen('activity');
  const debug = useIsPanelOpen('debug');
  const toggle = usePersonalizationUi((s) => s.toggle);
  return (
    <aside className="p13n-dock" aria-label="Personalization">
      <Suspense fallback={null}>
        {debug && <DebugPanel />}
        {activity && <ActivityPanel />}
      </Suspense>
      <StorageNotice />
      <div className="p13n-dock__buttons">
        <button
          type="button"
          className="button"
          aria-pressed={activity}
          onClick={() => toggle('activity')}
        >
          Your activity
        </button>
        <button
          type="button"
          className="button"
          aria-pressed={debug}
          onClick={() => toggle('debug')}
        >
          Debug
        </button>
      </div>
    </aside>
  );
}
