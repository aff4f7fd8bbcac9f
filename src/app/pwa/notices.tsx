/**
 * The app's background notices, in a root of their own (start.ts) so the first paint carries
 * none of them: a new version ready (reload on request, shown only when the reader is not
 * scrolling), the first run's indexing progress, and "saved offline" on a page answered from the
 * cache. They sit under the top bar at the right, over nothing the reader is using: the quiet ones
 * let clicks through; the polite live region is always in the page, so changes are announced.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { NoticeStore } from './notice-store';
import { indexingText, savedText } from './notice-text';
import './notices.css';
import { t } from '@/lib/i18n/i18n';

/** The update notice waits until the page has not scrolled for this long. */
export const SCROLL_IDLE_MS = 1_000;

/** True once the page has not scrolled for `ms` (and stays true: a shown notice stays put). */
function useScrollSettled(active: boolean, ms: number): boolean {
  const [settled, setSettled] = useState(false);
  useEffect(() => {
    if (!active || settled) return;
    let timer = setTimeout(() => setSettled(true), ms);
    const onScroll = () => {
      clearTimeout(timer);
      timer = setTimeout(() => setSettled(true), ms);
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      clearTimeout(timer);
      window.removeEventListener('scroll', onScroll);
    };
  }, [active, settled, ms]);
  return settled;
}

export function Notices({ store }: { store: NoticeStore }) {
  const { applyUpdate, indexing, savedAnswer } = useSyncExternalStore(store.subscribe, store.get);
  const showUpdate = useScrollSettled(applyUpdate !== null, SCROLL_IDLE_MS) && applyUpdate !== null;
  const [dismissed, setDismissed] = useState(false);
  return (
    <div className="app-notices" role="status">
      {savedAnswer && <p className="app-notice app-notice--quiet">{savedText(savedAnswer)}</p>}
      {indexing && <p className="app-notice app-notice--quiet">{indexingText(indexing)}</p>}
      {showUpdate && !dismissed && (
        <div className="app-notice app-notice--update">
          <p>{t('A new version of Inspo is ready.')}</p>
          <div className="button-row">
            <button type="button" className="button button--primary" onClick={applyUpdate}>
              {t('Reload')}
            </button>
            <button type="button" className="button" onClick={() => setDismissed(true)}>
              {t('Not now')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
