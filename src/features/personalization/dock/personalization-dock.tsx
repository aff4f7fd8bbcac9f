import { lazy, Suspense } from 'react';
import { StorageNotice } from './storage-notice';
import { useDemoMode, useIsPanelOpen, usePersonalizationUi } from '../store/ui-store';
import '../personalization.css';
import { t, withMessages } from '@/lib/i18n/i18n';

// Panels are their own chunks: the initial bundle carries only the buttons.
// Their messages too: a catalogue part of their own (src/lib/i18n, catalogues/panels/).
const ActivityPanel = lazy(() => withMessages('panels', import('../activity/activity-panel')));
const DebugPanel = lazy(() => withMessages('panels', import('../explain/debug-panel')));

/**
 * "Your activity" and, in demo mode only, "Debug": toggle buttons that sit at the end of the
 * header bar (src/app composes them there, beside the search box; on a phone they fold into
 * icons), so nothing floats over the results. The panels they open are sheets: bottom-right on
 * a wide screen, across the bottom on a phone.
 */
export function PersonalizationDock() {
  const activity = useIsPanelOpen('activity');
  const demo = useDemoMode();
  const debug = useIsPanelOpen('debug') && demo;
  const toggle = usePersonalizationUi((s) => s.toggle);
  return (
    <aside className="p13n-dock" aria-label={t('Personalization')}>
      <div className="p13n-dock__buttons">
        <button
          type="button"
          className="button p13n-dock__button p13n-dock__button--activity"
          aria-pressed={activity}
          onClick={() => toggle('activity')}
        >
          <span className="p13n-dock__label">{t('Your activity')}</span>
        </button>
        {demo && (
          <button
            type="button"
            className="button p13n-dock__button p13n-dock__button--debug"
            aria-pressed={debug}
            onClick={() => toggle('debug')}
          >
            <span className="p13n-dock__label">{t('Debug')}</span>
          </button>
        )}
      </div>
      <div className="p13n-dock__sheets">
        <Suspense fallback={null}>
          {debug && <DebugPanel />}
          {activity && <ActivityPanel />}
        </Suspense>
        <StorageNotice />
      </div>
    </aside>
  );
}
