/**
 * A tiny key-value store on IndexedDB (one object store, structured-clone
 * values, no JSON round trip), with an in-memory fallback when IndexedDB is
 * missing or refuses to open (private windows, disabled storage, old browsers).
 * It backs zustand's `persist` through `toPersistStorage`.
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
}

const DB_VERSION = 1;

function promisify<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
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

  const fallBack = (reason: string): null => {
    kind = 'memory';
    fallbackReason = reason;
    return null;
  };

  const open = (): Promise<IDBDatabase | null> => {
    db ??= (async () => {
      if (!factory) return null;
      try {
        const request = factory.open(dbName, DB_VERSION);
        request.onupgradeneeded = () => {
          if (!request.result.objectStoreNames.contains(storeName))
            request.result.createObjectStore(storeName);
        };
        return await promisify(request);
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
    if (!database) return onMemory();
    try {
      return await promisify(action(database.transaction(storeName, mode).objectStore(storeName)));
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
