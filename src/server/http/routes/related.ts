/** GET /api/v1/pins/:id/related: pins similar to one pin, paginated like search. */
import type { FastifyInstance } from 'fastify';
import {
  API_PREFIX,
  PinParamsSchema,
  RelatedParamsSchema,
  RelatedResponseSchema,
  type RelatedResponse,
} from '@/contract/api';
import type { SearchEngine } from '@/server/engine/types';
import { unknownPin } from '@/server/http/api-error';
import { relatedScope } from '@/server/http/cursor';
import { offsetFromCursor, pageCursors } from '@/server/http/pagination';
import { parseRequestInput } from '@/server/http/validation-message';

export function registerRelatedRoute(
  app: FastifyInstance,
  { engine }: { engine: SearchEngine },
): void {
  app.get(`${API_PREFIX}/pins/:id/related`, async (request): Promise<RelatedResponse> => {
    const { id } = parseRequestInput(PinParamsSchema, request.params);
    const { cursor, limit } = parseRequestInput(RelatedParamsSchema, request.query);
    const scope = relatedScope(id);
    const offset = offsetFromCursor({ cursor, scope });
    const result = engine.related({ id, offset, limit });
    if (result === null) throw unknownPin(id);
    return RelatedResponseSchema.parse({
      items: result.items,
      ...pageCursors({ offset, limit, total: result.total, returned: result.items.length, scope }),
    });
  });
}
