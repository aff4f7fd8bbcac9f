/**
 * Faults injected at the browser's edges, for the fault specs: a backend that stops answering,
 * a WebGPU adapter that is missing or throws, IndexedDB that is missing, refuses, or holds an
 * older build's data. Nothing here reaches into the app: the app sees what a real browser,
 * network or disk would show it.
 */
import type { Page, Request, Route } from '@playwright/test';

export type UrlMatcher = (url: URL) => boolean;

export interface HungRequests {
  /** Requests that reached the route and were never answered. */
  readonly requests: Request[];
  /** Stops hanging new requests; the ones already held are aborted (most were given up already). */
  release(): Promise<void>;
}

/**
 * A backend that accepts the connection and never answers: matching requests stay pending until
 * the page gives up on them (its own timeout) or `release()` is called.
 */
export async function hangRequests(page: Page, matches: UrlMatcher): Promise<HungRequests> {
  const held: Route[] = [];
  const requests: Request[] = [];
  const handler = (route: Route) => {
    held.push(route);
    requests.push(route.request());
  };
  await page.route(matches, handler);
  return {
    requests,
    async release() {
      await page.unroute(matches, handler);
      // The page may have aborted these itself; aborting again then fails harmlessly.
      await Promise.all(held.map((route) => route.abort('timedout').catch(() => undefined)));
    },
  };
}

/** Every API request, e.g. for "the backend is down". */
export const isApiRequest: UrlMatcher = (url) => url.pathname.startsWith('/api/');

/** How WebGPU fails in the fault specs. */
export type AdapterFault = 'no adapter' | 'requestAdapter throws';

export const ADAPTER_FAULT_MESSAGE = 'injected by the e2e suite: the GPU process crashed';

/**
 * Source that makes `navigator.gpu.requestAdapter()` resolve null or reject, in a window or a
 * worker, whether or not the browser has WebGPU (a stand-in `navigator.gpu` is defined where
 * it has none, so both projects exercise the same failure).
 */
export function adapterFaultSource(fault: AdapterFault): string {
  const body =
    fault === 'no adapter'
      ? 'return null;'
      : `throw new DOMException(${JSON.stringify(ADAPTER_FAULT_MESSAGE)}, 'OperationError');`;
  return `;(() => {
  const requestAdapter = async function () { ${body} };
  if (typeof GPU === 'function') GPU.prototype.requestAdapter = requestAdapter;
  else Object.defineProperty(Object.getPrototypeOf(navigator), 'gpu', {
    configurable: true,
    get: () => ({ requestAdapter }),
  });
})();
`;
}

/**
 * Applies an adapter fault everywhere the app may ask for an adapter: the page (the reranker's
 * main-thread fallback) and the rerank worker. Init scripts do not run in workers, so the
 * worker's script is served with the fault prepended (its static imports still run first;
 * the adapter is only asked for later, when the model loads).
 */
export async function failWebGpuAdapter(page: Page, fault: AdapterFault): Promise<void> {
  const source = adapterFaultSource(fault);
  await page.addInitScript(source);
  await page.route('**/assets/rerank-worker-*.js', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: source + (await response.text()) });
  });
}

/** How IndexedDB is unavailable in the storage specs. */
export type StorageFault = 'missing' | 'open throws';

export const STORAGE_FAULT_MESSAGE = 'injected by the e2e suite: storage is disabled';

/** Init script: `indexedDB` is undefined, or every `indexedDB.open()` throws. */
export function storageFaultSource(fault: StorageFault): string {
  return fault === 'missing'
    ? `Object.defineProperty(window, 'indexedDB', { configurable: true, value: undefined });`
    : `IDBFactory.prototype.open = function () {
        throw new DOMException(${JSON.stringify(STORAGE_FAULT_MESSAGE)}, 'SecurityError');
      };`;
}

export interface SeededDatabase {
  name: string;
  version: number;
  /** Object stores to create, each with its key → value entries. */
  stores: Record<string, Record<string, unknown>>;
}

/**
 * Writes a database as an older build would have left it. Run on a page of the app's origin
 * that does not start the app (e.g. /api/health), before the app's first load.
 */
export async function seedIndexedDb(page: Page, seed: SeededDatabase): Promise<void> {
  await page.evaluate(
    ({ name, version, stores }) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open(name, version);
        request.onupgradeneeded = () => {
          for (const store of Object.keys(stores)) request.result.createObjectStore(store);
        };
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const names = Object.keys(stores);
          if (names.length === 0) {
            db.close();
            resolve();
            return;
          }
          const tx = db.transaction(names, 'readwrite');
          for (const store of names)
            for (const [key, value] of Object.entries(stores[store]!))
              tx.objectStore(store).put(value, key);
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    seed,
  );
}

/** One value from a database the app wrote (undefined when absent), plus the store names. */
export async function readIndexedDb(
  page: Page,
  { name, store, key }: { name: string; store: string; key: string },
): Promise<{ version: number; stores: string[]; value: unknown }> {
  return page.evaluate(
    (where) =>
      new Promise((resolve, reject) => {
        // No version: whatever the app left, without upgrading it.
        const request = indexedDB.open(where.name);
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const stores = Array.from(db.objectStoreNames);
          const done = (value: unknown) => {
            db.close();
            resolve({ version: db.version, stores, value });
          };
          if (!stores.includes(where.store)) {
            done(undefined);
            return;
          }
          const get = db.transaction(where.store).objectStore(where.store).get(where.key);
          get.onsuccess = () => done(get.result);
          get.onerror = () => reject(get.error);
        };
      }),
    { name, store, key },
  );
}
