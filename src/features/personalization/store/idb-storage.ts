/**
 * A tiny key-value store on IndexedDB (one object store, structured-clone
 * values, no JSON round trip), with an in-memory fallback when IndexedDB is
 * missing or refuses to open (private windows, disabled storage, old browsers).
 * It backs zustand's `persist` through `toPersistStorage`. The IndexedDB code itself
 * (idb-database.ts) is loaded on first use; a failure to load it is one more reason for memory.
 */
import type { PersistStorage, StorageValue } from 'zustand/middleware';

export type StorageKind = 'indexeddb' | 'memory';

export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  /** Where values live now; `memory` after a failure, with the reason. */
  readonly kind: StorageKind;
  readonly fallbackReason: string | null;
  /** Calls `listener` when values move to memory (for useSyncExternalStore); returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}

export function createKeyValueStore({
  dbName,
  storeName,
  factory = typeof indexedDB === 'undefined' ? undefined : indexedDB,
}: {
  dbName: string;
  storeName: string;
  factory?: IDBFactory;
}): KeyValueStore {
  const memory = new Map<string, unknown>();
  let kind: StorageKind = factory ? 'indexeddb' : 'memory';
  let fallbackReason: string | null = factory ? null : 'IndexedDB is not available';
  let db: Promise<IDBDatabase | null> | null = null;
  let idb: typeof import('./idb-database') | null = null;
  const listeners = new Set<() => void>();

  const fallBack = (reason: string): null => {
    const changed = kind !== 'memory';
    kind = 'memory';
    fallbackReason = reason;
    if (changed) for (const listener of listeners) listener();
    return null;
  };

  const open = (): Promise<IDBDatabase | null> => {
    db ??= (async () => {
      if (!factory) return null;
      try {
        idb = await import('./idb-database');
        return await idb.openWithStore(factory, dbName, storeName);
      } catch (error) {
        return fallBack(
          `IndexedDB could not be opened: ${(error as Error)?.message ?? String(error)}`,
        );
      }
    })();
    return db;
  };

  async function withStore<T>(
    mode: IDBTransactionMode,
    action: (store: IDBObjectStore) => IDBRequest<T>,
    onMemory: () => T | undefined,
  ): Promise<T | undefined> {
    const database = await open();
    if (!database || !idb) return onMemory();
    try {
      return await idb.request(database, storeName, mode, action);
    } catch (error) {
      // A quota or transaction failure: keep working in memory rather than lose the session's events.
      fallBack(`IndexedDB failed: ${(error as Error)?.message ?? String(error)}`);
      db = Promise.resolve(null);
      return onMemory();
    }
  }

  return {
    get: (key) =>
      withStore<unknown>(
        'readonly',
        (s) => s.get(key),
        () => memory.get(key),
      ),
    set: async (key, value) => {
      memory.set(key, value);
      await withStore(
        'readwrite',
        (s) => s.put(value, key),
        () => undefined,
      );
    },
    del: async (key) => {
      memory.delete(key);
      await withStore(
        'readwrite',
        (s) => s.delete(key),
        () => undefined,
      );
    },
    get kind() {
      return kind;
    },
    get fallbackReason() {
      return fallbackReason;
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** zustand persist storage over a key-value store: values are stored as objects, not JSON strings. */
export function toPersistStorage<S>(store: KeyValueStore): PersistStorage<S> {
  return {
    getItem: async (name) => ((await store.get(name)) as StorageValue<S> | undefined) ?? null,
    setItem: (name, value) => store.set(name, value),
    removeItem: (name) => store.del(name),
  };
}
