/**
 * Recent searches as a zustand store persisted to localStorage (`version` + `migrate`, so a
 * later shape can read today's data). Client state only: suggestions stay in TanStack Query.
 * Loaded with the suggestion panel's chunk, not on the first paint (search-combobox.tsx).
 */
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware';
import { createStore } from 'zustand';
import { addRecent, removeRecent, sanitizeRecent, type RecentSearch } from './recent-searches';

export const RECENT_SEARCHES_STORAGE_KEY = 'inspo:recent-searches';
/** 1: `{ items: { text, at }[] }`. 0 (before autocomplete shipped a store): a bare string[]. */
export const RECENT_SEARCHES_VERSION = 1;

export interface RecentSearchesState {
  items: RecentSearch[];
  add: (text: string) => void;
  remove: (text: string) => void;
  clear: () => void;
}

type Persisted = Pick<RecentSearchesState, 'items'>;

/** Upgrades what an older version stored; unknown shapes become an empty list, never an error. */
export function migrateRecentSearches(persisted: unknown, version: number): Persisted {
  if (version === 0 && Array.isArray(persisted)) {
    // Newest first, stamped 0: their real times were never recorded.
    return { items: sanitizeRecent(persisted.map((text: unknown) => ({ text, at: 0 }))) };
  }
  const items = (persisted as { items?: unknown } | null)?.items;
  return { items: sanitizeRecent(items) };
}

export function createRecentSearchesStore({
  storage,
  now = Date.now,
}: {
  storage: () => StateStorage;
  now?: () => number;
}) {
  return createStore<RecentSearchesState>()(
    persist(
      (set) => ({
        items: [],
        add: (text) => set((s) => ({ items: addRecent(s.items, text, now()) })),
        remove: (text) => set((s) => ({ items: removeRecent(s.items, text) })),
        clear: () => set({ items: [] }),
      }),
      {
        name: RECENT_SEARCHES_STORAGE_KEY,
        version: RECENT_SEARCHES_VERSION,
        storage: createJSONStorage(storage),
        partialize: (s): Persisted => ({ items: s.items }),
        migrate: migrateRecentSearches,
        // Same-version data is validated too: another tab or an extension may have written it.
        merge: (persisted, current) => ({
          ...current,
          items: sanitizeRecent((persisted as { items?: unknown } | null)?.items),
        }),
      },
    ),
  );
}

export type RecentSearchesStore = ReturnType<typeof createRecentSearchesStore>;
let appStore: RecentSearchesStore | null = null;

/** The app's store over window.localStorage, made on first use (keeps this module importable in Node). */
export function getRecentSearchesStore(): RecentSearchesStore {
  appStore ??= createRecentSearchesStore({ storage: () => window.localStorage });
  return appStore;
}
