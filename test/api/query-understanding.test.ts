import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorResponseSchema, SearchResponseSchema } from '@/contract/api';
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

  async function search(query: string) {
    const response = await server.client.get(`/api/v1/search?${query}`);
    expect(response.status, response.text).toBe(200);
    return SearchResponseSchema.parse(response.json());
  }

  describe('query understanding over HTTP', () => {
    it('reports corrections and finds the corrected word', async () => {
      const page = await search('q=buterfly');
      expect(page.query.corrections).toEqual([{ from: 'buterfly', to: 'butterfly' }]);
      expect(page.query.normalized).toBe('butterfly');
      expect(page.items[0]?.title).toBe('Butterfly');
    });

    it('exact=1 searches the words as typed ("search instead for")', async () => {
      const page = await search('q=buterfly&exact=1');
      expect(page.query.corrections).toEqual([]);
      expect(page.total).toBe(0);
      expect((await search('q=buterfly&exact=0')).query.corrections).toHaveLength(1);
    });

    it('refuses exact values other than 0 and 1', async () => {
      const response = await server.client.get('/api/v1/search?q=cat&exact=yes');
      expect(response.status).toBe(400);
      expect(ErrorResponseSchema.parse(response.json()).error.code).toBe('bad_request');
    });

    it('keeps cursors of exact and corrected searches apart', async () => {
      const first = await search('q=face&limit=5');
      const response = await server.client.get(
        `/api/v1/search?q=face&limit=5&exact=1&cursor=${first.nextCursor}`,
      );
      expect(response.status).toBe(400);
      expect(ErrorResponseSchema.parse(response.json()).error.code).toBe('bad_cursor');
      const exactFirst = await search('q=face&limit=5&exact=1');
      expect(
        (await search(`q=face&limit=5&exact=1&cursor=${exactFirst.nextCursor}`)).items,
      ).toHaveLength(5);
    });

    it('returns expansions with weights and related searches on the first page', async () => {
      const page = await search('q=automobile');
      expect(page.query.expansions.slice(0, 2)).toEqual([
        { term: 'car', weight: 0.6, source: 'wordnet' },
        { term: 'auto', weight: 0.6, source: 'wordnet' },
      ]);
      expect(page.relatedSearches?.length).toBeGreaterThan(0);
      const second = await search(`q=automobile&cursor=${page.nextCursor}`);
      expect(second.relatedSearches).toEqual([]);
    });
  });
});
