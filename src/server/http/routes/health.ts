/** GET /api/health: liveness plus what is being served (corpus size, index build). */
import type { FastifyInstance } from 'fastify';
import { HealthResponseSchema, type HealthResponse } from '@/contract/api';
import type { SearchEngine } from '@/server/engine/types';

export const HEALTH_PATH = '/api/health';

export function registerHealthRoute(
  app: FastifyInstance,
  { engine }: { engine: SearchEngine },
): void {
  app.get(HEALTH_PATH, async (): Promise<HealthResponse> => {
    const { pins, sources, version, builtAt, buildMs } = engine.info();
    return HealthResponseSchema.parse({
      status: 'ok',
      corpus: { pins, sources },
      index: { version, builtAt, buildMs },
    });
  });
}
