/** GET /api/v1/pins/:id/related: pins similar to one pin, paginated like search (with a candidate pool first). */
import type { FastifyInstance } from 'fastify';
import {
  API_PREFIX,
  PinParamsSchema,
  RelatedParamsSchema,
  RelatedResponseSchema,
  type RelatedResponse,
} from '@/contract/api';
import type { SearchBackend } from '@/server/engine/types';
import { unknownPin } from '@/server/http/api-error';
import { relatedScope } from '@/server/http/cursor';
import { offsetFromCursor, pageCursors, poolAnswer } from '@/server/http/pagination';
import { parseRequestInput } from '@/server/http/validation-message';
import type { CandidatePoolsBackend } from '@/server/service/candidate-pool';

export function registerRelatedRoute(
  app: FastifyInstance,
  { engine, pools = null }: { engine: SearchBackend; pools?: CandidatePoolsBackend | null },
): void {
  app.get(`${API_PREFIX}/pins/:id/related`, async (request): Promise<RelatedResponse> => {
    const { id } = parseRequestInput(PinParamsSchema, request.params);
    const { cursor, limit } = parseRequestInput(RelatedParamsSchema, request.query);
    const scope = relatedScope(id);
    const offset = offsetFromCursor({ cursor, scope });
    // The first page (no cursor) also carries the pin's nearest related pins as a candidate pool.
    const [result, related] = await Promise.all([
      engine.related({ id, offset, limit }),
      pools && cursor === undefined ? pools.related(id) : null,
    ]);
    if (result === null) throw unknownPin(id);
    const pool = related ? poolAnswer({ pool: related, size: pools!.size, scope }) : undefined;
    return RelatedResponseSchema.parse({
      items: result.items,
      ...pageCursors({ offset, limit, total: result.total, returned: result.items.length, scope }),
      ...(pool ? { pool } : {}),
    });
  });
}
