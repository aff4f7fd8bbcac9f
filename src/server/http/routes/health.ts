/**
 * GET /api/health: liveness plus what is being served (corpus size, index build) and, on a first
 * run, how far the background build of the complete index has come (the app's quiet notice).
 */
import type { FastifyInstance } from 'fastify';
import { HealthResponseSchema, type HealthResponse } from '@/contract/api';
import type { IndexingStatus } from '@/contract/indexing';
import type { SearchEngine } from '@/server/engine/types';

export const HEALTH_PATH = '/api/health';

export function registerHealthRoute(
  app: FastifyInstance,
  { engine, indexing = null }: { engine: SearchEngine; indexing?: (() => IndexingStatus) | null },
): void {
  app.get(HEALTH_PATH, async (): Promise<HealthResponse> => {
    const { pins, sources, version, builtAt, buildMs } = engine.info();
    return HealthResponseSchema.parse({
      status: 'ok',
      corpus: { pins, sources },
      index: { version, builtAt, buildMs },
      ...(indexing ? { indexing: indexing() } : {}),
    });
  });
}
