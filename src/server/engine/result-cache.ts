/**
 * An LRU cache in front of a search engine. The index is immutable while a server runs (a rebuild
 * is a new file and a restart; a cluster's new build changes its `generation()`, which every key
 * holds), so a page computed once is valid until then. Real query traffic is heavily skewed (a
 * few queries and their first pages are most of it), and a broad query costs several
 * milliseconds of CPU (ranking, fusion, chip mining): caching the answers is what lets one Node
 * thread serve the mixed load in bench/load-mixed.ts.
 *
 * Over a cluster engine the cache holds the promises: concurrent requests for the same page share
 * one engine call, and a call that fails is forgotten (the next request asks again).
 *
 * Answers are shared between requests: callers must treat them as read-only (the HTTP routes
 * only read them, through the contract's zod parse, which copies). They are not frozen because
 * the engine may keep its own caches of the same objects.
 */
import { LruMap } from '@/lib/lru/lru-map';
import { isPromiseLike } from './awaitable';
import type {
  AsyncSearchEngine,
  Awaitable,
  RelatedParams,
  RelatedResult,
  SearchBackend,
  SearchEngine,
  SearchParams,
  SearchResult,
} from './types';

/** Entries per route. A first page is ~25 candidates (~15 KB): 2,000 entries stay well under 100 MB. */
export const DEFAULT_CACHE_ENTRIES = 2_000;

const searchKey = (p: SearchParams, generation: string): string =>
  JSON.stringify([
    generation,
    p.q,
    p.refine,
    p.offset,
    p.limit,
    p.exact === true,
    p.hl ?? '',
    p.type ?? '',
  ]);
const relatedKey = (p: RelatedParams, generation: string): string =>
  JSON.stringify([generation, p.id, p.offset, p.limit]);

interface CacheStats {
  /** Hits and misses since start, for tests and the health of the cache. */
  cacheStats(): { hits: number; misses: number; entries: number };
}

export interface CachedEngine extends SearchEngine, CacheStats {}
export interface CachedAsyncEngine extends AsyncSearchEngine, CacheStats {}

export function withResultCache(
  engine: SearchEngine,
  options?: { maxEntries?: number },
): CachedEngine;
export function withResultCache(
  engine: AsyncSearchEngine,
  options?: { maxEntries?: number },
): CachedAsyncEngine;
export function withResultCache(
  engine: SearchBackend,
  { maxEntries = DEFAULT_CACHE_ENTRIES }: { maxEntries?: number } = {},
): SearchBackend & CacheStats {
  // A hit makes an entry the most recent (LruMap.get); maxEntries must be a positive integer.
  const searches = new LruMap<string, Awaitable<SearchResult>>(maxEntries);
  const related = new LruMap<string, Awaitable<RelatedResult | null>>(maxEntries);
  const generation = (): string => engine.generation?.() ?? '';
  let hits = 0;
  let misses = 0;
  function through<P, R>(
    cache: LruMap<string, Awaitable<R>>,
    key: string,
    compute: (p: P) => Awaitable<R>,
    p: P,
  ): Awaitable<R> {
    const cached = cache.get(key);
    if (cached !== undefined) {
      hits++;
      return cached;
    }
    misses++;
    const value = compute(p);
    cache.set(key, value);
    if (isPromiseLike(value)) {
      value.catch(() => {
        if (cache.peek(key) === value) cache.delete(key);
      });
    }
    return value;
  }
  return {
    ...(engine.readiness ? { readiness: () => engine.readiness!() } : {}),
    ...(engine.generation ? { generation: () => engine.generation!() } : {}),
    search: (p) =>
      through(searches, searchKey(p, generation()), (q: SearchParams) => engine.search(q), p),
    related: (p) =>
      through(related, relatedKey(p, generation()), (q: RelatedParams) => engine.related(q), p),
    getPin: (id) => engine.getPin(id),
    info: () => engine.info(),
    close: () => engine.close(),
    cacheStats: () => ({ hits, misses, entries: searches.size + related.size }),
  };
}
