/** GET /api/v1/openapi.json: the contract as an OpenAPI 3.1 document (built once, it never changes). */
import type { FastifyInstance } from 'fastify';
import { API_PREFIX } from '@/contract/api';
import { buildOpenApiDocument } from '@/server/http/openapi';

export function registerOpenApiRoute(app: FastifyInstance): void {
  const document = buildOpenApiDocument();
  app.get(`${API_PREFIX}/openapi.json`, async () => document);
}
