/** GET /api/v1/search: one page of candidates for a query and its refinements. */
import type { FastifyInstance } from 'fastify';
import {
  API_PREFIX,
  SearchParamsSchema,
  SearchResponseSchema,
  type SearchResponse,
} from '@/contract/api';
import type { SearchBackend } from '@/server/engine/types';
import { generateModules } from '@/server/modules/generate-modules';
import { relatedCovers } from '@/server/modules/related-covers';
import { searchScope } from '@/server/http/cursor';
import { offsetFromCursor, pageCursors, poolAnswer } from '@/server/http/pagination';
import { parseRequestInput } from '@/server/http/validation-message';
import type { CandidatePoolsBackend } from '@/server/service/candidate-pool';
import type { QueryLog } from '@/server/suggest/query-log';
import type { SuggestService } from '@/server/suggest/suggest-service';

const TOOK_MS_DECIMALS = 100;

export function registerSearchRoute(
  app: FastifyInstance,
  {
    engine,
    pools = null,
    queryLog = null,
    recommender = null,
  }: {
    engine: SearchBackend;
    pools?: CandidatePoolsBackend | null;
    queryLog?: QueryLog | null;
    /** Related searches from the query graph, in place of the engine's (first page only). */
    recommender?: Pick<SuggestService, 'recommend'> | null;
  },
): void {
  app.get(`${API_PREFIX}/search`, async (request): Promise<SearchResponse> => {
    const started = performance.now();
    const { q, refine, cursor, limit, exact, hl, type } = parseRequestInput(
      SearchParamsSchema,
      request.query,
    );
    const scope = searchScope({ q, refine, exact, type });
    const offset = offsetFromCursor({ cursor, scope });
    // The first request of a query (no cursor) also carries the candidate pool the device reranks.
    // A cluster engine answers both at once; the embedded one has them already.
    const [result, pooled] = await Promise.all([
      engine.search({ q, refine, offset, limit, exact, hl, type }),
      pools && cursor === undefined ? pools.search({ q, refine, exact, hl, type }) : null,
    ]);
    const pool =
      pools && pooled ? poolAnswer({ pool: pooled, size: pools.size, scope }) : undefined;
    // Popularity for suggestions: a query's first page, before any chip, counted as searched
    // (after spelling correction); the log ignores searches that found nothing, so typos and
    // junk never become suggestions. A typed search (type=, a tab) is the same search seen
    // through a filter, not a new one, so like a chip it is not counted again.
    if (offset === 0 && refine.length === 0 && type === undefined)
      queryLog?.record(result.query.normalized, { results: result.total });
    // The walk starts from this page's pins: the results the reader sees.
    const tiles =
      offset === 0 && result.total > 0
        ? (recommender?.recommend({
            query: result.query.normalized,
            seedIds: result.items.map((item) => item.id),
            hl,
          }) ?? null)
        : null;
    // Modules (src/server/modules) on a first page, from the candidates the page was cut from.
    const modules =
      offset === 0 && result.top
        ? generateModules({
            q,
            refine,
            query: result.query,
            type,
            total: result.total,
            candidates: result.top,
            refinements: result.refinements,
            related: tiles ?? result.relatedSearches.map((text) => ({ text })),
            extraCovers: await relatedCovers(engine, tiles, result.top),
          })
        : undefined;
    // Validating our own output keeps the contract honest: a drifting engine is a 500 in tests, not a
    // silently broken client. It also strips any engine-internal fields.
    return SearchResponseSchema.parse({
      query: result.query,
      items: result.items,
      ...pageCursors({ offset, limit, total: result.total, returned: result.items.length, scope }),
      refinements: result.refinements,
      relatedSearches: tiles ? tiles.map((t) => t.text) : result.relatedSearches,
      ...(tiles ? { relatedSearchTiles: tiles } : {}),
      ...(pool ? { pool } : {}),
      ...(modules ? { modules } : {}),
      total: result.total,
      tookMs: Math.round((performance.now() - started) * TOOK_MS_DECIMALS) / TOOK_MS_DECIMALS,
    });
  });
}
