/**
 * A module the first paint does without, fetched on demand (a dynamic `import()`), whose state
 * components read synchronously. Unlike React.lazy, a component mounted after the chunk came in
 * renders it at once, with no fallback frame, and a failed fetch (offline, a deploy replaced the
 * chunk) can be tried again. The budget on the first paint's JavaScript (issue 5,
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

/** Loads `modules` once the page is idle after the first paint (a failure is tried again on use). */
export function preloadWhenIdle(modules: readonly LazyModule<unknown>[]): void {
  const run = () => {
    for (const module of modules) module.load().catch(() => undefined);
  };
  if (typeof requestIdleCallback === 'function')
    requestIdleCallback(run, { timeout: IDLE_PRELOAD_TIMEOUT_MS });
  else setTimeout(run, IDLE_PRELOAD_TIMEOUT_MS);
}

/** A page that stays busy still gets its preloads this long after asking. */
export const IDLE_PRELOAD_TIMEOUT_MS = 2000;
