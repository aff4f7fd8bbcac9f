/**
 * What the service worker (sw.ts) keeps, where, and for how long: pure, so the rules are tested
 * on their own (cache-policy.test.ts) and the worker only wires them to Workbox.
 *
 * - The app shell (index.html, the app's JS and CSS, icons, the manifest) is precached at install,
 *   revisioned by Workbox; any SPA address (/, /search?…, /pin/…) is answered with the shell.
 * - The reranker's runtime (onnxruntime-web's hashed .wasm and .js in /assets/) is cached the first
 *   time it is fetched, by its immutable hashed name, and never revalidated; when the worker starts,
 *   it also keeps what the browser's HTTP cache already holds of it (a first visit loads the
 *   reranker before the worker exists), so a second visit takes it from the worker's cache.
 * - The model files (/models/*) keep their names across builds, so they are cached under a key made
 *   of the name and the content hash the build computed (the precache manifest's revision): a new
 *   model is a new key, never a stale hit. They are still fetched on first use, not at install.
 * - Recent API answers (search, pins, related) are network-first with a bounded cache to fall back
 *   on offline; thumbnails (content-addressed) are cache-first, bounded too.
 */

export const CACHE_PREFIX = 'inspo';
export const CACHE_NAMES = {
  api: `${CACHE_PREFIX}-api-v1`,
  pins: `${CACHE_PREFIX}-pins-v1`,
  thumbs: `${CACHE_PREFIX}-thumbs-v1`,
  runtime: `${CACHE_PREFIX}-runtime-v1`,
  models: `${CACHE_PREFIX}-models-v1`,
} as const;

/** Recent API answers: a few dozen searches with their pages, closeups and related pins. */
export const API_MAX_ENTRIES = 120;
/** Pins stored one by one (from batch answers), to rebuild a batch offline. */
export const PINS_MAX_ENTRIES = 2_000;
export const THUMBS_MAX_ENTRIES = 800;
/** onnxruntime-web's WASM and JS variants (WASM-only and WebGPU builds): a handful. */
export const RUNTIME_MAX_ENTRIES = 8;
/** The model, its card and weights: room for one older version while the new one loads. */
export const MODELS_MAX_ENTRIES = 8;
const DAY_S = 24 * 60 * 60;
export const API_MAX_AGE_S = 7 * DAY_S;
export const THUMBS_MAX_AGE_S = 30 * DAY_S;
/** On a connection that answers nothing ("lie-fi"), a cached answer after this long. */
export const API_NETWORK_TIMEOUT_S = 5;

/** When an answer was stored: set on the copy the worker keeps, so a cached answer can say so. */
export const SAVED_AT_HEADER = 'x-inspo-saved-at';

/** The SPA's own addresses: answered with the precached shell, online or not. */
export function isShellNavigation(pathname: string): boolean {
  return pathname === '/' || pathname === '/search' || pathname.startsWith('/pin/');
}

/**
 * onnxruntime-web as Vite emits it: `/assets/ort…-<hash>.wasm|.js|.mjs`. Everything Vite writes
 * to /assets/ carries a content hash in its name (the server serves it immutable too).
 */
const RUNTIME_ASSET = /^\/assets\/ort[^/]*\.(?:wasm|m?js)$/;
export const isRuntimeAsset = (pathname: string): boolean => RUNTIME_ASSET.test(pathname);

const MODEL_FILE = /^\/models\/[^/]+$/;
export const isModelFile = (pathname: string): boolean => MODEL_FILE.test(pathname);

const THUMBNAIL = /^\/thumbs\/[\w.-]+\.webp$/;
export const isThumbnail = (pathname: string): boolean => THUMBNAIL.test(pathname);

/** Answers worth keeping for offline: a search's pages, pins (one, a batch, related). */
export function isCachedApi(pathname: string): boolean {
  return (
    pathname === '/api/v1/search' ||
    pathname === '/api/v1/pins' ||
    pathname.startsWith('/api/v1/pins/')
  );
}

export const isPinsBatch = (url: URL): boolean =>
  url.pathname === '/api/v1/pins' && url.searchParams.has('ids');

/** The ids a batch asks for, in order. */
export const pinsBatchIds = (url: URL): string[] =>
  (url.searchParams.get('ids') ?? '').split(',').filter(Boolean);

const SINGLE_PIN = /^\/api\/v1\/pins\/([^/]+)$/;

/** The pin a closeup asks for (`/api/v1/pins/:id`), or null for any other address. */
export function singlePinId(url: URL): string | null {
  const match = SINGLE_PIN.exec(url.pathname);
  return match ? decodeURIComponent(match[1]!) : null;
}

type PinLike = { id?: unknown };

/**
 * The pins an API answer carries, whatever asked for it: a search page's and a related page's
 * items, a batch's items, a closeup's pin. Each is kept on its own too (sw.ts), so a closeup or a
 * batch never asked for in that exact form can still be answered offline.
 */
export function pinsInAnswer(url: URL, body: unknown): (PinLike & { id: string })[] {
  if (typeof body !== 'object' || body === null) return [];
  const { items, pin } = body as { items?: unknown; pin?: unknown };
  const list: unknown[] = singlePinId(url) !== null ? [pin] : Array.isArray(items) ? items : [];
  return list.filter(
    (item): item is PinLike & { id: string } =>
      typeof item === 'object' && item !== null && typeof (item as PinLike).id === 'string',
  );
}

/** Where one pin of a batch answer is kept: the address of a batch of that pin alone. */
export function singlePinKey(origin: string, id: string): string {
  return `${origin}/api/v1/pins?ids=${encodeURIComponent(id)}`;
}

export interface ManifestEntry {
  url: string;
  revision?: string | null;
}

/**
 * The precache manifest, split. The model files are not precached (a first visit that never ranks
 * anything should not download them); their revisions become the content hashes of their keys.
 * Nor is the reranker's runtime: its names are listed so that, when the worker starts, it can keep
 * the copies a first visit already downloaded (runtimeAssets).
 */
export function splitPrecacheManifest(entries: readonly (string | ManifestEntry)[]): {
  precache: (string | ManifestEntry)[];
  modelRevisions: Map<string, string>;
  runtimeAssets: string[];
} {
  const precache: (string | ManifestEntry)[] = [];
  const modelRevisions = new Map<string, string>();
  const runtimeAssets: string[] = [];
  for (const entry of entries) {
    const url = typeof entry === 'string' ? entry : entry.url;
    const path = `/${url.replace(/^\//, '')}`;
    if (isRuntimeAsset(path)) runtimeAssets.push(path);
    else if (isModelFile(path) && typeof entry !== 'string' && entry.revision)
      modelRevisions.set(path, entry.revision);
    else precache.push(entry);
  }
  return { precache, modelRevisions, runtimeAssets };
}

/** A model file's cache key: its name plus the content hash the build computed. */
export function modelCacheKey(url: URL, revision: string): string {
  return `${url.origin}${url.pathname}?rev=${encodeURIComponent(revision)}`;
}

/** A short, stable id of a build: a hash of its precache manifest (any change makes a new one). */
export function buildId(entries: readonly (string | ManifestEntry)[]): string {
  let hash = 0x811c9dc5;
  for (const entry of entries) {
    const text = typeof entry === 'string' ? entry : `${entry.url}@${entry.revision ?? ''}`;
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
  }
  return hash.toString(16).padStart(8, '0');
}

/** Messages between the page (register-sw.ts) and the worker. */
export type PageMessage =
  | { type: 'SKIP_WAITING' }
  | { type: 'GET_VERSION' }
  /** Which API answers were served to this page from the cache (newest last). */
  | { type: 'GET_SAVED_ANSWERS' };

export interface SavedAnswer {
  url: string;
  /** When the answer was stored (ISO), or null when the copy predates the header. */
  savedAt: string | null;
}

/** Sent by the worker whenever it answers this page from the cache. */
export interface SavedAnswerMessage {
  type: 'SAVED_ANSWER';
  answer: SavedAnswer;
}
