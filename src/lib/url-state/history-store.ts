/**
 * A tiny router core: the browser history as an external store for
 * useSyncExternalStore. Each entry we create carries `{ key, index }` in
 * history.state so we can (a) remember per-entry scroll positions and
 * (b) tell whether "Back" stays inside the app (index > 0).
 */

export type NavigationType = 'initial' | 'push' | 'replace' | 'pop';

export interface LocationSnapshot {
  pathname: string;
  search: string;
  /** Stable id of this history entry (survives reloads and back/forward). */
  key: string;
  /** How many in-app entries precede this one; 0 = the app was entered here. */
  index: number;
  navigationType: NavigationType;
}

interface EntryState {
  inspo: { key: string; index: number };
}

/** The slice of `window` the store uses, so tests can pass a fake. */
export interface HistoryWindow {
  location: { pathname: string; search: string };
  history: {
    readonly state: unknown;
    pushState(data: unknown, unused: string, url: string): void;
    replaceState(data: unknown, unused: string, url?: string): void;
    back(): void;
  };
  addEventListener(type: 'popstate', listener: () => void): void;
  removeEventListener(type: 'popstate', listener: () => void): void;
}

export interface HistoryStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): LocationSnapshot;
  push(href: string): void;
  replace(href: string): void;
  /** history.back() when the previous entry is ours, otherwise push `fallbackHref`. */
  backOr(fallbackHref: string): void;
  /** Runs just before the current entry is left by push (e.g. to save its scroll position). */
  onBeforeLeave(listener: (leaving: LocationSnapshot) => void): () => void;
  dispose(): void;
}

function readEntry(state: unknown): EntryState['inspo'] | null {
  if (typeof state !== 'object' || state === null || !('inspo' in state)) return null;
  const inspo = (state as { inspo: unknown }).inspo;
  if (typeof inspo !== 'object' || inspo === null) return null;
  const { key, index } = inspo as { key?: unknown; index?: unknown };
  return typeof key === 'string' && typeof index === 'number' ? { key, index } : null;
}

export function randomKey(): string {
  return Math.random().toString(36).slice(2, 10);
}

export function createHistoryStore(
  win: HistoryWindow,
  makeKey: () => string = randomKey,
): HistoryStore {
  const listeners = new Set<() => void>();
  const leaveListeners = new Set<(leaving: LocationSnapshot) => void>();

  // Tag the entry the app was opened on, keeping any tag it already has (reload, back from another site).
  if (!readEntry(win.history.state)) {
    const base =
      typeof win.history.state === 'object' && win.history.state !== null ? win.history.state : {};
    win.history.replaceState(
      { ...base, inspo: { key: makeKey(), index: 0 } } satisfies EntryState,
      '',
    );
  }

  const read = (navigationType: NavigationType): LocationSnapshot => {
    const entry = readEntry(win.history.state) ?? { key: 'unknown', index: 0 };
    return {
      pathname: win.location.pathname,
      search: win.location.search,
      key: entry.key,
      index: entry.index,
      navigationType,
    };
  };

  let snapshot = read('initial');
  const emit = (navigationType: NavigationType) => {
    snapshot = read(navigationType);
    for (const listener of listeners) listener();
  };
  const onPopState = () => {
    // An entry we did not create (a #fragment link, another script): tag it as one step deeper.
    if (!readEntry(win.history.state)) {
      win.history.replaceState(
        { inspo: { key: makeKey(), index: snapshot.index + 1 } } satisfies EntryState,
        '',
      );
    }
    emit('pop');
  };
  win.addEventListener('popstate', onPopState);

  const currentHref = () => `${win.location.pathname}${win.location.search}`;

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    push(href) {
      if (href === currentHref()) return; // re-submitting the same search adds no entry
      for (const listener of leaveListeners) listener(snapshot);
      const state: EntryState = { inspo: { key: makeKey(), index: snapshot.index + 1 } };
      win.history.pushState(state, '', href);
      emit('push');
    },
    replace(href) {
      const state: EntryState = { inspo: { key: snapshot.key, index: snapshot.index } };
      win.history.replaceState(state, '', href);
      emit('replace');
    },
    backOr(fallbackHref) {
      if (snapshot.index > 0) win.history.back();
      else this.push(fallbackHref);
    },
    onBeforeLeave(listener) {
      leaveListeners.add(listener);
      return () => leaveListeners.delete(listener);
    },
    dispose() {
      win.removeEventListener('popstate', onPopState);
      listeners.clear();
      leaveListeners.clear();
    },
  };
}

let appHistory: HistoryStore | null = null;

/** The store bound to the real window, created on first use (keeps this module importable in Node tests). */
export function getAppHistory(): HistoryStore {
  appHistory ??= createHistoryStore(window);
  return appHistory;
}

export function navigate(href: string, { replace = false }: { replace?: boolean } = {}): void {
  const store = getAppHistory();
  if (replace) store.replace(href);
  else store.push(href);
}
