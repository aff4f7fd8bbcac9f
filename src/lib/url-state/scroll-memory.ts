/**
 * Per-history-entry scroll positions (and the card that had focus), kept in
 * sessionStorage under the entry's key. The browser's own restoration is
 * turned off because our pages are taller only once their data is laid out:
 * pages ask for their position back when they are ready.
 */
import type { HistoryStore, LocationSnapshot } from './history-store';

const SCROLL_PREFIX = 'inspo:scroll:';
const FOCUS_PREFIX = 'inspo:focus:';
/** After this long a page that never became ready stops blocking saves for its entry. */
export const RESTORE_WINDOW_MS = 3000;

export interface SavedPosition {
  y: number;
  focusPinId: string | null;
}

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

export interface ScrollMemory {
  /** Record the scroll position of an entry (ignored while that entry waits for its restore). */
  record(key: string, y: number): void;
  rememberFocus(key: string, pinId: string): void;
  /** The entry was reached by back/forward or reload: its saved position should come back. */
  markPending(key: string): void;
  /** Returns the saved position once per pending entry, or null when there is nothing to restore. */
  take(key: string): SavedPosition | null;
}

export function createScrollMemory({
  storage,
  now = Date.now,
}: {
  storage: StorageLike;
  now?: () => number;
}): ScrollMemory {
  let pending: { key: string; since: number } | null = null;

  const safeGet = (k: string): string | null => {
    try {
      return storage.getItem(k);
    } catch {
      return null;
    }
  };
  const safeSet = (k: string, v: string): void => {
    try {
      storage.setItem(k, v);
    } catch {
      // Storage full or disabled (private mode): scroll restoration is a nicety, not a requirement.
    }
  };

  return {
    record(key, y) {
      if (pending?.key === key) {
        // While the page is re-rendering, the browser clamps scrollY to the shorter
        // page and fires scroll events; those must not overwrite the saved position.
        if (now() - pending.since < RESTORE_WINDOW_MS) return;
        pending = null;
      }
      safeSet(SCROLL_PREFIX + key, String(Math.max(0, Math.round(y))));
    },
    rememberFocus(key, pinId) {
      safeSet(FOCUS_PREFIX + key, pinId);
    },
    markPending(key) {
      pending = { key, since: now() };
    },
    take(key) {
      if (pending?.key !== key) return null;
      pending = null;
      const y = Number(safeGet(SCROLL_PREFIX + key));
      return { y: Number.isFinite(y) ? y : 0, focusPinId: safeGet(FOCUS_PREFIX + key) };
    },
  };
}

let appMemory: ScrollMemory | null = null;

export function getScrollMemory(): ScrollMemory {
  appMemory ??= createScrollMemory({ storage: window.sessionStorage });
  return appMemory;
}

/** Wires the memory to the real window: save on scroll and before leaving, mark pops for restore. */
export function installScrollMemory(history: HistoryStore): () => void {
  const memory = getScrollMemory();
  if ('scrollRestoration' in window.history) window.history.scrollRestoration = 'manual';

  const initial = history.getSnapshot();
  memory.markPending(initial.key); // a reload keeps the entry key: bring the reader back

  let frame = 0;
  const onScroll = () => {
    if (frame) return;
    frame = window.requestAnimationFrame(() => {
      frame = 0;
      memory.record(history.getSnapshot().key, window.scrollY);
    });
  };
  window.addEventListener('scroll', onScroll, { passive: true });

  const stopLeave = history.onBeforeLeave((leaving: LocationSnapshot) =>
    memory.record(leaving.key, window.scrollY),
  );
  const stopNav = history.subscribe(() => {
    const snapshot = history.getSnapshot();
    if (snapshot.navigationType === 'pop') memory.markPending(snapshot.key);
  });

  return () => {
    window.removeEventListener('scroll', onScroll);
    if (frame) window.cancelAnimationFrame(frame);
    stopLeave();
    stopNav();
  };
}
