/**
 * The one place the search service is composed: the engine (INSPO_ENGINE, engine-config.ts: the
 * embedded SQLite engine — BM25 tiers fused with the semantic leg — or the SolrCloud engine of
 * src/server/cluster), the result cache over it, refinement chips mined from each search's top
 * candidates, and the candidate pools the device reranks (candidate-pool.ts). The same wrappers
 * serve both engines (synchronous over the embedded one, asynchronous over the cluster). The
 * HTTP server, the benchmarks, the trainer and the simulator all call this, so what they measure
 * or learn from is what the API answers.
 */
import { CALL_DEADLINE_MS, withinDeadline } from '@/server/cluster/call-deadline';
import { openSolrEngine, type SolrEngine } from '@/server/cluster/solr-engine';
import { openEngine, type OpenEngineOptions } from '@/server/engine/open-engine';
import { withResultCache } from '@/server/engine/result-cache';
import { loadTagPins } from '@/server/engine/tag-pins';
import type { AsyncSearchEngine, SearchEngine } from '@/server/engine/types';
import { withRefinements } from '@/server/refine/with-refinements';
import {
  checkPoolSize,
  createCandidatePools,
  DEFAULT_POOL_SIZE,
  type AsyncCandidatePools,
  type CandidatePools,
} from './candidate-pool';
import { createHotCalls, replayAll, WARM_CALLS } from './build-warmup';
import { loadVisualIndex } from '@/server/visual/visual-index';
import { loadVisualSearch, type VisualSearch } from '@/server/visual/visual-search';
import type { ClusterConfig, EngineConfig } from './engine-config';
import { withDiversity, type DiversityOptions } from './with-diversity';

export interface SearchServiceOptions extends OpenEngineOptions {
  /**
   * The index is immutable while it serves, so repeated searches and related pages come from
   * memory. `false` turns the cache off (the pools' too): latency benchmarks measure first-seen
   * searches.
   */
  resultCache?: false | { maxEntries?: number };
  /** Candidates in a pool (candidate-pool.ts: MIN_POOL_SIZE..MAX_POOL_SIZE); main.ts reads INSPO_POOL_SIZE. */
  poolSize?: number;
  /**
   * Near-duplicate collapse and first-screen diversification (with-diversity.ts); `false` serves
   * the engine's order as is (the "before" of bench/near-duplicates.ts).
   */
  diversity?: false | Omit<DiversityOptions, 'cacheEntries'>;
}

/** A search engine that also answers candidate pools: what the HTTP server is given. */
export interface SearchService extends SearchEngine {
  pools: CandidatePools;
  /** Pins by image embedding (POST /visual-search); null when the index has none. */
  visual: VisualSearch | null;
}

export function openSearchService({
  resultCache = {},
  poolSize = DEFAULT_POOL_SIZE,
  // INSPO_DIVERSITY=off: the engine's order as is, for comparisons (bench/near-duplicates.ts).
  diversity = process.env.INSPO_DIVERSITY === 'off' ? false : {},
  ...engineOptions
}: SearchServiceOptions): SearchService {
  checkPoolSize(poolSize); // before the index is opened, so a bad size leaks nothing
  // One copy of the image embeddings, for visual search and for related pins alike.
  const visual =
    engineOptions.visual === undefined ? loadVisualSearch(engineOptions.dataDir) : engineOptions.visual;
  const raw = openEngine({ ...engineOptions, visual });
  // How many pins carry each tag, sent with every pool candidate's tags (engine/tag-pins.ts): one
  // GROUP BY over pin_tags, ~5–20 ms for the corpus's 10,572 pins.
  const tagPins = loadTagPins(engineOptions.dataDir);
  // Beneath the caches and the pools, so pages and pools agree (with-diversity.ts).
  const engine =
    diversity === false
      ? raw
      : withDiversity(raw, loadVisualIndex(engineOptions.dataDir), {
          ...diversity,
          ...(resultCache === false ? { cacheEntries: false as const } : {}),
        });
  const cached = resultCache === false ? engine : withResultCache(engine, resultCache);
  // Pools read the engine beneath the result cache: it would keep N full candidates per query.
  const pools = createCandidatePools(engine, {
    size: poolSize,
    ...(resultCache === false ? { cacheEntries: false as const } : {}),
    tagPins: () => tagPins,
  });
  return { ...withRefinements(cached), pools, visual };
}

/** The cluster engine's service: the same composition, answering asynchronously. */
export interface ClusterSearchService extends AsyncSearchEngine {
  pools: AsyncCandidatePools;
  /**
   * Visual search from the local build the cluster was published from (its image embeddings,
   * pin ids the cluster serves too); null without one.
   */
  visual: VisualSearch | null;
  /** The build being served: its query model (suggest's completions) and when it changes. */
  build: Pick<SolrEngine, 'queryModel' | 'onBuildChange' | 'onBuildStaged' | 'collection'>;
  /** The result cache's hits and misses (null without one): what a warm switch of builds saves. */
  cacheStats: () => { hits: number; misses: number; entries: number } | null;
}

/**
 * The search service on a SolrCloud cluster (src/server/cluster/solr-engine.ts): connects, finds
 * the build behind the alias and loads its query model. Throws ClusterUnavailableError (with
 * what to do) when the cluster is down or serves nothing.
 */
export async function openClusterSearchService({
  cluster,
  resultCache = {},
  poolSize = DEFAULT_POOL_SIZE,
  callDeadlineMs = CALL_DEADLINE_MS,
  aliasCheckMs,
  dataDir,
}: {
  cluster: ClusterConfig;
  resultCache?: SearchServiceOptions['resultCache'];
  poolSize?: number;
  /**
   * Every call (a search with its pool, a closeup, related pins) ends within this, all its
   * requests to the cluster included (call-deadline.ts): the server answers 503 before the
   * browser gives up, rather than working on for a reader who has gone.
   */
  callDeadlineMs?: number;
  /** How often the alias is followed (solr-engine.ts); tests shorten it. */
  aliasCheckMs?: number;
  /**
   * The local build the cluster was published from: its perceptual features drive the same
   * collapse and diversification as the embedded engine's (none when absent or older).
   */
  dataDir?: string;
}): Promise<ClusterSearchService> {
  checkPoolSize(poolSize);
  const solr = await openSolrEngine({
    urls: cluster.urls,
    alias: cluster.alias,
    ...(aliasCheckMs === undefined ? {} : { aliasCheckMs }),
  });
  const visual =
    dataDir === undefined || process.env.INSPO_DIVERSITY === 'off'
      ? null
      : loadVisualIndex(dataDir);
  const engine =
    visual === null || visual.size === 0
      ? solr
      : withDiversity(solr, visual, resultCache === false ? { cacheEntries: false } : {});
  const cache = resultCache === false ? null : withResultCache(engine, resultCache);
  const cached = cache ?? engine;
  const pools = createCandidatePools(engine, {
    size: poolSize,
    ...(resultCache === false ? { cacheEntries: false as const } : {}),
    // The counts published with the build (its query model), the staged one's inside a warm-up;
    // none for a build published before they were.
    tagPins: () => solr.tagPins(),
  });
  const build = {
    queryModel: () => solr.queryModel(),
    onBuildChange: solr.onBuildChange,
    onBuildStaged: solr.onBuildStaged,
    collection: () => solr.collection(),
  };
  const refined = withRefinements(cached);
  const bounded =
    <A extends unknown[], R>(f: (...args: A) => R) =>
    (...args: A): R =>
      withinDeadline(callDeadlineMs, () => f(...args));
  // The calls asked most are replayed against a new build before searches switch to it
  // (build-warmup.ts), through the same caches, so the switch finds them warm.
  const hot = createHotCalls();
  const recorded =
    <P, R>(route: string, f: (p: P) => R) =>
    (p: P): R => {
      hot.record(JSON.stringify([route, p]), () => f(p));
      return f(p);
    };
  solr.onBuildStaged((inBuild) => replayAll(hot.top(WARM_CALLS).map((f) => () => inBuild(f))));
  return {
    ...refined,
    search: recorded('search', bounded(refined.search)),
    getPin: bounded(refined.getPin),
    related: recorded('related', bounded(refined.related)),
    pools: {
      ...pools,
      search: recorded('pool', bounded(pools.search)),
      related: recorded('pool-related', bounded(pools.related)),
    },
    build,
    visual: dataDir === undefined ? null : loadVisualSearch(dataDir),
    cacheStats: () => cache?.cacheStats() ?? null,
  };
}

/** The service INSPO_ENGINE names: what main.ts serves. */
export async function openConfiguredSearchService(
  config: EngineConfig,
  options: SearchServiceOptions,
): Promise<SearchService | ClusterSearchService> {
  if (config.kind === 'solr' && config.cluster) {
    const { resultCache, poolSize, dataDir, diversity } = options;
    return openClusterSearchService({
      cluster: config.cluster,
      ...(diversity === false ? {} : { dataDir }),
      ...(resultCache === undefined ? {} : { resultCache }),
      ...(poolSize === undefined ? {} : { poolSize }),
    });
  }
  return openSearchService(options);
}
