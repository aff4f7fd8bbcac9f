/**
 * Gives any search engine (embedded or cluster) mined refinement chips: each search result carries refinements mined
 * (mine-refinements.ts) from the top MINING_CANDIDATES candidates of the same query and
 * refinements, so the chips adapt as refinements are applied.
 *
 * A wrapper, not a change to the engine's ranking code: it works with whatever retrieval the
 * engine does (plain FTS, query understanding, later semantic). Cost: on a first page the
 * engine is asked once for MINING_CANDIDATES rows instead of a page (the page is cut from
 * them); chips are cached per (query, refinements), so later pages cost nothing extra. The
 * index is immutable, so the cache never goes stale.
 */
import type { Refinement } from '@/contract/api';
import { isColorName, parseRefineValue } from '@/contract/refine-value';
import { LruMap } from '@/lib/lru/lru-map';
import { COLOR_SWATCHES } from '@/server/engine/named-colors';
import { after } from '@/server/engine/awaitable';
import type {
  AsyncSearchEngine,
  SearchBackend,
  SearchEngine,
  SearchParams,
  SearchResult,
} from '@/server/engine/types';
import { displayText } from '@/server/query/normalize';
import { mineRefinements } from './mine-refinements';

/** Chips are mined from this many top candidates. */
export const MINING_CANDIDATES = 200;
/** Distinct (query, refinements) pairs whose chips are kept. */
export const REFINEMENT_CACHE_SIZE = 512;

/** Order-free key of what a search matches. */
export function refinementCacheKey({
  q,
  refine,
  exact,
  type,
}: Pick<SearchParams, 'q' | 'refine' | 'exact' | 'type'>): string {
  const values = [...new Set(refine.map(displayText))].sort();
  return JSON.stringify([displayText(q), values, exact === true, type ?? '']);
}

/** Colour chips carry their swatch so the UI can draw it. */
function withSwatch(refinement: Refinement): Refinement {
  if (refinement.kind !== 'color') return refinement;
  const parsed = parseRefineValue(refinement.value);
  return parsed.kind === 'color' && isColorName(parsed.name)
    ? { ...refinement, swatch: COLOR_SWATCHES[parsed.name] }
    : refinement;
}

function mine(p: SearchParams, result: SearchResult): Refinement[] {
  const { query } = result;
  return mineRefinements({
    query: p.q,
    candidates: result.items.slice(0, MINING_CANDIDATES),
    activeRefinements: p.refine,
    // Corrections and synonyms were searched too: offering them as chips would change nothing.
    excludeTerms: [
      query.normalized,
      ...query.corrections.map((c) => c.to),
      ...query.expansions.map((e) => e.term),
    ],
  }).map(withSwatch);
}

export function withRefinements(engine: SearchEngine, options?: { cacheSize?: number }): SearchEngine;
export function withRefinements(
  engine: AsyncSearchEngine,
  options?: { cacheSize?: number },
): AsyncSearchEngine;
/**
 * One implementation for both kinds of engine (engine/awaitable.ts): synchronous over the
 * embedded engine, asynchronous over a cluster. Chips are keyed by the engine's generation too,
 * so a cluster's new build never answers with the old build's chips.
 */
export function withRefinements(
  engine: SearchBackend,
  { cacheSize = REFINEMENT_CACHE_SIZE } = {},
): SearchBackend {
  // A hit counts as a use: the least recently used chips are the ones forgotten.
  const cache = new LruMap<string, Refinement[]>(cacheSize);

  return {
    ...(engine.readiness ? { readiness: () => engine.readiness!() } : {}),
    ...(engine.generation ? { generation: () => engine.generation!() } : {}),
    search(p) {
      const key = JSON.stringify([engine.generation?.() ?? '', refinementCacheKey(p)]);
      const cached = cache.get(key);
      // A first page is always read from the chips' wide search, a hit or not: one cached answer
      // per query rather than two (the wide one for its first ask, the page for the next ones),
      // so a query's second ask costs the engine nothing, and warming a build (a cluster's
      // service/build-warmup.ts) with one replay covers every later ask.
      const firstPage = p.offset === 0 && p.limit <= MINING_CANDIDATES;
      if (cached && firstPage)
        return after(engine.search({ ...p, limit: MINING_CANDIDATES }), (wide) => ({
          ...wide,
          items: wide.items.slice(0, p.limit),
          refinements: cached,
          top: wide.items,
        }));
      if (cached) return after(engine.search(p), (result) => ({ ...result, refinements: cached }));
      if (firstPage) {
        return after(engine.search({ ...p, limit: MINING_CANDIDATES }), (wide) => {
          const refinements = mine(p, wide);
          cache.set(key, refinements);
          return { ...wide, items: wide.items.slice(0, p.limit), refinements, top: wide.items };
        });
      }
      return after(engine.search({ ...p, offset: 0, limit: MINING_CANDIDATES }), (top) => {
        const refinements = mine(p, top);
        cache.set(key, refinements);
        return after(engine.search(p), (result) => ({ ...result, refinements }));
      });
    },
    getPin: (id) => engine.getPin(id),
    related: (p) => engine.related(p),
    info: () => engine.info(),
    close: () => engine.close(),
  };
}
