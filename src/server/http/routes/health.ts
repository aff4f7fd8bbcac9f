/**
 * GET /api/health: liveness plus what is being served (corpus size, index build) and, on a first
 * run, how far the background build of the complete index has come (the app's quiet notice).
 * GET /api/ready: readiness for a load balancer (the engine's state, or draining on SIGTERM).
 *
 * Neither is ever rate-limited: a load balancer (or a burst from one client sharing its address)
 * must never read a 429 as a dead or unready node.
 */
import type { FastifyInstance } from 'fastify';
import {
  HealthResponseSchema,
  ReadinessResponseSchema,
  type HealthResponse,
  type ReadinessResponse,
} from '@/contract/api';
import type { IndexingStatus } from '@/contract/indexing';
import type { SearchBackend } from '@/server/engine/types';
import type { Lifecycle } from '@/server/http/lifecycle';

export const HEALTH_PATH = '/api/health';
export const READY_PATH = '/api/ready';

/** @fastify/rate-limit's per-route switch. */
const NOT_RATE_LIMITED = { config: { rateLimit: false } } as const;

export function registerHealthRoute(
  app: FastifyInstance,
  {
    engine,
    indexing = null,
    lifecycle = null,
  }: {
    engine: SearchBackend;
    indexing?: (() => IndexingStatus) | null;
    lifecycle?: Lifecycle | null;
  },
): void {
  app.get(HEALTH_PATH, NOT_RATE_LIMITED, async (): Promise<HealthResponse> => {
    const { pins, sources, version, builtAt, buildMs } = engine.info();
    return HealthResponseSchema.parse({
      status: 'ok',
      corpus: { pins, sources },
      index: { version, builtAt, buildMs },
      ...(indexing ? { indexing: indexing() } : {}),
    });
  });

  app.get(READY_PATH, NOT_RATE_LIMITED, async (_request, reply): Promise<ReadinessResponse> => {
    const state = engine.readiness?.() ?? {
      engine: 'sqlite',
      ready: true,
      detail: `embedded index, ${engine.info().pins} pins`,
    };
    const status = lifecycle?.draining ? 'draining' : state.ready ? 'ready' : 'not_ready';
    void reply.code(status === 'ready' ? 200 : 503);
    return ReadinessResponseSchema.parse({ status, engine: state.engine, detail: state.detail });
  });
}
