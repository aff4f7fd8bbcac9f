import { describe, expect, it } from 'vitest';
import type { StateStorage } from 'zustand/middleware';
import {
  createRecentSearchesStore,
  migrateRecentSearches,
  RECENT_SEARCHES_STORAGE_KEY,
  RECENT_SEARCHES_VERSION,
} from './recent-searches-store';

function memoryStorage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  const storage: StateStorage = {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
  return { map, storage };
}

describe('createRecentSearchesStore', () => {
  it('adds, removes and clears, persisting only the items with their version', () => {
    const { map, storage } = memoryStorage();
    let t = 100;
    const store = createRecentSearchesStore({ storage: () => storage, now: () => t++ });
    store.getState().add('cat');
    store.getState().add('dog');
    store.getState().add('bird');
    store.getState().remove('DOG');
    expect(store.getState().items).toEqual([
      { text: 'bird', at: 102 },
      { text: 'cat', at: 100 },
    ]);
    expect(JSON.parse(map.get(RECENT_SEARCHES_STORAGE_KEY)!)).toEqual({
      state: {
        items: [
          { text: 'bird', at: 102 },
          { text: 'cat', at: 100 },
        ],
      },
      version: RECENT_SEARCHES_VERSION,
    });
    store.getState().clear();
    expect(store.getState().items).toEqual([]);
  });

  it('reads back what an earlier session stored, and distrusts it', () => {
    const saved = {
      state: { items: [{ text: 'cat', at: 2 }, { text: 42 }, { text: 'CAT', at: 1 }] },
      version: RECENT_SEARCHES_VERSION,
    };
    const { storage } = memoryStorage({ [RECENT_SEARCHES_STORAGE_KEY]: JSON.stringify(saved) });
    const store = createRecentSearchesStore({ storage: () => storage });
    expect(store.getState().items).toEqual([{ text: 'cat', at: 2 }]);
  });

  it('migrates version 0 (a bare list of strings)', () => {
    const saved = { state: ['cat', 'dog', 'cat'], version: 0 };
    const { storage } = memoryStorage({ [RECENT_SEARCHES_STORAGE_KEY]: JSON.stringify(saved) });
    const store = createRecentSearchesStore({ storage: () => storage });
    expect(store.getState().items).toEqual([
      { text: 'cat', at: 0 },
      { text: 'dog', at: 0 },
    ]);
  });
});

describe('migrateRecentSearches', () => {
  it.each([
    [['a', 'b'], 0, ['a', 'b']],
    [{ items: [{ text: 'a', at: 1 }] }, 1, ['a']],
    [null, 0, []],
    ['nonsense', 7, []],
  ])('%j from version %i', (persisted, version, texts) => {
    expect(migrateRecentSearches(persisted, version).items.map((x) => x.text)).toEqual(texts);
  });
});
