/**
 * Modules over HTTP (src/server/modules): the first page of a search carries modules
 * generated from its candidates, valid against the contract, on both engines (the cluster engine
 * has no query graph: its related-searches module, when there is one, comes from the engine's own
 * related searches). Every tile is a search that returns results, with a distinct cover; later
 * pages carry none. A typed index (a manifest with products and clips, support/media-manifest.ts)
 * gets "Shop" and "Watch" modules; the shared test index has no typed pins and never does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchResponseSchema, type SearchModule, type SearchResponse } from '@/contract/api';
import { buildIndex } from '@/server/ingest/build-index';
import { MIN_NARROW_TOTAL, MIN_TILES, MAX_TILES } from '@/server/modules/generate-modules';
import { matchKey, matchTerms } from '@/server/query/normalize';
import { MODULE_PINS, writeModulesManifest } from './support/modules-manifest';
import { testEngines } from './support/test-cluster';
import { startEngineTestServer, startTestServer, type TestServer } from './support/test-server';

const stemKey = (text: string) => matchTerms(text).map(matchKey).sort().join(' ');

function searchWith(server: () => Pick<TestServer, 'client'>) {
  return async (params: Record<string, string | string[]>): Promise<SearchResponse> => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params))
      for (const value of Array.isArray(v) ? v : [v]) search.append(k, value);
    const response = await server().client.get(`/api/v1/search?${search.toString()}`);
    expect(response.status, response.text).toBe(200);
    return SearchResponseSchema.parse(response.json());
  };
}
const tilesOf = (m: SearchModule | undefined) => (m && 'tiles' in m ? m.tiles : []);

describe.each(testEngines())('modules on the %s engine', (engine) => {
  let server: Awaited<ReturnType<typeof startEngineTestServer>>;
  beforeAll(async () => {
    server = await startEngineTestServer(engine);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });
  const search = searchWith(() => server);

  it('gives a broad query a narrowing module whose tiles each return results, with distinct covers', async () => {
    const page = await search({ q: 'car' });
    expect(page.total).toBeGreaterThanOrEqual(MIN_NARROW_TOTAL);
    const modules = page.modules ?? [];
    const scores = modules.map((m) => m.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const narrow = modules.find((m) => m.kind === 'narrow');
    const tiles = tilesOf(narrow);
    expect(tiles.length).toBeGreaterThanOrEqual(MIN_TILES);
    expect(tiles.length).toBeLessThanOrEqual(MAX_TILES);
    const covers = modules.flatMap((m) => tilesOf(m).map((t) => t.cover.id));
    expect(new Set(covers).size).toBe(covers.length);
    for (const tile of tiles) {
      expect(tile.q).toBe('car');
      const found = await search({ q: tile.q, refine: tile.refine, limit: '100' });
      expect(found.total, tile.label).toBeGreaterThan(0);
      // The cover is one of the pins the tile's search finds.
      expect(
        found.items.map((p) => p.id),
        tile.label,
      ).toContain(tile.cover.id);
    }
  });

  it('gives related searches as tiles: no stem duplicates, no raw tags, each returning results', async () => {
    for (const q of ['heart', 'flower', 'party']) {
      const page = await search({ q });
      const modules = page.modules ?? [];
      const related = tilesOf(modules.find((m) => m.kind === 'related'));
      const offered = modules.flatMap((m) => tilesOf(m).filter((t) => t.refine.length === 0));
      const keys = offered.map((t) => stemKey(t.label));
      expect(new Set([...keys, stemKey(q)]).size, q).toBe(keys.length + 1);
      for (const tile of related) {
        expect(tile.label).not.toMatch(/[-_/]/u);
        const found = await search({ q: tile.q });
        expect(found.total, tile.label).toBeGreaterThan(0);
      }
    }
    // The embedded engine's query graph has enough for a module on these queries.
    if (engine === 'sqlite')
      expect(
        tilesOf((await search({ q: 'flower' })).modules?.find((m) => m.kind === 'related')).length,
      ).toBeGreaterThan(0);
  });

  it('leaves out what would not help: narrowing on a query with few results, shop and watch without typed pins', async () => {
    const few = await search({ q: 'zebra' });
    expect(few.total).toBeLessThan(MIN_NARROW_TOTAL);
    expect((few.modules ?? []).map((m) => m.kind)).not.toContain('narrow');
    for (const q of ['car', 'heart', 'party'])
      for (const m of (await search({ q })).modules ?? [])
        expect(['narrow', 'related']).toContain(m.kind);
  });

  it('sends modules on the first page only', async () => {
    const page = await search({ q: 'car', limit: '5' });
    expect(page.modules?.length).toBeGreaterThan(0);
    const next = await search({ q: 'car', limit: '5', cursor: page.nextCursor! });
    expect(next.modules).toBeUndefined();
  });
});

describe('shop and watch modules on an index with typed pins', () => {
  let tmp: string;
  let server: TestServer;
  const search = searchWith(() => server);
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-modules-'));
    const manifest = writeModulesManifest(path.join(tmp, 'manifest'));
    const dataDir = path.join(tmp, 'data');
    await buildIndex({ dataDir, sources: ['manifest'], manifestPath: manifest });
    server = await startTestServer({ dataDir });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('"chair" (products are most of its results) gets Shop chair and Watch, with those pins', async () => {
    const page = await search({ q: 'chair' });
    const shop = page.modules?.find((m) => m.kind === 'shop');
    const watch = page.modules?.find((m) => m.kind === 'watch');
    expect(shop?.title).toBe('Shop chair');
    expect(shop && 'pins' in shop ? shop.pins.map((p) => p.id).sort() : []).toEqual(
      [...MODULE_PINS.products].sort(),
    );
    expect(shop && 'pins' in shop ? shop.pins.every((p) => p.product) : false).toBe(true);
    expect(watch && 'pins' in watch ? watch.pins.map((p) => p.id).sort() : []).toEqual(
      [...MODULE_PINS.videos].sort(),
    );
    expect(watch && 'pins' in watch ? watch.pins.every((p) => p.video?.url) : false).toBe(true);
  });

  it('"pattern" (one clip, no product) gets neither; a Products tab repeats no Shop module', async () => {
    const pattern = await search({ q: 'pattern' });
    expect((pattern.modules ?? []).map((m) => m.kind)).toEqual([]);
    const typed = await search({ q: 'chair', type: 'product' });
    expect((typed.modules ?? []).map((m) => m.kind)).not.toContain('shop');
  });
});
