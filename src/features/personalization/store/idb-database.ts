/**
 * The IndexedDB half of idb-storage.ts: opening the database (with its upgrade rules) and running
 * one request. A chunk of its own, loaded when the key-value store is first used (right after
 * start-up, to hydrate the engagement log): the first paint does not carry it.
 */
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
export async function openWithStore(
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

/** Runs one request on `storeName` in a transaction of its own. */
export function request<T>(
  database: IDBDatabase,
  storeName: string,
  mode: IDBTransactionMode,
  action: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  return promisify(action(database.transaction(storeName, mode).objectStore(storeName)));
}
