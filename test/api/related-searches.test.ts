/**
 * Related searches over HTTP on the embedded engine: the query graph's recommendations
 * (src/server/suggest/query-recommender.ts), each a search that finds pins, with a tile cover.
 * (The cluster engine's suggest service has no pins to build the graph from and keeps the
 * engine's own; query-understanding.test.ts covers what both engines share.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchResponseSchema } from '@/contract/api';
import { matchKey, matchTerms } from '@/server/query/normalize';
import { startTestServer, type TestServer } from './support/test-server';

describe('related searches from the query graph', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  async function search(query: string) {
    const response = await server.client.get(`/api/v1/search?${query}`);
    expect(response.status, response.text).toBe(200);
    return SearchResponseSchema.parse(response.json());
  }
  const stemKey = (text: string) => matchTerms(text).map(matchKey).sort().join(' ');

  it.each(['cat', 'heart', 'flower', 'party'])('"%s": distinct real searches, each with results', async (q) => {
    const page = await search(`q=${q}`);
    const tiles = page.relatedSearchTiles ?? [];
    expect(tiles.length).toBeGreaterThan(0);
    expect(page.relatedSearches).toEqual(tiles.map((t) => t.text));
    const keys = tiles.map((t) => stemKey(t.text));
    expect(new Set([...keys, stemKey(q)]).size).toBe(keys.length + 1);
    for (const tile of tiles) {
      expect(tile.text).not.toMatch(/-/u);
      const found = await search(`q=${encodeURIComponent(tile.text)}&limit=50`);
      expect(found.total, tile.text).toBeGreaterThan(0);
      const cover = await server.client.get(`/api/v1/pins/${tile.coverId}`);
      expect(cover.status).toBe(200);
    }
  });

  it('leaves the later pages without them', async () => {
    const page = await search('q=cat&limit=5');
    const next = await search(`q=cat&limit=5&cursor=${page.nextCursor}`);
    expect(next.relatedSearches).toEqual([]);
    expect(next.relatedSearchTiles).toBeUndefined();
  });
});
