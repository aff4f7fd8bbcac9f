import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorResponseSchema, HealthResponseSchema, ReadinessResponseSchema } from '@/contract/api';
import { startEngineTestServer } from './support/test-server';
import { testEngines } from './support/test-cluster';

describe.each(testEngines())('on the %s engine', (engine) => {
  let server: Awaited<ReturnType<typeof startEngineTestServer>>;

  beforeAll(async () => {
    server = await startEngineTestServer(engine);
  });
  afterAll(async () => {
    await server.close();
  });

  describe('GET /api/health', () => {
    it('reports the corpus and index the engine serves', async () => {
      const response = await server.client.get('/api/health');
      expect(response.status).toBe(200);
      const health = HealthResponseSchema.parse(response.json());
      const info = server.engine.info();
      expect(health).toEqual({
        status: 'ok',
        corpus: { pins: info.pins, sources: info.sources },
        index: { version: info.version, builtAt: info.builtAt, buildMs: info.buildMs },
      });
      expect(health.corpus.pins).toBeGreaterThan(0);
    });
  });

  describe('GET /api/v1/openapi.json', () => {
    interface OpenApiDocument {
      openapi: string;
      paths: Record<
        string,
        { get: { parameters?: { name: string; in: string; required: boolean }[] } }
      >;
      components: { schemas: Record<string, unknown> };
    }

    async function fetchDocument(): Promise<{ text: string; document: OpenApiDocument }> {
      const response = await server.client.get('/api/v1/openapi.json');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      return { text: response.text, document: response.json() as OpenApiDocument };
    }

    it('is an OpenAPI 3.1 document with every route', async () => {
      const { document } = await fetchDocument();
      expect(document.openapi).toBe('3.1.0');
      expect(Object.keys(document.paths).sort()).toEqual([
        '/api/health',
        '/api/ready',
        '/api/v1/openapi.json',
        '/api/v1/pins',
        '/api/v1/pins/{id}',
        '/api/v1/pins/{id}/related',
        '/api/v1/search',
        '/api/v1/suggest',
        '/api/v1/visual-search',
      ]);
    });

    it('describes the parameters each route validates', async () => {
      const { document } = await fetchDocument();
      const names = (path: string) =>
        (document.paths[path]?.get.parameters ?? []).map(
          ({ name, in: where, required }) => `${where}:${name}:${required}`,
        );
      expect(names('/api/v1/search')).toEqual([
        'query:q:true',
        'query:refine:false',
        'query:cursor:false',
        'query:limit:false',
        'query:exact:false',
        'query:hl:false',
        'query:type:false',
      ]);
      expect(names('/api/v1/suggest')).toEqual([
        'query:q:false',
        'query:limit:false',
        'query:hl:false',
      ]);
      expect(names('/api/v1/pins')).toEqual(['query:ids:true']);
      expect(names('/api/v1/pins/{id}')).toEqual(['path:id:true']);
      expect(names('/api/v1/pins/{id}/related')).toEqual([
        'path:id:true',
        'query:cursor:false',
        'query:limit:false',
      ]);
    });

    it('documents the candidate pool (reranker fields, a card’s on the first ones) and the batch pins answer', async () => {
      const { document } = await fetchDocument();
      const schemas = document.components.schemas as Record<
        string,
        { properties: Record<string, unknown>; required?: string[] }
      >;
      const pool = { $ref: '#/components/schemas/CandidatePool' };
      expect(schemas.SearchResponse!.properties.pool).toEqual(pool);
      expect(schemas.RelatedResponse!.properties.pool).toEqual(pool);
      expect(schemas.SearchResponse!.required).not.toContain('pool');
      expect(Object.keys(schemas.PoolCandidate!.properties).sort()).toEqual([
        'category',
        'display',
        'dominantColor',
        'embedding',
        'id',
        'lexicalScore',
        'popularity',
        'semanticScore',
        'serverScore',
        'tagPins',
        'tags',
        'title',
      ]);
      // What a card draws, optional: on the pool's first candidates only.
      expect(schemas.PoolCandidate!.required).not.toContain('display');
      // The pin's first tags: always sent, optional so that answers saved before them still parse.
      expect(schemas.PoolCandidate!.required).not.toContain('tags');
      expect(schemas.PoolCandidate!.properties.tags).toMatchObject({
        type: 'array',
        items: { type: 'string' },
      });
      // Each tag's pin count, aligned with them: optional (an older cluster build has none).
      expect(schemas.PoolCandidate!.required).not.toContain('tagPins');
      expect(schemas.PoolCandidate!.properties.tagPins).toMatchObject({
        type: 'array',
        items: { type: 'integer', minimum: 0 },
      });
      expect(Object.keys(schemas.PoolDisplay!.properties).sort()).toEqual([
        'height',
        'imageUrl',
        'imageUrl2x',
        'product',
        'video',
        'width',
      ]);
      // Pin types: optional on every pin, each a component of its own.
      expect(schemas.Pin!.properties.product).toEqual({ $ref: '#/components/schemas/Product' });
      expect(schemas.Pin!.properties.video).toEqual({ $ref: '#/components/schemas/Video' });
      expect(schemas.Pin!.required).not.toContain('product');
      expect(schemas.Product!.required).toEqual([
        'price',
        'currency',
        'merchant',
        'availability',
        'url',
        'demo',
      ]);
      expect(Object.keys(schemas.Video!.properties).sort()).toEqual([
        'captions',
        'durationMs',
        'height',
        'mimeType',
        'poster',
        'url',
        'width',
      ]);
      expect(Object.keys(schemas.PinsResponse!.properties).sort()).toEqual(['items', 'missing']);
      // Related searches as image tiles: an optional field beside the plain list.
      expect(schemas.SearchResponse!.properties.relatedSearchTiles).toEqual({
        type: 'array',
        items: { $ref: '#/components/schemas/RelatedSearchTile' },
      });
      expect(schemas.SearchResponse!.required).not.toContain('relatedSearchTiles');
      expect(Object.keys(schemas.RelatedSearchTile!.properties).sort()).toEqual([
        'coverId',
        'pins',
        'text',
      ]);
      // Modules: optional, one of four kinds, each with a title, a score and a slot.
      expect(schemas.SearchResponse!.properties.modules).toEqual({
        type: 'array',
        items: { $ref: '#/components/schemas/SearchModule' },
      });
      expect(schemas.SearchResponse!.required).not.toContain('modules');
      const kinds =
        (
          schemas.SearchModule as {
            oneOf?: { properties: Record<string, { const?: string }>; required: string[] }[];
          }
        ).oneOf ?? [];
      expect(kinds.map((k) => k.properties.kind?.const).sort()).toEqual([
        'narrow',
        'related',
        'shop',
        'watch',
      ]);
      for (const k of kinds)
        expect(k.required).toEqual(expect.arrayContaining(['kind', 'title', 'score', 'slot']));
      expect(Object.keys(schemas.ModuleTile!.properties).sort()).toEqual([
        'count',
        'cover',
        'label',
        'q',
        'refine',
      ]);
    });

    it('has every $ref pointing at a component that exists', async () => {
      const { text, document } = await fetchDocument();
      const refs = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1] ?? '');
      expect(refs.length).toBeGreaterThan(10);
      for (const ref of refs) {
        expect(ref).toMatch(/^#\/components\/schemas\//);
        expect(document.components.schemas).toHaveProperty(
          ref.replace('#/components/schemas/', ''),
        );
      }
      expect(text).not.toContain('"$schema"');
    });
  });

  describe('unknown routes', () => {
    it.each([
      ['GET', '/api/v1/nope'],
      ['GET', '/api/v2/search?q=cat'],
      ['GET', '/api'],
      ['POST', '/api/v1/search?q=cat'],
      ['DELETE', '/api/v1/pins/x'],
    ])('%s %s → 404 not_found JSON', async (method, path) => {
      const response = await server.client.request(method, path, { accept: 'text/html' });
      expect(response.status).toBe(404);
      expect(ErrorResponseSchema.parse(response.json()).error.code).toBe('not_found');
    });

    it('tolerates a trailing slash on API routes', async () => {
      expect((await server.client.get('/api/health/')).status).toBe(200);
    });
  });

  describe('GET /api/ready', () => {
    it('says the engine is ready, and what it serves', async () => {
      const response = await server.client.get('/api/ready');
      expect(response.status).toBe(200);
      const ready = ReadinessResponseSchema.parse(response.json());
      expect(ready).toMatchObject({ status: 'ready', engine });
      expect(ready.detail).toEqual(
        engine === 'sqlite'
          ? `embedded index, ${server.engine.info().pins} pins`
          : expect.stringMatching(
              /^collection inspo-test_\S+ \(alias inspo-test\): 3 of 3 shards serving, 6 of 6 replicas active, \d+ live nodes; \d+ requests to the cluster, \d+ answered by another node after a failure, 0 failed$/,
            ),
      );
    });
  });
});
