import { useLayoutEffect, useRef } from 'react';
import { getScrollMemory } from './scroll-memory';
import { useLocationSnapshot } from './use-location';

/** Frames to wait for a virtualized card to mount before giving up on focusing it. */
const FOCUS_RETRY_FRAMES = 10;

/** Focuses the card the reader opened, once the grid has rendered it (a few frames at most). */
function focusWhenMounted(pinId: string): void {
  let tries = 0;
  const attempt = () => {
    const card = document.querySelector<HTMLElement>(`[data-pin-id="${CSS.escape(pinId)}"]`);
    if (card) card.focus({ preventScroll: true });
    else if ((tries += 1) < FOCUS_RETRY_FRAMES) window.requestAnimationFrame(attempt);
  };
  attempt();
}

/**
 * Call once per page. A pushed page starts at the top; a page reached by
 * back/forward (or reload) gets its saved scroll position — and focus on the
 * card that was opened — back as soon as `ready` says its layout is final.
 */
export function useScrollRestoration(ready: boolean): void {
  const snapshot = useLocationSnapshot();
  const handledKey = useRef<string | null>(null);

  useLayoutEffect(() => {
    if (handledKey.current === snapshot.key) return;
    if (snapshot.navigationType === 'push') {
      handledKey.current = snapshot.key;
      window.scrollTo(0, 0);
      return;
    }
    if (!ready) return;
    handledKey.current = snapshot.key;
    const saved = getScrollMemory().take(snapshot.key);
    if (!saved) return;
    window.scrollTo(0, saved.y);
    // Let scroll-driven views (the virtualized grid) re-render for the new position before paint.
    window.dispatchEvent(new Event('scroll'));
    // Not cancelled on cleanup: it is bounded, and StrictMode's re-run must not drop it.
    if (saved.focusPinId) focusWhenMounted(saved.focusPinId);
  }, [snapshot, ready]);
}
