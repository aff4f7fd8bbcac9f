/**
 * The one place the search service is composed: the embedded engine (BM25 tiers fused with the
 * semantic leg), the result cache over it, and refinement chips mined from each search's top
 * candidates. The HTTP server, the benchmarks, the trainer and the simulator all call this, so
 * what they measure or learn from is what the API answers.
 */
import { openEngine, type OpenEngineOptions } from '@/server/engine/open-engine';
import { withResultCache } from '@/server/engine/result-cache';
import type { SearchEngine } from '@/server/engine/types';
import { withRefinements } from '@/server/refine/with-refinements';

export interface SearchServiceOptions extends OpenEngineOptions {
  /**
   * The index is immutable while it serves, so repeated searches and related pages come from
   * memory. `false` turns the cache off: latency benchmarks measure first-seen searches.
   */
  resultCache?: false | { maxEntries?: number };
}

export function openSearchService({
  resultCache = {},
  ...engineOptions
}: SearchServiceOptions): SearchEngine {
  const engine = openEngine(engineOptions);
  const cached = resultCache === false ? engine : withResultCache(engine, resultCache);
  return withRefinements(cached);
}
