import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDLE_PRELOAD_TIMEOUT_MS, lazyModule, PRELOAD_DELAY_MS, preloadWhenIdle } from './lazy-module';

/** An importer whose promises the test settles by hand. */
function manualImporter<T>() {
  const calls: { resolve: (value: T) => void; reject: (error: unknown) => void }[] = [];
  const importer = vi.fn(
    () => new Promise<T>((resolve, reject) => calls.push({ resolve, reject })),
  );
  return { importer, calls };
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('lazyModule', () => {
  it('imports once for concurrent loads and tells subscribers each change', async () => {
    const { importer, calls } = manualImporter<{ answer: number }>();
    const module = lazyModule(importer);
    const seen: string[] = [];
    module.subscribe(() => seen.push(module.getState().status));
    expect(module.getState()).toEqual({ status: 'idle' });

    const first = module.load();
    const second = module.load();
    expect(importer).toHaveBeenCalledTimes(1);
    expect(module.getState()).toEqual({ status: 'loading' });
    calls[0]!.resolve({ answer: 42 });
    expect(await first).toEqual({ answer: 42 });
    expect(await second).toEqual({ answer: 42 });
    expect(module.getState()).toEqual({ status: 'loaded', value: { answer: 42 } });
    expect(seen).toEqual(['loading', 'loaded']);

    expect(await module.load()).toEqual({ answer: 42 });
    expect(importer).toHaveBeenCalledTimes(1);
  });

  it('reports a failed import and imports again on the next load', async () => {
    const { importer, calls } = manualImporter<string>();
    const module = lazyModule(importer);
    const failure = new TypeError('Failed to fetch dynamically imported module');
    const first = module.load();
    calls[0]!.reject(failure);
    await expect(first).rejects.toBe(failure);
    expect(module.getState()).toEqual({ status: 'failed', error: failure });

    const retry = module.load();
    expect(importer).toHaveBeenCalledTimes(2);
    calls[1]!.resolve('chunk');
    expect(await retry).toBe('chunk');
    expect(module.getState()).toEqual({ status: 'loaded', value: 'chunk' });
  });

  it('stops telling a subscriber once it unsubscribes', async () => {
    const module = lazyModule(async () => 1);
    const listener = vi.fn();
    const unsubscribe = module.subscribe(listener);
    unsubscribe();
    await module.load();
    expect(listener).not.toHaveBeenCalled();
  });
});

describe('preloadWhenIdle', () => {
  /** A window that records its listeners, and a document in the given state. */
  const page = (readyState: DocumentReadyState) => {
    const listeners = new Map<string, () => void>();
    vi.stubGlobal('window', { addEventListener: (type: string, fn: () => void) => listeners.set(type, fn) });
    vi.stubGlobal('document', { readyState });
    return (type: string) => listeners.get(type)!();
  };

  it('waits for the load event and a delay, then loads every module when the browser is idle', () => {
    vi.useFakeTimers();
    const fire = page('loading');
    const idle = vi.fn();
    vi.stubGlobal('requestIdleCallback', idle);
    const a = lazyModule(async () => 'a');
    const b = lazyModule(async () => 'b');
    preloadWhenIdle([a, b]);
    vi.advanceTimersByTime(PRELOAD_DELAY_MS * 2);
    expect(idle).not.toHaveBeenCalled();
    fire('load');
    vi.advanceTimersByTime(PRELOAD_DELAY_MS - 1);
    expect(idle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(idle).toHaveBeenCalledWith(expect.any(Function), { timeout: IDLE_PRELOAD_TIMEOUT_MS });
    expect([a.getState().status, b.getState().status]).toEqual(['idle', 'idle']);
    (idle.mock.calls[0]![0] as () => void)();
    expect([a.getState().status, b.getState().status]).toEqual(['loading', 'loading']);
  });

  it('loads at once on the first key press, and only once', () => {
    const fire = page('loading');
    let fetches = 0;
    const a = lazyModule(async () => ++fetches);
    preloadWhenIdle([a]);
    fire('keydown');
    expect(a.getState().status).toBe('loading');
    fire('pointerdown');
    expect(fetches).toBe(1);
  });

  it('falls back to a timeout without requestIdleCallback, and swallows a failed preload', async () => {
    vi.useFakeTimers();
    page('complete');
    vi.stubGlobal('requestIdleCallback', undefined);
    const failing = lazyModule(() => Promise.reject(new Error('offline')));
    preloadWhenIdle([failing]);
    vi.advanceTimersByTime(PRELOAD_DELAY_MS + IDLE_PRELOAD_TIMEOUT_MS - 1);
    expect(failing.getState().status).toBe('idle');
    vi.advanceTimersByTime(1);
    expect(failing.getState().status).toBe('loading');
    await vi.runAllTimersAsync();
    expect(failing.getState()).toEqual({ status: 'failed', error: new Error('offline') });
  });
});
