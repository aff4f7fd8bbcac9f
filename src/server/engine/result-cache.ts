/**
 * An LRU cache in front of a SearchEngine. The index is immutable while a server runs (a rebuild
 * is a new file and a restart), so a page computed once is valid until the process exits. Real
 * query traffic is heavily skewed (a few queries and their first pages are most of it), and a
 * broad query costs several milliseconds of CPU (ranking, fusion, chip mining): caching the
 * answers is what lets one Node thread serve the mixed load in bench/load-mixed.ts.
 *
 * Answers are shared between requests: callers must treat them as read-only (the HTTP routes
 * only read them, through the contract's zod parse, which copies). They are not frozen because
 * the engine may keep its own caches of the same objects.
 */
import { LruMap } from '@/lib/lru/lru-map';
import type {
  RelatedParams,
  RelatedResult,
  SearchEngine,
  SearchParams,
  SearchResult,
} from './types';

/** Entries per route. A first page is ~25 candidates (~15 KB): 2,000 entries stay well under 100 MB. */
export const DEFAULT_CACHE_ENTRIES = 2_000;

const searchKey = (p: SearchParams): string =>
  JSON.stringify([p.q, p.refine, p.offset, p.limit, p.exact === true]);
const relatedKey = (p: RelatedParams): string => JSON.stringify([p.id, p.offset, p.limit]);

export interface CachedEngine extends SearchEngine {
  /** Hits and misses since start, for tests and the health of the cache. */
  cacheStats(): { hits: number; misses: number; entries: number };
}

export function withResultCache(
  engine: SearchEngine,
  { maxEntries = DEFAULT_CACHE_ENTRIES }: { maxEntries?: number } = {},
): CachedEngine {
  // A hit makes an entry the most recent (LruMap.get); maxEntries must be a positive integer.
  const searches = new LruMap<string, SearchResult>(maxEntries);
  const related = new LruMap<string, RelatedResult | null>(maxEntries);
  let hits = 0;
  let misses = 0;
  function through<P, R>(cache: LruMap<string, R>, key: string, compute: (p: P) => R, p: P): R {
    const cached = cache.get(key);
    if (cached !== undefined) {
      hits++;
      return cached;
    }
    misses++;
    const value = compute(p);
    cache.set(key, value);
    return value;
  }
  return {
    search: (p) => through(searches, searchKey(p), (q: SearchParams) => engine.search(q), p),
    related: (p) => through(related, relatedKey(p), (q: RelatedParams) => engine.related(q), p),
    getPin: (id) => engine.getPin(id),
    info: () => engine.info(),
    close: () => engine.close(),
    cacheStats: () => ({ hits, misses, entries: searches.size + related.size }),
  };
}
