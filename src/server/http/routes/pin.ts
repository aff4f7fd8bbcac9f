/** GET /api/v1/pins/:id: one pin, for the closeup page. */
import type { FastifyInstance } from 'fastify';
import { API_PREFIX, PinParamsSchema, PinResponseSchema, type PinResponse } from '@/contract/api';
import type { SearchBackend } from '@/server/engine/types';
import { unknownPin } from '@/server/http/api-error';
import { parseRequestInput } from '@/server/http/validation-message';

export function registerPinRoute(app: FastifyInstance, { engine }: { engine: SearchBackend }): void {
  app.get(`${API_PREFIX}/pins/:id`, async (request): Promise<PinResponse> => {
    const { id } = parseRequestInput(PinParamsSchema, request.params);
    const pin = await engine.getPin(id);
    if (pin === null) throw unknownPin(id);
    return PinResponseSchema.parse({ pin });
  });
}
