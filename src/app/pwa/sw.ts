/**
 * The service worker (built on its own by vite-plugin-pwa's injectManifest into dist/sw.js, served
 * from the site root with the same CSP, COOP and COEP headers as everything else; every response
 * it hands out is same-origin, so cross-origin isolation holds). What it keeps and why:
 * cache-policy.ts.
 *
 * Updates never interrupt a reader: a new worker installs and waits; the page says a new version
 * is ready and reloads only when the reader asks (register-sw.ts sends SKIP_WAITING).
 */
import { clientsClaim, type WorkboxPlugin } from 'workbox-core';
import { ExpirationPlugin } from 'workbox-expiration';
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
  type PrecacheEntry,
} from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { getOrCreateDefaultRouter } from 'workbox-routing/utils/getOrCreateDefaultRouter.js';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';
import {
  API_MAX_AGE_S,
  API_MAX_ENTRIES,
  API_NETWORK_TIMEOUT_S,
  buildId,
  CACHE_NAMES,
  CACHE_PREFIX,
  isCachedApi,
  isModelFile,
  isPinsBatch,
  isRuntimeAsset,
  isShellNavigation,
  isThumbnail,
  modelCacheKey,
  MODELS_MAX_ENTRIES,
  PINS_MAX_ENTRIES,
  pinsBatchIds,
  pinsInAnswer,
  RUNTIME_MAX_ENTRIES,
  SAVED_AT_HEADER,
  singlePinId,
  singlePinKey,
  splitPrecacheManifest,
  THUMBS_MAX_AGE_S,
  THUMBS_MAX_ENTRIES,
  type PageMessage,
  type SavedAnswer,
  type SavedAnswerMessage,
} from './cache-policy';

declare let self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | PrecacheEntry)[] };

const manifest = self.__WB_MANIFEST;
const VERSION = buildId(manifest);
const { precache, modelRevisions, runtimeAssets } = splitPrecacheManifest(manifest);

// Take over the page that registered the worker on its first install (there is nothing to
// interrupt then), so what that page fetches from here on is cached too.
clientsClaim();
precacheAndRoute(precache);
cleanupOutdatedCaches();

// Any of the SPA's addresses opens from the precached shell (the app routes it); other
// navigations (the rerank lab, files) go to the network.
const shell = createHandlerBoundToURL('index.html');
registerRoute(
  ({ request, url }) => request.mode === 'navigate' && isShellNavigation(url.pathname),
  (options) => {
    // A page is starting: before its reranker asks for the runtime, keep what the HTTP cache
    // holds of it (see keepLoadedRuntime), so it is answered from here.
    options.event.waitUntil(keepLoadedRuntime());
    return shell(options);
  },
);

registerRoute(
  ({ url, sameOrigin }) => sameOrigin && isRuntimeAsset(url.pathname),
  new CacheFirst({
    cacheName: CACHE_NAMES.runtime,
    plugins: [new ExpirationPlugin({ maxEntries: RUNTIME_MAX_ENTRIES, purgeOnQuotaError: true })],
  }),
);

/** Model files by name + content hash (from the precache manifest): a new model is a new key. */
const modelKeys: WorkboxPlugin = {
  cacheKeyWillBeUsed: async ({ request }) => {
    const url = new URL(request.url);
    const revision = modelRevisions.get(url.pathname);
    return revision ? modelCacheKey(url, revision) : request;
  },
};
registerRoute(
  ({ url, sameOrigin }) =>
    sameOrigin && isModelFile(url.pathname) && modelRevisions.has(url.pathname),
  new CacheFirst({
    cacheName: CACHE_NAMES.models,
    plugins: [
      modelKeys,
      new ExpirationPlugin({ maxEntries: MODELS_MAX_ENTRIES, purgeOnQuotaError: true }),
    ],
  }),
);

registerRoute(
  ({ url, sameOrigin }) => sameOrigin && isThumbnail(url.pathname),
  new CacheFirst({
    cacheName: CACHE_NAMES.thumbs,
    plugins: [
      new ExpirationPlugin({
        maxEntries: THUMBS_MAX_ENTRIES,
        maxAgeSeconds: THUMBS_MAX_AGE_S,
        purgeOnQuotaError: true,
      }),
    ],
  }),
);

/** API answers served to each page from the cache, for its "saved offline" mark. */
const savedAnswers = new Map<string, SavedAnswer[]>();
const MAX_SAVED_PER_PAGE = 20;

function noteSavedAnswer(clientId: string | undefined, answer: SavedAnswer): void {
  if (!clientId) return;
  const list = savedAnswers.get(clientId) ?? [];
  list.push(answer);
  savedAnswers.set(clientId, list.slice(-MAX_SAVED_PER_PAGE));
  const message: SavedAnswerMessage = { type: 'SAVED_ANSWER', answer };
  void self.clients.get(clientId).then((client) => client?.postMessage(message));
}

/** Copies keep the time they were stored; an answer served from the cache is reported. */
const savedAt: WorkboxPlugin = {
  cacheWillUpdate: async ({ response }) => {
    if (response.status !== 200) return null;
    const headers = new Headers(response.headers);
    headers.set(SAVED_AT_HEADER, new Date().toISOString());
    return new Response(await response.blob(), {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  },
  cachedResponseWillBeUsed: async ({ cachedResponse, request, event }) => {
    if (cachedResponse) {
      noteSavedAnswer((event as FetchEvent | undefined)?.clientId, {
        url: request.url,
        savedAt: cachedResponse.headers.get(SAVED_AT_HEADER),
      });
    }
    return cachedResponse;
  },
};

/** Bounds a cache written outside a strategy: the oldest entries go first. */
async function trim(cache: Cache, maxEntries: number): Promise<void> {
  const keys = await cache.keys();
  await Promise.all(
    keys.slice(0, Math.max(0, keys.length - maxEntries)).map((key) => cache.delete(key)),
  );
}

/**
 * Every pin an answer carries is also kept on its own (cache-policy.ts, pinsInAnswer), so a
 * closeup opened from a card (whose pin came with the search) or a batch never asked for in this
 * exact combination (the device ordered the pool differently this time) is answered offline.
 */
const keepPins: WorkboxPlugin = {
  cacheDidUpdate: async ({ request, newResponse }) => {
    const url = new URL(request.url);
    const pins = pinsInAnswer(
      url,
      await newResponse
        .clone()
        .json()
        .catch(() => null),
    );
    if (pins.length === 0) return;
    const cache = await caches.open(CACHE_NAMES.pins);
    const at = newResponse.headers.get(SAVED_AT_HEADER) ?? new Date().toISOString();
    await Promise.all(
      pins.map((pin) =>
        cache.put(
          singlePinKey(url.origin, pin.id),
          new Response(JSON.stringify({ items: [pin], missing: [] }), {
            headers: { 'content-type': 'application/json', [SAVED_AT_HEADER]: at },
          }),
        ),
      ),
    );
    await trim(cache, PINS_MAX_ENTRIES);
  },
};

const api = new NetworkFirst({
  cacheName: CACHE_NAMES.api,
  networkTimeoutSeconds: API_NETWORK_TIMEOUT_S,
  plugins: [
    savedAt,
    keepPins,
    new ExpirationPlugin({
      maxEntries: API_MAX_ENTRIES,
      maxAgeSeconds: API_MAX_AGE_S,
      purgeOnQuotaError: true,
    }),
  ],
});

/** Pins kept one by one (keepPins), in the order asked; null unless every one is there. */
async function keptPins(
  origin: string,
  ids: readonly string[],
): Promise<{ pins: unknown[]; savedAt: string | null } | null> {
  const cache = await caches.open(CACHE_NAMES.pins);
  const pins: unknown[] = [];
  let oldest: string | null = null;
  for (const id of ids) {
    const hit = await cache.match(singlePinKey(origin, id));
    if (!hit) return null;
    const { items: [pin] = [] } = (await hit.json()) as { items?: unknown[] };
    pins.push(pin);
    const at = hit.headers.get(SAVED_AT_HEADER);
    if (at && (oldest === null || at < oldest)) oldest = at;
  }
  return { pins, savedAt: oldest };
}

/** Offline, with no copy of this exact answer: a batch or a closeup's pin from the pins kept. */
async function answerFromKeptPins(url: URL): Promise<Response | null> {
  const pinId = singlePinId(url);
  const ids = pinId !== null ? [pinId] : isPinsBatch(url) ? pinsBatchIds(url) : null;
  if (!ids || ids.length === 0) return null;
  const kept = await keptPins(url.origin, ids);
  if (!kept) return null;
  const body = pinId !== null ? { pin: kept.pins[0] } : { items: kept.pins, missing: [] };
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (kept.savedAt) headers[SAVED_AT_HEADER] = kept.savedAt;
  return new Response(JSON.stringify(body), { headers });
}

registerRoute(
  ({ url, sameOrigin }) => sameOrigin && isCachedApi(url.pathname),
  async (options) => {
    try {
      return await api.handle(options);
    } catch (error) {
      const url = new URL(options.request.url);
      const answer = await answerFromKeptPins(url);
      if (!answer) throw error;
      noteSavedAnswer((options.event as FetchEvent).clientId, {
        url: url.href,
        savedAt: answer.headers.get(SAVED_AT_HEADER),
      });
      return answer;
    }
  },
);

// What the page loaded before this worker took over (the first visit): it sends those addresses
// (register-sw.ts) and each goes through its route above, into the caches.
getOrCreateDefaultRouter().addCacheListener();

self.addEventListener('message', (event) => {
  const data = event.data as PageMessage | null;
  const reply = (value: unknown) => event.ports[0]?.postMessage(value);
  switch (data?.type) {
    case 'SKIP_WAITING':
      void self.skipWaiting();
      break;
    case 'GET_VERSION':
      reply(VERSION);
      break;
    case 'GET_SAVED_ANSWERS': {
      const source = event.source as Client | null;
      reply(source ? (savedAnswers.get(source.id) ?? []) : []);
      break;
    }
  }
});

/** Caches of this app that no worker uses any more (a renamed cache after a format change). */
async function dropOldCaches(): Promise<void> {
  const current = new Set<string>(Object.values(CACHE_NAMES));
  const names = await caches.keys();
  await Promise.all(
    names
      .filter((name) => name.startsWith(`${CACHE_PREFIX}-`) && !current.has(name))
      .map((name) => caches.delete(name)),
  );
}

/**
 * The runtime files the browser's HTTP cache already holds (the page loaded the reranker before
 * this worker existed), copied into the worker's cache: `only-if-cached` never touches the
 * network. Safe because the names are content hashes. (The model's name is not: it is cached
 * the next time it is fetched, under its content hash.)
 */
async function keepLoadedRuntime(): Promise<void> {
  const cache = await caches.open(CACHE_NAMES.runtime);
  await Promise.all(
    runtimeAssets.map(async (path) => {
      if (await cache.match(path)) return;
      const response = await fetch(path, { cache: 'only-if-cached', mode: 'same-origin' }).catch(
        () => null,
      );
      if (response?.status === 200) await cache.put(path, response);
    }),
  );
}

self.addEventListener('activate', (event) => {
  event.waitUntil(Promise.all([dropOldCaches(), keepLoadedRuntime()]));
});
