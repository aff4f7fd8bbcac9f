/** GET /api/v1/suggest: completions for what is being typed (src/server/suggest). */
import type { FastifyInstance } from 'fastify';
import {
  API_PREFIX,
  SuggestParamsSchema,
  SuggestResponseSchema,
  type SuggestResponse,
} from '@/contract/api';
import { parseRequestInput } from '@/server/http/validation-message';
import type { Suggester } from '@/server/suggest/suggester';

/**
 * Suggestions change only as the query log does: a browser may reuse an answer briefly (the
 * SPA also caches per prefix), but not for long, or new popular searches would lag.
 */
export const SUGGEST_CACHE_CONTROL = 'public, max-age=60';

export function registerSuggestRoute(
  app: FastifyInstance,
  { suggester }: { suggester: Suggester },
): void {
  app.get(`${API_PREFIX}/suggest`, async (request, reply): Promise<SuggestResponse> => {
    const { q, limit, hl } = parseRequestInput(SuggestParamsSchema, request.query);
    reply.header('cache-control', SUGGEST_CACHE_CONTROL);
    return SuggestResponseSchema.parse({ suggestions: suggester.suggest({ q, limit, hl }) });
  });
}
