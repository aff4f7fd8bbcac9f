/**
 * A module the first paint does without, fetched on demand (a dynamic `import()`), whose state
 * components read synchronously. Unlike React.lazy, a component mounted after the chunk came in
 * renders it at once, with no fallback frame, and a failed fetch (offline, a deploy replaced the
 * chunk) can be tried again. The budget on the first paint's JavaScript (100 KB gzipped,
 * scripts/check-bundle-budget.ts) is why such modules exist.
 */
export type LazyModuleState<T> =
  | { status: 'idle' | 'loading' }
  | { status: 'loaded'; value: T }
  | { status: 'failed'; error: unknown };

export interface LazyModule<T> {
  /** Starts the fetch, or joins the one under way; resolves at once once loaded. */
  load(): Promise<T>;
  getState(): LazyModuleState<T>;
  /** For useSyncExternalStore; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}

const IDLE = { status: 'idle' } as const;
const LOADING = { status: 'loading' } as const;

export function lazyModule<T>(importer: () => Promise<T>): LazyModule<T> {
  let state: LazyModuleState<T> = IDLE;
  let pending: Promise<T> | null = null;
  const listeners = new Set<() => void>();
  const setState = (next: LazyModuleState<T>) => {
    state = next;
    for (const listener of listeners) listener();
  };
  return {
    load() {
      if (state.status === 'loaded') return Promise.resolve(state.value);
      if (!pending) {
        pending = importer().then(
          (value) => {
            pending = null;
            setState({ status: 'loaded', value });
            return value;
          },
          (error: unknown) => {
            pending = null;
            setState({ status: 'failed', error });
            throw error;
          },
        );
        setState(LOADING);
      }
      return pending;
    },
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * Loads `modules` once the first view is done with the network — the window's load event,
 * then PRELOAD_DELAY_MS, then an idle moment — or at the first key or pointer press, whichever
 * comes first (a failure is tried again on use). Why so late: fetched at the first idle moment,
 * they shared a slow mobile link with the first results' images and pushed the largest
 * contentful paint back (bench/web-vitals.ts, mobile cold: 2.30 s before they were split out,
 * 2.45 s with the early preload).
 */
export function preloadWhenIdle(modules: readonly LazyModule<unknown>[]): void {
  let started = false;
  const run = () => {
    if (started) return;
    started = true;
    for (const module of modules) module.load().catch(() => undefined);
  };
  const whenIdle = () => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: IDLE_PRELOAD_TIMEOUT_MS });
    else setTimeout(run, IDLE_PRELOAD_TIMEOUT_MS);
  };
  const afterLoad = () => setTimeout(whenIdle, PRELOAD_DELAY_MS);
  if (document.readyState === 'complete') afterLoad();
  else window.addEventListener('load', afterLoad, { once: true });
  for (const type of ['keydown', 'pointerdown'])
    window.addEventListener(type, run, { once: true, capture: true, passive: true });
}

/** After the load event: the search answer and the first row's images are still on their way. */
export const PRELOAD_DELAY_MS = 3000;

/** A page that stays busy still gets its preloads this long after asking. */
export const IDLE_PRELOAD_TIMEOUT_MS = 2000;
