import { describe, expect, it, vi } from 'vitest';
import { createHistoryStore, type HistoryWindow } from './history-store';

/** An in-memory history with the browser's semantics for push/replace/back/popstate. */
function fakeWindow(initialUrl = '/') {
  const entries: { url: string; state: unknown }[] = [{ url: initialUrl, state: null }];
  let current = 0;
  const popListeners = new Set<() => void>();
  const url = () => new URL(entries[current]!.url, 'http://localhost');
  const win: HistoryWindow = {
    location: {
      get pathname() {
        return url().pathname;
      },
      get search() {
        return url().search;
      },
    },
    history: {
      get state() {
        return entries[current]!.state;
      },
      pushState(state, _unused, href) {
        entries.splice(current + 1);
        entries.push({ url: href, state });
        current += 1;
      },
      replaceState(state, _unused, href) {
        entries[current] = { url: href ?? entries[current]!.url, state };
      },
      back() {
        if (current === 0) return;
        current -= 1;
        for (const l of popListeners) l();
      },
    },
    addEventListener: (_type, l) => popListeners.add(l),
    removeEventListener: (_type, l) => popListeners.delete(l),
  };
  return { win, entries };
}

function counter() {
  let n = 0;
  return () => `k${(n += 1)}`;
}

describe('createHistoryStore', () => {
  it('tags the initial entry and reports it', () => {
    const { win, entries } = fakeWindow('/search?q=cat');
    const store = createHistoryStore(win, counter());
    expect(store.getSnapshot()).toEqual({
      pathname: '/search',
      search: '?q=cat',
      key: 'k1',
      index: 0,
      navigationType: 'initial',
    });
    expect(entries[0]!.state).toEqual({ inspo: { key: 'k1', index: 0 } });
  });

  it('keeps an existing tag (reload) and unrelated state', () => {
    const { win, entries } = fakeWindow('/');
    entries[0]!.state = { inspo: { key: 'old', index: 3 }, other: 1 };
    const store = createHistoryStore(win, counter());
    expect(store.getSnapshot()).toMatchObject({ key: 'old', index: 3 });
    expect(entries[0]!.state).toEqual({ inspo: { key: 'old', index: 3 }, other: 1 });
  });

  it('push notifies, increments the index, and calls leave listeners first', () => {
    const { win } = fakeWindow('/');
    const store = createHistoryStore(win, counter());
    const listener = vi.fn();
    const left: string[] = [];
    store.subscribe(listener);
    store.onBeforeLeave((s) => left.push(`${s.pathname}#${s.key}`));
    store.push('/search?q=dog');
    expect(listener).toHaveBeenCalledTimes(1);
    expect(left).toEqual(['/#k1']);
    expect(store.getSnapshot()).toEqual({
      pathname: '/search',
      search: '?q=dog',
      key: 'k2',
      index: 1,
      navigationType: 'push',
    });
  });

  it('pushing the current URL is a no-op', () => {
    const { win, entries } = fakeWindow('/search?q=dog');
    const store = createHistoryStore(win, counter());
    const listener = vi.fn();
    store.subscribe(listener);
    store.push('/search?q=dog');
    expect(listener).not.toHaveBeenCalled();
    expect(entries).toHaveLength(1);
  });

  it('popstate yields a pop snapshot with the entry key', () => {
    const { win } = fakeWindow('/');
    const store = createHistoryStore(win, counter());
    store.push('/pin/a');
    win.history.back();
    expect(store.getSnapshot()).toEqual({
      pathname: '/',
      search: '',
      key: 'k1',
      index: 0,
      navigationType: 'pop',
    });
  });

  it('getSnapshot is referentially stable between navigations', () => {
    const { win } = fakeWindow('/');
    const store = createHistoryStore(win, counter());
    expect(store.getSnapshot()).toBe(store.getSnapshot());
  });

  it('backOr goes back inside the app, else pushes the fallback', () => {
    const { win } = fakeWindow('/pin/a');
    const store = createHistoryStore(win, counter());
    store.backOr('/');
    expect(store.getSnapshot()).toMatchObject({ pathname: '/', index: 1, navigationType: 'push' });
    store.push('/pin/b');
    store.backOr('/');
    expect(store.getSnapshot()).toMatchObject({ pathname: '/', index: 1, navigationType: 'pop' });
  });

  it('replace keeps the entry key and index', () => {
    const { win, entries } = fakeWindow('/search?q=a');
    const store = createHistoryStore(win, counter());
    store.replace('/search?q=b');
    expect(entries).toHaveLength(1);
    expect(store.getSnapshot()).toMatchObject({
      search: '?q=b',
      key: 'k1',
      index: 0,
      navigationType: 'replace',
    });
  });

  it('tags an untagged entry reached by popstate', () => {
    const { win, entries } = fakeWindow('/');
    const store = createHistoryStore(win, counter());
    // Fragment links push entries behind the store's back, without state.
    win.history.pushState(null, '', '/#a');
    win.history.pushState(null, '', '/#b');
    win.history.back();
    expect(store.getSnapshot()).toEqual({
      pathname: '/',
      search: '',
      key: 'k2',
      index: 1,
      navigationType: 'pop',
    });
    expect(entries[1]!.state).toEqual({ inspo: { key: 'k2', index: 1 } });
  });
});
