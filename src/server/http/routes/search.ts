/** GET /api/v1/search: one page of candidates for a query and its refinements. */
import type { FastifyInstance } from 'fastify';
import {
  API_PREFIX,
  SearchParamsSchema,
  SearchResponseSchema,
  type SearchResponse,
} from '@/contract/api';
import type { SearchEngine } from '@/server/engine/types';
import { searchScope } from '@/server/http/cursor';
import { offsetFromCursor, pageCursors } from '@/server/http/pagination';
import { parseRequestInput } from '@/server/http/validation-message';

const TOOK_MS_DECIMALS = 100;

export function registerSearchRoute(
  app: FastifyInstance,
  { engine }: { engine: SearchEngine },
): void {
  app.get(`${API_PREFIX}/search`, async (request): Promise<SearchResponse> => {
    const started = performance.now();
    const { q, refine, cursor, limit } = parseRequestInput(SearchParamsSchema, request.query);
    const scope = searchScope({ q, refine });
    const offset = offsetFromCursor({ cursor, scope });
    const result = engine.search({ q, refine, offset, limit });
    // Validating our own output keeps the contract honest: a drifting engine is a 500 in tests, not a
    // silently broken client. It also strips any engine-internal fields.
    return SearchResponseSchema.parse({
      query: result.query,
      items: result.items,
      ...pageCursors({ offset, limit, total: result.total, scope }),
      refinements: result.refinements,
      total: result.total,
      tookMs: Math.round((performance.now() - started) * TOOK_MS_DECIMALS) / TOOK_MS_DECIMALS,
    });
  });
}
