/**
 * The cluster engine: the `SearchEngine` contract (engine/types.ts) answered by a SolrCloud
 * collection, behind an alias (INSPO_ENGINE=solr). What runs where:
 *
 * In Solr (each shard over its own pins, merged by the node that took the request):
 *   - BM25 over title, tags, category and description, analysed as FTS5 does (configset), with
 *     the embedded engine's column weights and popularity prior (`{!boost}`), per match tier;
 *   - counting the matches (`numFound`), refinement filters (category, named colour, extra words);
 *   - HNSW nearest neighbours of the query vector (`{!knn}`, pre-filtered by the refinements) and
 *     of a pin's vector (related pins); pins sharing tags (related pins);
 *   - storing the pins: display fields are read back by id (a /select by ids, documents.ts).
 * In Inspo's server (this file, over the build's query model, query-model.ts):
 *   - query understanding (spelling, regional spellings, WordNet) into match tiers, written in
 *     Lucene syntax (lucene-syntax.ts) — the same tiers as the embedded engine;
 *   - the query encoder (word vectors → query vector), the fusion of the lexical top 300 with the
 *     semantic neighbours (engine/rank-fusion.ts, the same blend), related searches mined from the
 *     top results, related-pin scoring (the same weights as engine/semantic-related.ts);
 *   - above this engine, as for the embedded one: the result cache, refinement chips mined from
 *     the top candidates (refine/), suggest (its completion index comes from the query model),
 *     the candidate pools (their tags' pin counts come from the query model too, `tagPins`).
 *
 * Where it departs from the embedded engine: every match of a query is ranked by BM25 (the
 * embedded engine ranks a window of the 2,000 most popular matches of a broad query, then static
 * rank); BM25's statistics are the whole collection's (LRUStatsCache), per field rather than
 * FTS5's one document length, so scores differ while the tiers, weights and filters are the same.
 *
 * Builds: the alias (default `inspo`) names the collection being served. The engine reads which
 * collection that is every ALIAS_CHECK_MS; when it moves (a reindex, ingest/publish-cluster.ts),
 * the new build's query model is loaded first, the build is staged (the `onBuildStaged` warmers
 * run calls against it, for at most WARM_BUDGET_MS, while live calls still get the old build),
 * and then searches switch to it, all at once.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { Candidate, Pin } from '@/contract/api';
import { LruMap } from '@/lib/lru/lru-map';
import { hexToRgb } from '@/ranking/color';
import { base64ToInt8, dequantizeInt8 } from '@/ranking/embedding';
import { matchTiers, type MatchSyntax, type MatchTier } from '@/server/engine/fts-match';
import { MAX_ENGINE_LIMIT, MAX_ENGINE_OFFSET, POPULARITY_BOOST } from '@/server/engine/open-engine';
import { DEFAULT_FUSION, fuseRankings } from '@/server/engine/rank-fusion';
import { parseRefinements } from '@/server/engine/refine-filter';
import {
  RELATED_K,
  RELATED_TAG_CANDIDATES,
  RELATED_WEIGHTS,
  tagJaccard,
} from '@/server/engine/semantic-related';
import type {
  AsyncSearchEngine,
  EngineInfo,
  EngineReadiness,
  RelatedParams,
  RelatedResult,
  SearchParams,
  SearchResult,
} from '@/server/engine/types';
import { FUSION_DEPTH, MIN_SEMANTIC_COSINE, SEMANTIC_K } from '@/server/engine/with-semantic';
import { semanticOnlyToKeep } from '@/server/engine/typed-semantic';
import type { TagPins } from '@/server/engine/tag-pins';
import { RELATED_SEARCH_SAMPLE } from '@/server/engine/understood-search';
import { createQueryServices, type QueryServices } from '@/server/query/query-context';
import { relatedSearches } from '@/server/query/related-searches';
import { EXACT_WEIGHT, understandQuery } from '@/server/query/understand';
import { cosineInt8, normalizeVector } from '@/server/retrieval/quantize';
import { encodeQuery } from '@/server/retrieval/query-encoder';
import { collectionHealth, resolveAlias } from './collections';
import {
  byIdsParams,
  PIN_FIELDS,
  PIN_FILTER,
  PIN_KIND,
  storedToPin,
  type StoredPin,
} from './documents';
import {
  LEGACY_LUCENE_SYNTAX,
  LUCENE_SYNTAX,
  quoteLucene,
  requiredWordsQuery,
  tierExclusive,
} from './lucene-syntax';
import { readModel, type QueryModel } from './query-model';
import {
  createSolrClient,
  SolrUnavailableError,
  type SolrClient,
  type SolrParams,
} from './solr-client';

export const DEFAULT_ALIAS = 'inspo';
/** How often the engine checks which collection the alias names, and the cluster's health. */
export const ALIAS_CHECK_MS = 2_000;
/**
 * How long a staged build waits for its warmers before searches switch to it anyway: a warm-up
 * is an optimisation, and a build must never wait long behind a slow one.
 */
export const WARM_BUDGET_MS = 20_000;
/** Below this many related searches' sample full-weight matches, all top results are mined. */
const MIN_EXACT_SAMPLE = 3;
const MAX_SIBLINGS = 6;
const MAX_RGB_DISTANCE = Math.sqrt(3) * 255;
/** Ids per read by id (a page of chips' candidates is 200). */
const IDS_PER_GET = 250;
/**
 * Rankings (lexical heads, semantic neighbours) kept per engine: one request asks for the same
 * query's head two or three times (its page, the chips' 200, the candidate pool's 300), as the
 * embedded engine's ranking memo (tier-ranking.ts) saves it the same work.
 */
const RANKING_MEMO_SIZE = 64;
/** Pins' stored fields kept (~1 KB each): a page, its chips' candidates and its pool overlap. */
const PIN_CACHE_SIZE = 10_000;

/** The cluster cannot be reached or serves nothing yet: main.ts exits with EXIT_UNAVAILABLE. */
export class ClusterUnavailableError extends Error {
  /** sysexits.h EX_UNAVAILABLE: a service the program needs is not available. */
  static readonly EXIT_CODE = 69;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ClusterUnavailableError';
  }
}

/** A match of a tier before its pin is read. */
interface TierMatch {
  id: string;
  rank: number;
  serverScore: number;
  lexicalScore: number;
  weight: number;
  code: Int8Array | null;
  title: string;
  tags: string[];
}

interface Ranked {
  matches: TierMatch[];
  total: number;
}

interface LightDoc {
  id: string;
  rank: number;
  score: number;
  popularity: number;
  embedding?: string;
  title?: string;
  tags?: string[];
}

interface FactDoc {
  id: string;
  kind?: string;
  rank: number;
  embedding?: string;
  tags?: string[];
  category: string;
  dominant_color: string;
  popularity: number;
}

interface SelectAnswer<D> {
  response: { numFound: number; docs: D[] };
}

/** One build being served: its collection and the query model it was indexed with. */
interface Served {
  collection: string;
  model: QueryModel;
  services: QueryServices;
  /** How its text fields are queried (collections before `crosslingual` lack that field). */
  syntax: MatchSyntax;
}

const LIGHT_FIELDS = 'id,rank,score,popularity,embedding,title,tags';
const FACT_FIELDS = 'id,kind,rank,embedding,tags,category,dominant_color,popularity';
/** serverScore = BM25 × (1 + POPULARITY_BOOST × popularity), as the embedded engine. */
const BOOSTED = `{!boost b=sum(1,product(${POPULARITY_BOOST},field(popularity))) v=$tq}`;
const BY_SCORE = 'score desc,rank asc';

/** The dividend of Solr's stable replica choice (replica = dividend mod replicas) for a route. */
const routeDividend = (route: string): number =>
  createHash('sha1').update(route).digest().readUInt32BE(0) >>> 1;

function clampInt(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

const codeOf = (b64: string | undefined): Int8Array | null => (b64 ? base64ToInt8(b64) : null);
const cosineOf = (query: Float32Array, code: Int8Array | null): number =>
  code ? cosineInt8(query, code, 0, query.length) : 0;

export interface SolrEngineOptions {
  /** Seed node URLs (INSPO_SOLR_URL); the rest of the cluster is discovered. */
  urls: readonly string[];
  /** The alias that names the build to serve (INSPO_SOLR_ALIAS). */
  alias?: string;
  aliasCheckMs?: number;
  warmBudgetMs?: number;
}

export interface SolrEngine extends AsyncSearchEngine {
  /** The collection served now. */
  collection(): string;
  /** The query model of the build served now (suggest's completions come from it). */
  queryModel(): QueryModel;
  /**
   * How many pins of the build carry each tag (its query model's, engine/tag-pins.ts): the build
   * served, or inside a warmer's `inBuild` the staged one, as `generation()`. Null for a build
   * published before the counts travelled with it: its pools send no `tagPins`.
   */
  tagPins(): TagPins | null;
  /** Called after the alias moved and searches switched to the new build. */
  onBuildChange(listener: (collection: string, model: QueryModel) => void): void;
  /**
   * Called when the alias moved, before searches switch: `inBuild(f)` runs `f` as if the new
   * build were served already (this engine's calls inside it, and `generation()`, see the new
   * build), so a cache above the engine can fill the new build's entries. The switch waits for
   * the warmers' promises, or WARM_BUDGET_MS.
   */
  onBuildStaged(
    warmer: (inBuild: <T>(f: () => T) => T, collection: string) => Promise<unknown>,
  ): void;
  client: SolrClient;
}

function servedFrom(collection: string, model: QueryModel): Served {
  return {
    collection,
    model,
    services: createQueryServices({ vocabulary: model.vocabulary }),
    syntax: model.crosslingual ? LUCENE_SYNTAX : LEGACY_LUCENE_SYNTAX,
  };
}

async function loadModel(client: SolrClient, collection: string): Promise<QueryModel> {
  const model = await readModel(async (ids) => {
    const answer = await client.request<SelectAnswer<{ id: string; model_data?: string }>>({
      path: `/${encodeURIComponent(collection)}/select`,
      params: byIdsParams(ids, 'id,model_data'),
    });
    return answer.response.docs;
  });
  if (!model)
    throw new ClusterUnavailableError(
      `collection ${collection} has no query model: it was not built by \`npm run index\` (INSPO_ENGINE=solr); reindex it.`,
    );
  return model;
}

/**
 * Connects, finds the build behind the alias and loads its query model. Throws
 * ClusterUnavailableError with a message that says what to do when the cluster is down or
 * serves nothing.
 */
export async function openSolrEngine({
  urls,
  alias = DEFAULT_ALIAS,
  aliasCheckMs = ALIAS_CHECK_MS,
  warmBudgetMs = WARM_BUDGET_MS,
}: SolrEngineOptions): Promise<SolrEngine> {
  const client = createSolrClient({ urls });
  let served: Served;
  try {
    await client.discover();
    const collection = await resolveAlias(client, alias);
    if (!collection)
      throw new ClusterUnavailableError(
        `The Solr cluster at ${urls.join(', ')} has no alias "${alias}": build the index into it first (INSPO_ENGINE=solr npm run index).`,
      );
    served = servedFrom(collection, await loadModel(client, collection));
  } catch (error) {
    client.close();
    if (error instanceof SolrUnavailableError)
      throw new ClusterUnavailableError(
        `Cannot reach the Solr cluster at ${urls.join(', ')} (INSPO_SOLR_URL): ${error.message}. Start one with \`npm run cluster\`, or point INSPO_SOLR_URL at yours.`,
        { cause: error },
      );
    throw error;
  }

  let readiness: EngineReadiness = {
    engine: 'solr',
    ready: true,
    detail: `collection ${served.collection} (alias ${alias})`,
  };
  let checking = false;
  const requestsLine = (): string => {
    const { requests, failedOver, failed } = client.stats();
    return `${requests} requests to the cluster, ${failedOver} answered by another node after a failure, ${failed} failed`;
  };
  const listeners: ((collection: string, model: QueryModel) => void)[] = [];
  const warmers: Parameters<SolrEngine['onBuildStaged']>[0][] = [];
  /** The staged build, inside a warmer's `inBuild`; outside it, the build being served. */
  const staged = new AsyncLocalStorage<Served>();
  const current = (): Served => staged.getStore() ?? served;
  const warm = async (next: Served): Promise<void> => {
    const inBuild = <T>(f: () => T): T => staged.run(next, f);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(warmers.map((w) => w(inBuild, next.collection))),
      new Promise((resolve) => (timer = setTimeout(resolve, warmBudgetMs))),
    ]);
    clearTimeout(timer);
  };
  /** Follows the alias (loading a new build's model before switching) and tracks health. */
  const check = async (): Promise<void> => {
    if (checking) return;
    checking = true;
    try {
      const collection = await resolveAlias(client, alias);
      if (!collection) {
        readiness = { engine: 'solr', ready: false, detail: `alias ${alias} names no collection` };
        return;
      }
      if (collection !== served.collection) {
        const next = servedFrom(collection, await loadModel(client, collection));
        await warm(next);
        served = next;
        for (const listener of listeners) listener(served.collection, served.model);
      }
      const health = await collectionHealth(client, collection);
      const ready = health.shards > 0 && health.servingShards === health.shards;
      readiness = {
        engine: 'solr',
        ready,
        detail: `collection ${collection} (alias ${alias}): ${health.servingShards} of ${health.shards} shards serving, ${health.activeReplicas} of ${health.replicas} replicas active, ${health.liveNodes} live nodes`,
      };
    } catch (error) {
      readiness = {
        engine: 'solr',
        ready: false,
        detail: `cluster unreachable: ${error instanceof Error ? error.message : String(error)}`,
      };
    } finally {
      checking = false;
    }
  };
  await check();
  const timer = setInterval(() => void check(), aliasCheckMs);
  timer.unref();

  /**
   * A search over the collection. `route` picks, per shard, the same replica for every request
   * of one query (Solr's stable replica preference): replicas of a shard hold the same pins but
   * not the same segments, so their HNSW graphs — approximate — can differ, and the pages of one
   * query must come from one ranking. Different queries still spread over the replicas.
   */
  const select = <D>(
    collection: string,
    route: string,
    params: SolrParams,
  ): Promise<SelectAnswer<D>> =>
    client.request<SelectAnswer<D>>({
      path: `/${encodeURIComponent(collection)}/select`,
      params: {
        ...params,
        'shards.preference': 'replica.base:stable:dividend:inspo.route',
        'inspo.route': routeDividend(route),
      },
    });

  /** Documents by id, one /select per IDS_PER_GET ids (byIdsParams); model documents are never pins. */
  async function getDocs<D extends { id: string; kind?: string }>(
    collection: string,
    ids: readonly string[],
    fl: string,
  ): Promise<Map<string, D>> {
    const byId = new Map<string, D>();
    const batches: string[][] = [];
    for (let i = 0; i < ids.length; i += IDS_PER_GET) batches.push(ids.slice(i, i + IDS_PER_GET));
    const answers = await Promise.all(
      batches.map((batch) =>
        client.request<SelectAnswer<D>>({
          path: `/${encodeURIComponent(collection)}/select`,
          params: byIdsParams(batch, `${fl},kind`),
        }),
      ),
    );
    for (const answer of answers)
      for (const doc of answer.response.docs) if (doc.kind === PIN_KIND) byId.set(doc.id, doc);
    return byId;
  }

  const rankings = new LruMap<string, Promise<unknown>>(RANKING_MEMO_SIZE);
  /** `compute` once per key while its answer is kept; a failed answer is forgotten. */
  function memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const known = rankings.get(key) as Promise<T> | undefined;
    if (known) return known;
    const value = compute();
    rankings.set(key, value);
    value.catch(() => {
      if (rankings.peek(key) === value) rankings.delete(key);
    });
    return value;
  }

  const pinCache = new LruMap<string, StoredPin>(PIN_CACHE_SIZE);
  /** Pins' stored fields by id: from the cache, the rest read by id. */
  async function getPins(
    collection: string,
    ids: readonly string[],
  ): Promise<Map<string, StoredPin>> {
    const found = new Map<string, StoredPin>();
    const missing: string[] = [];
    for (const id of ids) {
      const cached = pinCache.get(`${collection}\u0000${id}`);
      if (cached) found.set(id, cached);
      else missing.push(id);
    }
    if (missing.length > 0) {
      for (const [id, doc] of await getDocs<StoredPin & { kind?: string }>(
        collection,
        missing,
        PIN_FIELDS,
      )) {
        pinCache.set(`${collection}\u0000${id}`, doc);
        found.set(id, doc);
      }
    }
    return found;
  }

  /** getPin calls within one tick share one read by id (the batch pins route asks for many). */
  type Waiter = { resolve: (pin: Pin | null) => void; reject: (error: unknown) => void };
  let batch: { collection: string; waiters: Map<string, Waiter[]> } | null = null;
  const getPin = (id: string): Promise<Pin | null> =>
    new Promise((resolve, reject) => {
      const collection = current().collection;
      if (!batch || batch.collection !== collection) {
        const current = { collection, waiters: new Map<string, Waiter[]>() };
        batch = current;
        queueMicrotask(() => {
          if (batch === current) batch = null;
          getPins(collection, [...current.waiters.keys()]).then(
            (docs) => {
              for (const [pinId, waiters] of current.waiters) {
                const doc = docs.get(pinId);
                const pin = doc ? storedToPin(doc) : null;
                for (const w of waiters) w.resolve(pin);
              }
            },
            (error: unknown) => {
              for (const waiters of current.waiters.values())
                for (const w of waiters) w.reject(error);
            },
          );
        });
      }
      const waiters = batch.waiters.get(id) ?? [];
      waiters.push({ resolve, reject });
      batch.waiters.set(id, waiters);
    });

  /**
   * The ranked matches [0, need) of the tiers and their total: a pin ranks in the first tier
   * that matches it, then by serverScore = BM25 × tier weight × popularity prior, then static
   * rank — the embedded engine's order. Tier 0 is asked first; later tiers (each without the
   * previous tier's matches) only when tier 0 holds fewer than `need`.
   */
  const rankTiers = (
    collection: string,
    route: string,
    tiers: readonly MatchTier[],
    filters: readonly string[],
    need: number,
  ): Promise<Ranked> =>
    memo(JSON.stringify(['rank', collection, route, need]), () =>
      rankTiersNow(collection, route, tiers, filters, need),
    );

  async function rankTiersNow(
    collection: string,
    route: string,
    tiers: readonly MatchTier[],
    filters: readonly string[],
    need: number,
  ): Promise<Ranked> {
    const last = tiers[tiers.length - 1]!;
    const base = {
      fq: filters,
      sort: BY_SCORE,
      fl: LIGHT_FIELDS,
      q: BOOSTED,
      // One phase: the few light fields come back with the ranking (no second fetch round).
      'distrib.singlePass': true,
    };
    const [first, counted] = await Promise.all([
      select<LightDoc>(collection, route, { ...base, tq: tiers[0]!.match, rows: need }),
      tiers.length > 1
        ? select<LightDoc>(collection, route, { q: last.match, fq: filters, rows: 0 })
        : Promise.resolve(null),
    ]);
    const total = counted ? counted.response.numFound : first.response.numFound;
    const toMatch = (doc: LightDoc, weight: number): TierMatch => ({
      id: doc.id,
      rank: doc.rank,
      serverScore: doc.score * weight,
      lexicalScore: doc.score / (1 + POPULARITY_BOOST * doc.popularity),
      weight,
      code: codeOf(doc.embedding),
      title: doc.title ?? '',
      tags: doc.tags ?? [],
    });
    const matches = first.response.docs.map((d) => toMatch(d, tiers[0]!.weight));
    const found = first.response.numFound;
    if (tiers.length > 1 && found < need && found < total) {
      const later = await Promise.all(
        tiers.slice(1).map((tier, i) =>
          select<LightDoc>(collection, route, {
            ...base,
            tq: tierExclusive(tier.match, tiers[i]!.match),
            rows: need - found,
          }),
        ),
      );
      later.forEach((answer, i) => {
        for (const doc of answer.response.docs) matches.push(toMatch(doc, tiers[i + 1]!.weight));
      });
    }
    return { matches: matches.slice(0, need), total };
  }

  /** Candidates for `matches` in their order, pins read by id now. */
  async function candidates(
    collection: string,
    page: readonly {
      id: string;
      serverScore: number;
      lexicalScore: number;
      semanticScore: number;
      code: Int8Array | null;
    }[],
  ): Promise<Candidate[]> {
    const docs = await getPins(
      collection,
      page.map((m) => m.id),
    );
    return page.flatMap((m): Candidate[] => {
      const doc = docs.get(m.id);
      return doc
        ? [
            {
              ...storedToPin(doc),
              serverScore: m.serverScore,
              lexicalScore: m.lexicalScore,
              semanticScore: m.semanticScore,
              embedding: doc.embedding ?? null,
            },
          ]
        : [];
    });
  }

  async function search(p: SearchParams): Promise<SearchResult> {
    const s = current();
    const limit = clampInt(p.limit, 0, MAX_ENGINE_LIMIT);
    const offset = clampInt(p.offset, 0, MAX_ENGINE_OFFSET);
    const { groups, ...query } = understandQuery(p.q, s.services, {
      forceOriginal: p.exact === true,
    });
    const refine = parseRefinements(p.refine);
    const tiers = matchTiers({ groups, refine: refine.terms }, s.syntax);
    const empty: SearchResult = {
      items: [],
      total: 0,
      query,
      refinements: [],
      relatedSearches: [],
    };
    if (tiers.length === 0 || refine.matchesNothing || refine.categories.length > 1) return empty;
    // Every request of this query (its pages, its chips) reads the same replicas.
    const route = JSON.stringify([tiers.map((t) => t.match), refine, p.type ?? '']);
    const filters = [
      PIN_FILTER,
      ...(p.type === undefined ? [] : [`pin_type:${p.type}`]),
      ...refine.categories.map((c) => `category_key:${quoteLucene(c.toLowerCase())}`),
      ...refine.colors.map((c) => `color:${quoteLucene(c)}`),
    ];
    const vector = encodeQuery(query.normalized, s.model.words)?.vector ?? null;
    // The semantic neighbours join the ranking only when the lexical head holds every match
    // (below). When the vocabulary says the query is narrow (its rarest word is on at most
    // FUSION_DEPTH pins) they are asked alongside the head, one round trip instead of two;
    // a broad query never pays for a kNN search it will not use (~20 ms of cluster CPU).
    const rarest = Math.min(...groups.map((g) => s.services.corpusFrequency(g.term)));
    const likelyComplete = groups.length === 0 || rarest <= FUSION_DEPTH;
    // The kNN search depends on the query's vector alone: one search (one set of replicas, one
    // memo entry) for the query and every narrowing of it, which filter what it found (nearest).
    const broadRoute = JSON.stringify(['knn', query.normalized]);
    const neighbours = () =>
      vector
        ? nearest(s.collection, route, broadRoute, vector, filters, refine.terms, s.syntax)
        : Promise.resolve([]);
    const [head, speculative] = await Promise.all([
      rankTiers(s.collection, route, tiers, filters, FUSION_DEPTH),
      likelyComplete ? neighbours() : null,
    ]);
    const related =
      offset === 0 && head.total > 0
        ? relatedSearchesOf(
            s,
            groups.map((g) => g.term),
            head.matches,
          )
        : [];
    const lexicalPage = async (
      ranked: Ranked,
      from: number,
      to: number,
      score: (m: TierMatch) => number,
    ) =>
      candidates(
        s.collection,
        ranked.matches.slice(from, to).map((m) => ({
          id: m.id,
          serverScore: score(m),
          lexicalScore: m.lexicalScore,
          semanticScore: vector ? cosineOf(vector, m.code) : 0,
          code: m.code,
        })),
      );
    if (!vector) {
      const ranked =
        offset + limit <= head.matches.length || head.matches.length >= head.total
          ? head
          : await rankTiers(s.collection, route, tiers, filters, offset + limit);
      const items = await lexicalPage(ranked, offset, offset + limit, (m) => m.serverScore);
      return { items, total: head.total, query, refinements: [], relatedSearches: related };
    }
    // Fusion, as the embedded engine (with-semantic.ts): when the lexical top holds every match,
    // the semantic neighbours that pass the refinements join it; a broader query's top is only
    // reordered, and its deeper pages follow lexical order.
    const complete = head.total <= head.matches.length;
    let semantic: readonly { id: string; rank: number; code: Int8Array | null }[] = complete
      ? (speculative ?? (await neighbours()))
      : [];
    if (p.type !== undefined) {
      // A typed search keeps its word matches; the semantic leg only tops a short list up.
      const lexicalRanks = new Set(head.matches.map((m) => m.rank));
      semantic = semanticOnlyToKeep(
        head.matches.map((m) => cosineOf(vector, m.code)),
        semantic
          .filter((n) => !lexicalRanks.has(n.rank))
          .map((n) => ({ ...n, cosine: cosineOf(vector, n.code) })),
      );
    }
    const byRank = new Map<number, { id: string; code: Int8Array | null; lexicalScore: number }>();
    for (const m of head.matches)
      byRank.set(m.rank, { id: m.id, code: m.code, lexicalScore: m.lexicalScore });
    for (const n of semantic)
      if (!byRank.has(n.rank)) byRank.set(n.rank, { id: n.id, code: n.code, lexicalScore: 0 });
    const ranking = fuseRankings({
      lexical: head.matches.map((m) => ({ rowid: m.rank, score: m.serverScore })),
      semantic: semantic.map((n) => n.rank),
      cosineOf: (rank) => cosineOf(vector, byRank.get(rank)?.code ?? null),
      method: DEFAULT_FUSION,
    });
    const items = await candidates(
      s.collection,
      ranking.slice(offset, offset + limit).map((c) => {
        const known = byRank.get(c.rowid)!;
        return {
          id: known.id,
          serverScore: c.score,
          lexicalScore: known.lexicalScore,
          semanticScore: c.cosine,
          code: known.code,
        };
      }),
    );
    // Past the fused head of a broad query: lexical order, scores capped at the head's lowest.
    const tailStart = Math.max(offset, ranking.length);
    if (!complete && offset + limit > tailStart && tailStart < head.total) {
      const floor = ranking[ranking.length - 1]?.score ?? 0;
      const deeper = await rankTiers(s.collection, route, tiers, filters, offset + limit);
      items.push(...(await lexicalPage(deeper, tailStart, offset + limit, () => floor)));
    }
    return {
      items,
      total: complete ? ranking.length : head.total,
      query,
      refinements: [],
      relatedSearches: related,
    };
  }

  /**
   * The SEMANTIC_K nearest pins with cosine ≥ MIN_SEMANTIC_COSINE that pass the refinements and
   * the type. As in the embedded engine (with-semantic.ts), the search itself is the broad
   * query's — no filter but the pins' own — and the refinements filter its answer: a narrowed
   * query keeps exactly the neighbours its broad query showed that pass, so a chip's count is
   * the narrowed total. As Solr's pre-filters (fq on the kNN query) they would change the search:
   * a selective filter makes Lucene search exactly, across all pins, and find neighbours the
   * broad query's approximate search, or its merge of the shards' top K, left out.
   */
  async function nearest(
    collection: string,
    route: string,
    broadRoute: string,
    vector: Float32Array,
    filters: readonly string[],
    refineTerms: readonly string[],
    syntax: MatchSyntax,
  ): Promise<{ id: string; rank: number; code: Int8Array | null }[]> {
    const broad = await memo(JSON.stringify(['near', collection, broadRoute]), () =>
      nearestNow(collection, broadRoute, vector),
    );
    const words = requiredWordsQuery(refineTerms, syntax);
    const narrowing = [...filters.filter((f) => f !== PIN_FILTER), ...(words ? [words] : [])];
    if (narrowing.length === 0 || broad.length === 0) return broad;
    const passing = await memo(JSON.stringify(['near-narrowed', collection, route]), async () => {
      const answer = await select<{ id: string }>(collection, route, {
        ...byIdsParams(
          broad.map((n) => n.id),
          'id',
        ),
        fq: [PIN_FILTER, ...narrowing],
      });
      return new Set(answer.response.docs.map((d) => d.id));
    });
    return broad.filter((n) => passing.has(n.id));
  }

  async function nearestNow(
    collection: string,
    route: string,
    vector: Float32Array,
  ): Promise<{ id: string; rank: number; code: Int8Array | null }[]> {
    const answer = await select<LightDoc>(collection, route, {
      q: `{!knn f=vector topK=${SEMANTIC_K}}[${Array.from(vector).join(',')}]`,
      fq: [PIN_FILTER],
      rows: SEMANTIC_K,
      fl: 'id,rank,embedding',
      // One phase: each shard returns its neighbours' fields with them (no second fetch round).
      'distrib.singlePass': true,
    });
    return answer.response.docs
      .map((d) => ({ id: d.id, rank: d.rank, code: codeOf(d.embedding) }))
      .filter((n) => cosineOf(vector, n.code) >= MIN_SEMANTIC_COSINE);
  }

  function relatedSearchesOf(s: Served, terms: string[], top: readonly TierMatch[]): string[] {
    const exact = top.filter((m) => m.weight >= EXACT_WEIGHT);
    const sample = (exact.length >= MIN_EXACT_SAMPLE ? exact : top).slice(0, RELATED_SEARCH_SAMPLE);
    return relatedSearches({
      terms,
      candidates: sample.map((m) => ({ title: m.title, tags: m.tags })),
      documentFrequency: s.services.corpusFrequency,
      corpusSize: s.model.info.pins,
      siblings: (term) => s.services.synonyms?.siblings(term, MAX_SIBLINGS) ?? [],
    });
  }

  /**
   * Related pins, scored as the embedded engine scores them (semantic-related.ts): the pin's
   * RELATED_K nearest neighbours by embedding and the RELATED_TAG_CANDIDATES pins sharing most
   * tags with it, each scored by cosine, tag Jaccard, colour and category.
   */
  async function related({ id, offset, limit }: RelatedParams): Promise<RelatedResult | null> {
    const s = current();
    const self = (await getDocs<FactDoc>(s.collection, [id], FACT_FIELDS)).get(id);
    if (!self) return null;
    const selfCode = codeOf(self.embedding);
    const vector = selfCode && normalizeVector(dequantizeInt8(selfCode));
    const selfTags = self.tags ?? [];
    const notSelf = `-id:${quoteLucene(id)}`;
    const [near, sharing] = await Promise.all([
      vector
        ? select<FactDoc>(s.collection, id, {
            q: `{!knn f=vector topK=${RELATED_K + 1}}[${Array.from(vector).join(',')}]`,
            fq: [PIN_FILTER, notSelf],
            rows: RELATED_K + 1,
            fl: FACT_FIELDS,
          })
        : null,
      selfTags.length > 0 || !vector
        ? select<FactDoc>(s.collection, id, {
            // Constant-score clauses: a pin's score is the number of tags it shares (plus half
            // for the same category when there is no embedding to find neighbours by).
            q: [
              ...selfTags.map((t) => `tag_key:${quoteLucene(t)}^=1`),
              ...(vector ? [] : [`category_key:${quoteLucene(self.category.toLowerCase())}^=0.5`]),
            ].join(' '),
            fq: [PIN_FILTER, notSelf],
            sort: BY_SCORE,
            rows: RELATED_TAG_CANDIDATES,
            fl: FACT_FIELDS,
          })
        : null,
    ]);
    const pool = new Map<string, FactDoc>();
    for (const doc of [...(near?.response.docs ?? []), ...(sharing?.response.docs ?? [])])
      if (doc.id !== id) pool.set(doc.id, doc);
    const tagSet = new Set(selfTags);
    const [r, g, b] = hexToRgb(self.dominant_color);
    const scored = [...pool.values()].map((doc) => {
      const code = codeOf(doc.embedding);
      const cosine = vector ? cosineOf(vector, code) : 0;
      const [dr, dg, db] = hexToRgb(doc.dominant_color);
      const distance = Math.hypot(dr - r, dg - g, db - b);
      const score =
        RELATED_WEIGHTS.cosine * Math.max(0, cosine) +
        RELATED_WEIGHTS.tags * tagJaccard(tagSet, new Set(doc.tags ?? [])) +
        RELATED_WEIGHTS.colour * (1 - distance / MAX_RGB_DISTANCE) +
        RELATED_WEIGHTS.category * (doc.category === self.category ? 1 : 0);
      return { id: doc.id, rank: doc.rank, score, cosine, code, popularity: doc.popularity };
    });
    scored.sort((x, y) => y.score - x.score || y.popularity - x.popularity || x.rank - y.rank);
    const from = clampInt(offset, 0, MAX_ENGINE_OFFSET);
    const page = scored.slice(from, from + clampInt(limit, 0, MAX_ENGINE_LIMIT));
    const items = await candidates(
      s.collection,
      page.map((c) => ({
        id: c.id,
        serverScore: c.score,
        lexicalScore: 0,
        semanticScore: c.cosine,
        code: c.code,
      })),
    );
    return { items, total: scored.length };
  }

  return {
    client,
    collection: () => served.collection,
    queryModel: () => served.model,
    tagPins: () => current().model.tagPins ?? null,
    onBuildChange: (listener) => void listeners.push(listener),
    onBuildStaged: (warmer) => void warmers.push(warmer),
    generation: () => current().collection,
    search,
    getPin,
    related,
    info: (): EngineInfo => ({ ...served.model.info, sources: { ...served.model.info.sources } }),
    readiness: () => ({ ...readiness, detail: `${readiness.detail}; ${requestsLine()}` }),
    close: async () => {
      clearInterval(timer);
      client.close();
    },
  };
}
