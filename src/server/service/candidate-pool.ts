/**
 * Candidate pools: a query's (or a pin's related pins') top N candidates in server order, compact,
 * for the device to rerank as a whole (DESIGN.md §1). Only what the reranker reads travels
 * (`PoolCandidate`: id, title, category, dominant colour, popularity, the three scores, the int8
 * embedding, the first MAX_EVENT_TAGS tags and how many of the index's pins carry each), and for
 * the first POOL_DISPLAY_COUNT (the whole default pool) what a card draws;
 * the display data of a larger pool's deeper pins is fetched for the pins the device decides to show.
 *
 * A pool is computed from the engine without the result cache (which would keep N full
 * candidates per query: ~0.6 MB each at N = 300) and kept here in its compact form, per
 * (query, refinements, exact) or pin. The engine's order is the paging order: offsets are
 * stable, so the pool is exactly the first N results the pages would list, and the cursor after
 * it (offset N) continues that order.
 */
import type { Candidate, PoolCandidate } from '@/contract/api';
import { LruMap } from '@/lib/lru/lru-map';
import { firstTags } from '@/ranking/event-tags';
import { after, isPromiseLike } from '@/server/engine/awaitable';
import { tagPinsOf, type TagPins } from '@/server/engine/tag-pins';
import type {
  AsyncSearchEngine,
  Awaitable,
  SearchBackend,
  SearchEngine,
  SearchParams,
} from '@/server/engine/types';

/** Candidates a pool holds unless configured: several hundred, as the design asks. */
export const DEFAULT_POOL_SIZE = 300;
/** A pool is at least a full page of the largest size, so the first page is always inside it. */
export const MIN_POOL_SIZE = 100;
/** The engine's own limit (open-engine.ts MAX_ENGINE_LIMIT), and ~150 KB of JSON before compression. */
export const MAX_POOL_SIZE = 1000;
/** Pools kept in memory (~75 KB each at N = 300). */
export const POOL_CACHE_ENTRIES = 256;

export interface CandidatePool {
  /** Top candidates in server order: `size` of them, or fewer when that is every result. */
  candidates: readonly PoolCandidate[];
  /** Results of the whole list (the engine's `total`), to tell whether paging goes on after the pool. */
  total: number;
}

export interface CandidatePools {
  readonly size: number;
  search(p: Omit<SearchParams, 'offset' | 'limit'>): CandidatePool;
  /** Null when the pin is unknown. */
  related(id: string): CandidatePool | null;
}

/** Pools over a cluster engine: answered when the engine answers. */
export interface AsyncCandidatePools {
  readonly size: number;
  search(p: Omit<SearchParams, 'offset' | 'limit'>): Promise<CandidatePool>;
  related(id: string): Promise<CandidatePool | null>;
}

/** Either kind: what the HTTP routes take. */
export interface CandidatePoolsBackend {
  readonly size: number;
  search(p: Omit<SearchParams, 'offset' | 'limit'>): Awaitable<CandidatePool>;
  related(id: string): Awaitable<CandidatePool | null>;
}

/**
 * Pool candidates that carry what a card draws (`display`): the whole default pool. The device
 * reranks all of it, and a history lifts pins from anywhere in it onto the first page (the
 * "Animal fan" persona's birds come from ranks past 90 of "animal"); each of those cost a
 * `GET /api/v1/pins?ids=` round trip and the contract's chunk before the largest contentful paint
 * of a return visit. With 90, a phone-class load with history (bench/fresh-load-personalization.ts,
 * CPU ×4, 150 ms RTT) painted ~25 % later than with 300. ~25 B a candidate on the wire (brotli,
 * mostly the thumbnails' content hash): the "animal" answer of the test index (201 candidates) is
 * 20.5 KB, 17.9 KB with 90. A
 * pool configured larger than this fetches its deeper pins' display data as before.
 */
export const POOL_DISPLAY_COUNT = DEFAULT_POOL_SIZE;

/**
 * The fields the reranker reads, copied out of a full candidate (nothing else is kept), and with
 * `display`, what its card draws. Both engines' candidates carry the pin's tags in the index's
 * order (the embedded engine from the pins table, the cluster's from the documents' stored
 * `tags`): the first MAX_EVENT_TAGS of them travel, as many as an engagement event keeps, so a
 * card's events carry the same tags the sequence model sees on the candidate.
 *
 * With `tagPins` (the index's tag → pin counts, engine/tag-pins.ts), each of those tags' count
 * travels too (`tagPins`, same order and length); without them, no key: the device reads an
 * unknown count as neutral.
 */
export function toPoolCandidate(
  c: Candidate,
  display = false,
  tagPins: TagPins | null = null,
): PoolCandidate {
  const tags = firstTags(c.tags);
  return {
    id: c.id,
    title: c.title,
    category: c.category,
    dominantColor: c.dominantColor,
    popularity: c.popularity,
    serverScore: c.serverScore,
    lexicalScore: c.lexicalScore,
    semanticScore: c.semanticScore,
    embedding: c.embedding,
    tags,
    ...(tagPins ? { tagPins: tagPinsOf(tags, tagPins) } : {}),
    ...(display
      ? {
          display: {
            imageUrl: c.imageUrl,
            imageUrl2x: c.imageUrl2x,
            width: c.width,
            height: c.height,
            // A typed pin's card draws a price or play badge: rare, a few dozen bytes.
            ...(c.product ? { product: c.product } : {}),
            ...(c.video ? { video: c.video } : {}),
          },
        }
      : {}),
  };
}

/** A pool in server order: the first POOL_DISPLAY_COUNT with their display fields. */
const toPoolCandidates = (items: readonly Candidate[], tagPins: TagPins | null): PoolCandidate[] =>
  items.map((c, rank) => toPoolCandidate(c, rank < POOL_DISPLAY_COUNT, tagPins));

/** A pool size from configuration: a whole number in [MIN_POOL_SIZE, MAX_POOL_SIZE], else an error that says so. */
export function checkPoolSize(size: number): number {
  if (!Number.isInteger(size) || size < MIN_POOL_SIZE || size > MAX_POOL_SIZE)
    throw new RangeError(
      `the candidate pool size must be a whole number from ${MIN_POOL_SIZE} to ${MAX_POOL_SIZE}, got ${size}`,
    );
  return size;
}

/** INSPO_POOL_SIZE, or the default when unset or empty. */
export function poolSizeFromEnv(env: NodeJS.ProcessEnv): number {
  const value = env.INSPO_POOL_SIZE;
  if (value === undefined || value.trim() === '') return DEFAULT_POOL_SIZE;
  if (!/^\d+$/.test(value.trim()))
    throw new RangeError(`INSPO_POOL_SIZE must be a whole number, got "${value}"`);
  return checkPoolSize(Number(value));
}

export interface CandidatePoolOptions {
  size?: number;
  cacheEntries?: number | false;
  /**
   * The tag → pin counts of the data the engine serves now (engine/tag-pins.ts), read when a pool
   * is computed (inside a cluster build's warm-up, that build's); null, or no option: pools
   * without `tagPins`.
   */
  tagPins?: () => TagPins | null;
}

export function createCandidatePools(
  engine: SearchEngine,
  options?: CandidatePoolOptions,
): CandidatePools;
export function createCandidatePools(
  engine: AsyncSearchEngine,
  options?: CandidatePoolOptions,
): AsyncCandidatePools;
/**
 * One implementation for both kinds of engine (engine/awaitable.ts). Over a cluster engine the
 * cache holds the pending answer, so concurrent first requests share one engine call; a failed
 * call is forgotten. Keys carry the engine's generation: a cluster's new build gets new pools.
 */
export function createCandidatePools(
  engine: SearchBackend,
  {
    size = DEFAULT_POOL_SIZE,
    cacheEntries = POOL_CACHE_ENTRIES,
    tagPins = () => null,
  }: CandidatePoolOptions = {},
): CandidatePoolsBackend {
  checkPoolSize(size);
  const cache =
    cacheEntries === false
      ? null
      : new LruMap<string, Awaitable<CandidatePool | null>>(cacheEntries);
  // Keyed by the parameters as given, like the result cache: two spellings of a query that the
  // engine happens to treat alike cost one computation each, never the wrong pool.
  const through = (
    key: string,
    compute: (counts: TagPins | null) => Awaitable<CandidatePool | null>,
  ): Awaitable<CandidatePool | null> => {
    const fullKey = JSON.stringify([engine.generation?.() ?? '', key]);
    const cached = cache?.get(fullKey);
    if (cached !== undefined) return cached;
    // Read with the generation, before any await: the counts of the build the key names.
    const pool = compute(tagPins());
    const forget = () => {
      if (cache?.peek(fullKey) === pool) cache.delete(fullKey);
    };
    // Unknown pins are not kept: they are cheap to look up and would only push real pools out.
    if (isPromiseLike(pool)) {
      cache?.set(fullKey, pool);
      void pool.then((p) => {
        if (!p) forget();
      }, forget);
    } else if (pool) cache?.set(fullKey, pool);
    return pool;
  };
  return {
    size,
    search: ({ q, refine, exact, hl, type }) =>
      through(
        JSON.stringify(['search', q, refine, exact === true, hl ?? '', type ?? '']),
        (counts) =>
          after(
            engine.search({ q, refine, exact, hl, type, offset: 0, limit: size }),
            (result) => ({
              candidates: toPoolCandidates(result.items, counts),
              total: result.total,
            }),
          ),
      ) as Awaitable<CandidatePool>,
    related: (id) =>
      through(JSON.stringify(['related', id]), (counts) =>
        after(
          engine.related({ id, offset: 0, limit: size }),
          (result) =>
            result && { candidates: toPoolCandidates(result.items, counts), total: result.total },
        ),
      ),
  };
}
