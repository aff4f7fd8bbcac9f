/**
 * The one place the search service is composed: the embedded engine (BM25 tiers fused with the
 * semantic leg), the result cache over it, refinement chips mined from each search's top
 * candidates, and the candidate pools the device reranks (candidate-pool.ts). The HTTP server,
 * the benchmarks, the trainer and the simulator all call this, so what they measure or learn
 * from is what the API answers.
 */
import { openEngine, type OpenEngineOptions } from '@/server/engine/open-engine';
import { withResultCache } from '@/server/engine/result-cache';
import type { SearchEngine } from '@/server/engine/types';
import { withRefinements } from '@/server/refine/with-refinements';
import {
  checkPoolSize,
  createCandidatePools,
  DEFAULT_POOL_SIZE,
  type CandidatePools,
} from './candidate-pool';

export interface SearchServiceOptions extends OpenEngineOptions {
  /**
   * The index is immutable while it serves, so repeated searches and related pages come from
   * memory. `false` turns the cache off (the pools' too): latency benchmarks measure first-seen
   * searches.
   */
  resultCache?: false | { maxEntries?: number };
  /** Candidates in a pool (candidate-pool.ts: MIN_POOL_SIZE..MAX_POOL_SIZE); main.ts reads INSPO_POOL_SIZE. */
  poolSize?: number;
}

/** A search engine that also answers candidate pools: what the HTTP server is given. */
export interface SearchService extends SearchEngine {
  pools: CandidatePools;
}

export function openSearchService({
  resultCache = {},
  poolSize = DEFAULT_POOL_SIZE,
  ...engineOptions
}: SearchServiceOptions): SearchService {
  checkPoolSize(poolSize); // before the index is opened, so a bad size leaks nothing
  const engine = openEngine(engineOptions);
  const cached = resultCache === false ? engine : withResultCache(engine, resultCache);
  // Pools read the engine beneath the result cache: it would keep N full candidates per query.
  const pools = createCandidatePools(engine, {
    size: poolSize,
    ...(resultCache === false ? { cacheEntries: false as const } : {}),
  });
  return { ...withRefinements(cached), pools };
}
