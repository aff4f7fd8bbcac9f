/**
 * The demo sources on a small real subset, through the real pipeline and the
 * real server: four Sweet Home 3D furniture items (Debian's sweethome3d-furniture) become demo
 * product pins, two Meteocons icons (npm @iconify-json/meteocons) are recorded to WebM in headless
 * Chromium and become video pins; a second build of the same data records nothing again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchResponseSchema, type Pin, type SearchResponse } from '@/contract/api';
import { clipCacheDir } from '@/server/ingest/animation-recorder';
import { buildIndex } from '@/server/ingest/build-index';
import type { BuildReport } from '@/server/ingest/types';
import { startTestServer, type TestServer } from './support/test-server';

const DEMO_PICK = {
  sweethome3d: [
    'Blend Swap CC-0#oakChair',
    'Kator Legaz#cafe-chair',
    'Scopia#chair',
    'Blend Swap CC-BY#officeTable',
  ],
  meteocons: ['rain-fill', 'clear-day-fill'],
} as const;

let tmp: string;
let dataDir: string;
let report: BuildReport;
let rebuild: BuildReport;
let server: TestServer;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-demo-sources-'));
  dataDir = path.join(tmp, 'data');
  const options = { dataDir, sources: ['sweethome3d', 'meteocons'] as const, pick: DEMO_PICK };
  report = await buildIndex({ ...options, sources: [...options.sources] });
  rebuild = await buildIndex({ ...options, sources: [...options.sources] });
  server = await startTestServer({ dataDir });
}, 180_000);
afterAll(async () => {
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function search(query: string): Promise<SearchResponse> {
  const response = await server.client.get(`/api/v1/search?${query}`);
  expect(response.status, response.text).toBe(200);
  return SearchResponseSchema.parse(response.json());
}

describe('ingest of the demo sources', () => {
  it('indexes the furniture as products and records the icons as videos', () => {
    expect(report.skippedItems).toEqual([]);
    expect(report.sources).toEqual({ sweethome3d: 4, meteocons: 2 });
    expect(report.typed).toEqual({ products: 4, videos: 2 });
    expect(report.recorded).toMatchObject({ recorded: 2, cached: 0, failed: 0 });
    expect(fs.readdirSync(clipCacheDir(dataDir)).filter((f) => f.endsWith('.webm'))).toHaveLength(
      2,
    );
  });

  it('never records an unchanged icon twice: the second build finds both clips in the cache', () => {
    expect(rebuild.recorded).toMatchObject({ recorded: 0, cached: 2, failed: 0 });
    expect(rebuild.typed).toEqual({ products: 4, videos: 2 });
  });
});

describe('served demo pins', () => {
  it('"chair" finds demo products with a demo price, the demo shop, a link to the source and the licence', async () => {
    const page = await search('q=chair&type=product');
    const byId = new Map<string, Pin>(page.items.map((p) => [p.id, p]));
    expect([...byId.keys()].sort()).toEqual([
      'sh3d-blend-swap-cc-0-oakchair',
      'sh3d-kator-legaz-cafe-chair',
      'sh3d-scopia-chair',
    ]);
    for (const pin of byId.values()) {
      expect(pin.product).toMatchObject({
        currency: 'EUR',
        merchant: 'Inspo demo shop',
        demo: true,
      });
      expect(pin.product!.url).toMatch(/^https:\/\/www\.(blendswap|sweethome3d)\.com\//u);
    }
    expect(byId.get('sh3d-blend-swap-cc-0-oakchair')).toMatchObject({
      license: { name: 'CC0 1.0 (public domain)' },
      product: { url: 'https://www.blendswap.com/blends/view/66530' },
    });
    expect(byId.get('sh3d-kator-legaz-cafe-chair')!.license.name).toBe('CC BY 3.0 US');
    expect(byId.get('sh3d-scopia-chair')!.license.name).toBe('CC BY 3.0');
  });

  it('"rain" finds the recorded clip: a WebM of one loop, with a poster frame, served from /media', async () => {
    const page = await search('q=rain&type=video');
    expect(page.items.map((p) => p.id)).toEqual(['mc-rain']);
    const rain = page.items[0]!;
    expect(rain).toMatchObject({
      license: { name: 'MIT' },
      video: { mimeType: 'video/webm', width: 320, height: 320 },
    });
    expect(rain.video!.durationMs).toBeGreaterThanOrEqual(2000);
    expect(rain.video!.durationMs).toBeLessThanOrEqual(6000);
    const clip = await server.client.get(rain.video!.url);
    expect(clip.status).toBe(200);
    expect(clip.headers['content-type']).toMatch(/^video\/webm/u);
    const poster = await server.client.get(rain.video!.poster);
    expect(poster.status).toBe(200);
  });
});
