/**
 * POST /api/v1/visual-search: pins that look like a picture. The browser computes the picture's
 * image embedding on the device (a region of a closeup, or a local file that never leaves it) and
 * sends only the vector; the answer is paged like related pins, its cursors scoped to the vector.
 * 409 `unavailable` when the index has no image embeddings (built before the image model, or a
 * cluster served without its local build): the SPA says so and keeps the closeup as it was.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  API_PREFIX,
  DEFAULT_PAGE_SIZE,
  DEFAULT_VISUAL_K,
  VisualSearchRequestSchema,
  VisualSearchResponseSchema,
  type Pin,
  type VisualSearchResponse,
} from '@/contract/api';
import { quantizeInt8 } from '@/ranking/embedding';
import type { SearchBackend } from '@/server/engine/types';
import { ApiError } from '@/server/http/api-error';
import { offsetFromCursor, pageCursors } from '@/server/http/pagination';
import { parseRequestInput } from '@/server/http/validation-message';
import { normalizeVector } from '@/server/retrieval/quantize';
import type { VisualSearch } from '@/server/visual/visual-search';

/**
 * 1,280 numbers as JSON take ~12 KB at the precision the SPA sends and ~30 KB at JavaScript's
 * full 17 digits, over the API's default 16 KiB; anything past this is not a vector.
 */
export const VISUAL_SEARCH_BODY_LIMIT = 64 * 1024;

export const VISUAL_SEARCH_UNAVAILABLE =
  'Visual search is not available here: this index has no image embeddings (it was built before the image model, or the server has no local copy of the build). Rebuilding the index with `npm run index` adds them.';

/** Pages belong to one vector, exclusion list and k: a cursor from another search is refused. */
function visualScope(vector: Float32Array, exclude: readonly string[], k: number): string {
  const hash = createHash('sha256')
    .update(quantizeInt8(vector))
    .update(JSON.stringify([[...new Set(exclude)].sort(), k]))
    .digest('base64url')
    .slice(0, 22);
  return JSON.stringify(['visual', hash]);
}

export function registerVisualSearchRoute(
  app: FastifyInstance,
  {
    engine,
    visual: visualNow,
  }: {
    engine: Pick<SearchBackend, 'getPin'>;
    /**
     * Read per request: a first run's server swaps in the complete index (service/live-service.ts),
     * which may have image embeddings where the first one had none.
     */
    visual: () => VisualSearch | null;
  },
): void {
  app.post(
    `${API_PREFIX}/visual-search`,
    { bodyLimit: VISUAL_SEARCH_BODY_LIMIT },
    async (request): Promise<VisualSearchResponse> => {
      const body = parseRequestInput(VisualSearchRequestSchema, request.body ?? {});
      const visual = visualNow();
      if (!visual) throw new ApiError({ statusCode: 409, code: 'unavailable', message: VISUAL_SEARCH_UNAVAILABLE });
      if (body.model !== undefined && visual.version !== '' && body.model !== visual.version)
        throw new ApiError({
          statusCode: 409,
          code: 'unavailable',
          message: `model: the vector comes from image encoder ${body.model}, this index was embedded with ${visual.version}; reload the page to get the current model.`,
        });
      // Scaled by its largest value first, so huge (1e200) or tiny (1e-200) values keep their
      // direction instead of overflowing or underflowing the norm.
      const largest = body.vector.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
      const query = normalizeVector(body.vector.map((x) => x / largest));
      if (!query)
        throw new ApiError({ statusCode: 400, code: 'bad_request', message: 'vector: is all zeros (it has no direction)' });
      const exclude = body.exclude ?? [];
      const k = body.k ?? DEFAULT_VISUAL_K;
      const limit = body.limit ?? DEFAULT_PAGE_SIZE;
      const scope = visualScope(query, exclude, k);
      const offset = offsetFromCursor({ cursor: body.cursor, scope });
      const neighbours = visual.nearest(query, k, new Set(exclude));
      const page = neighbours.slice(offset, offset + limit);
      // Asked together: a cluster engine reads them in one go.
      const pins = await Promise.all(page.map((n) => engine.getPin(n.id)));
      const items = page.flatMap((n, i): (Pin & { visualScore: number })[] => {
        const pin = pins[i];
        return pin ? [{ ...pin, visualScore: n.cosine }] : [];
      });
      return VisualSearchResponseSchema.parse({
        items,
        ...pageCursors({ offset, limit, total: neighbours.length, returned: page.length, scope }),
        total: neighbours.length,
      });
    },
  );
}
