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
  /** Calls `listener` when values move to memory (for useSyncExternalStore); returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}

function promisify<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/** Opens `dbName` (at `version`, or at whatever version it has), creating the store on upgrade. */
function openDatabase(
  factory: IDBFactory,
  dbName: string,
  storeName: string,
  version?: number,
): Promise<IDBDatabase> {
  const request = version === undefined ? factory.open(dbName) : factory.open(dbName, version);
  request.onupgradeneeded = () => {
    if (!request.result.objectStoreNames.contains(storeName))
      request.result.createObjectStore(storeName);
  };
  const opened = promisify(request);
  // Another tab keeps the old version open: give up (memory) rather than wait for it, and
  // close the connection should the upgrade go through later.
  const blocked = new Promise<never>((_resolve, reject) => {
    request.onblocked = () => {
      void opened.then(
        (late) => late.close(),
        () => undefined,
      );
      reject(new Error('an upgrade is blocked by another open tab'));
    };
  });
  return Promise.race([opened, blocked]);
}

/**
 * The database as any build left it: opened at its own version (no VersionError when a newer
 * build bumped it), and upgraded one version when the store is missing (an older build, or
 * another app on this origin, created the database without it).
 */
async function openWithStore(
  factory: IDBFactory,
  dbName: string,
  storeName: string,
): Promise<IDBDatabase> {
  let database = await openDatabase(factory, dbName, storeName);
  if (!database.objectStoreNames.contains(storeName)) {
    const next = database.version + 1;
    database.close();
    database = await openDatabase(factory, dbName, storeName, next);
  }
  // Let a later build (another tab) upgrade: later requests here then fall back to memory.
  database.onversionchange = () => database.close();
  return database;
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
        return await openWithStore(factory, dbName, storeName);
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
