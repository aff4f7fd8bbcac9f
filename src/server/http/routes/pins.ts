/**
 * GET /api/v1/pins?ids=a,b,c: display data for pins the device decided to show (from a candidate
 * pool, which carries only what the reranker reads), in the order asked; ids this index does not
 * hold are listed in `missing`, not an error: a pool and the index it came from are the same
 * artifact, so a miss means a client kept ids across an index rebuild.
 */
import type { FastifyInstance } from 'fastify';
import {
  API_PREFIX,
  PinsParamsSchema,
  PinsResponseSchema,
  type Pin,
  type PinsResponse,
} from '@/contract/api';
import type { SearchBackend } from '@/server/engine/types';
import { parseRequestInput } from '@/server/http/validation-message';

export function registerPinsRoute(
  app: FastifyInstance,
  { engine }: { engine: SearchBackend },
): void {
  app.get(`${API_PREFIX}/pins`, async (request): Promise<PinsResponse> => {
    const { ids } = parseRequestInput(PinsParamsSchema, request.query);
    const items: Pin[] = [];
    const missing: string[] = [];
    // Asked together: a cluster engine reads them in one request.
    const pins = await Promise.all(ids.map((id) => engine.getPin(id)));
    ids.forEach((id, i) => {
      const pin = pins[i];
      if (pin) items.push(pin);
      else missing.push(id);
    });
    return PinsResponseSchema.parse({ items, missing });
  });
}
