/**
 * The engagement store (zustand `persist` over IndexedDB, engagement-store.ts) as a lazy chunk:
 * nothing the first paint draws needs the log, and IndexedDB answers asynchronously anyway, so
 * the store was ~2 kB gzipped of the first paint's 100 KB budget for no earlier fact.
 *
 * The app asks for the chunk as soon as it starts (PersonalizationProvider; results pages even
 * before React renders), so the stored log is restoring while the first answer is on its way.
 * Components read the store through `useEngagementSelector`, which draws `before` until the
 * chunk is in, the same as a store that has not restored its log yet.
 */
import { useSyncExternalStore } from 'react';
import { lazyModule } from '@/lib/lazy/lazy-module';
import { useLazyModule } from '@/lib/lazy/use-lazy-module';
import type { EngagementState } from './engagement-store';
import type { StorageKind } from './idb-storage';

export const engagementStoreModule = lazyModule(() => import('./engagement-store'));

const noSubscription = () => () => undefined;

/**
 * `select` over the store's state, like zustand's hook; `before` until the chunk is in. `select`
 * must return a primitive (or an otherwise stable value): it is a useSyncExternalStore snapshot.
 */
export function useEngagementSelector<T>(select: (state: EngagementState) => T, before: T): T {
  const module = useLazyModule(engagementStoreModule);
  const store = module.status === 'loaded' ? module.value.useEngagementStore : null;
  return useSyncExternalStore(store ? store.subscribe : noSubscription, () =>
    store ? select(store.getState()) : before,
  );
}

/** Where the log is kept: IndexedDB, or memory when storage is unavailable; 'indexeddb' until the chunk is in. */
export function useEngagementStorageKind(): StorageKind {
  const module = useLazyModule(engagementStoreModule);
  const storage = module.status === 'loaded' ? module.value.engagementStorage : null;
  return useSyncExternalStore(storage ? storage.subscribe : noSubscription, () =>
    storage ? storage.kind : 'indexeddb',
  );
}
