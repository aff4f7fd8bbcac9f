/**
 * Pin types end to end: a manifest with a product and video pins (the clip made with
 * ffmpeg, support/media-manifest.ts) indexed by the real pipeline and served by the real server.
 * Search, the pool, closeups and batches carry `product` / `video`; `type=` keeps one type;
 * clips and captions are served content-addressed, immutable, with Range requests; bad video
 * lines are skipped with their reasons; a pin's poster frame is its image when it has none.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ErrorResponseSchema,
  PinResponseSchema,
  PinsResponseSchema,
  SearchResponseSchema,
  type SearchResponse,
} from '@/contract/api';
import { indexPath } from '@/server/engine/schema';
import { buildIndex } from '@/server/ingest/build-index';
import type { BuildReport } from '@/server/ingest/types';
import {
  CAPTION_TEXT,
  CLIP,
  MEDIA_PINS,
  PRODUCT_LINE,
  writeMediaManifest,
} from './support/media-manifest';
import { testEngines } from './support/test-cluster';
import { startEngineTestServer, startTestServer, type TestServer } from './support/test-server';

let tmp: string;
let report: BuildReport;
let server: TestServer;
let clipBytes: Buffer;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-pin-types-'));
  const manifest = writeMediaManifest(path.join(tmp, 'manifest'));
  clipBytes = fs.readFileSync(path.join(tmp, 'manifest', 'clip.webm'));
  const dataDir = path.join(tmp, 'data');
  report = await buildIndex({ dataDir, sources: ['manifest'], manifestPath: manifest });
  server = await startTestServer({ dataDir });
}, 120_000);
afterAll(async () => {
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const searchOn =
  (on: () => Pick<TestServer<unknown>, 'client'>) =>
  async (query: string): Promise<SearchResponse> => {
    const response = await on().client.get(`/api/v1/search?${query}`);
    expect(response.status, response.text).toBe(200);
    return SearchResponseSchema.parse(response.json());
  };
const ids = (page: { items: { id: string }[] }) => page.items.map((p) => p.id).sort();

describe('indexing typed pins', () => {
  it('indexes the product and both clips, and skips the bad video lines with their reasons', () => {
    expect(report.pins).toBe(4);
    expect(report.typed).toEqual({ products: 1, videos: 2 });
    expect(report.skippedItems).toEqual([
      {
        source: 'manifest',
        ref: 'pins.jsonl:5',
        reason: 'missing file',
        detail: `video.file: ${path.join(tmp, 'manifest', 'nowhere.webm')}`,
      },
      {
        source: 'manifest',
        ref: 'pins.jsonl:6',
        reason: 'invalid video',
        detail: `video.width: the manifest says 1920 px, the clip is ${CLIP.width} px`,
      },
    ]);
  });

  it('stores each typed pin once in pin_media, with its type', () => {
    const db = new Database(indexPath(path.join(tmp, 'data')), { readonly: true });
    try {
      const rows = db
        .prepare(
          'SELECT p.id, m.type FROM pin_media m JOIN pins p ON p.rowid = m.pin ORDER BY p.id',
        )
        .all();
      expect(rows).toEqual([
        { id: MEDIA_PINS.videoWithImage, type: 'video' },
        { id: MEDIA_PINS.product, type: 'product' },
        { id: MEDIA_PINS.captionedVideo, type: 'video' },
      ]);
    } finally {
      db.close();
    }
  });
});

// The same answers from both engines: the cluster engine serves this index published into the
// cluster under its own alias (typed pins as fields of its documents, configset/schema.xml).
describe.each(testEngines())('on the %s engine', (engine) => {
  let engineServer: TestServer<unknown>;
  beforeAll(async () => {
    engineServer = await startEngineTestServer(engine, {
      dataDir: path.join(tmp, 'data'),
      clusterAlias: 'inspo-test-types',
    });
  }, 180_000);
  afterAll(async () => {
    await engineServer?.close();
  });
  const search = searchOn(() => engineServer);

  describe('typed pins in answers', () => {
    it('a search carries the product’s offer and the clip’s details; plain pins carry neither', async () => {
      const page = await search('q=chair&limit=10');
      const byId = new Map(page.items.map((p) => [p.id, p]));
      expect(byId.get(MEDIA_PINS.product)!.product).toEqual({
        price: PRODUCT_LINE.price,
        currency: PRODUCT_LINE.currency,
        merchant: PRODUCT_LINE.merchant,
        availability: PRODUCT_LINE.availability,
        url: PRODUCT_LINE.link,
        demo: false,
      });
      expect(byId.get(MEDIA_PINS.product)).not.toHaveProperty('video');
      const sha = createHash('sha256').update(clipBytes).digest('hex');
      expect(byId.get(MEDIA_PINS.videoWithImage)!.video).toEqual({
        url: `/media/${sha}.webm`,
        mimeType: 'video/webm',
        poster: expect.stringMatching(/^\/thumbs\/[0-9a-f]+-472\.webp$/u),
        durationMs: CLIP.seconds * 1000,
        width: CLIP.width,
        height: CLIP.height,
      });
      expect(byId.get(MEDIA_PINS.plain)).not.toHaveProperty('product');
      expect(byId.get(MEDIA_PINS.plain)).not.toHaveProperty('video');
      // The pool's display fields (cards drawn before /pins answers) carry the badges too.
      const pooled = new Map(page.pool!.candidates.map((c) => [c.id, c.display]));
      expect(pooled.get(MEDIA_PINS.product)!.product).toEqual(byId.get(MEDIA_PINS.product)!.product);
      expect(pooled.get(MEDIA_PINS.videoWithImage)!.video).toEqual(
        byId.get(MEDIA_PINS.videoWithImage)!.video,
      );
    });

    it('a closeup and a batch carry them too; a clip without an image shows its poster frame', async () => {
      const closeup = await engineServer.client.get(`/api/v1/pins/${MEDIA_PINS.captionedVideo}`);
      expect(closeup.status).toBe(200);
      const { pin } = PinResponseSchema.parse(closeup.json());
      expect(pin.video!.captions).toEqual({
        url: expect.stringMatching(/^\/media\/[0-9a-f]{64}\.vtt$/u),
        lang: 'en',
      });
      expect(pin.imageUrl2x).toBe(pin.video!.poster);

      const batch = await engineServer.client.get(
        `/api/v1/pins?ids=${MEDIA_PINS.product},${MEDIA_PINS.plain}`,
      );
      const { items } = PinsResponseSchema.parse(batch.json());
      expect(items.map((p) => p.product?.price ?? null)).toEqual([PRODUCT_LINE.price, null]);
    });
  });

  describe('type= on /api/v1/search', () => {
    it('keeps only pins of that type, with totals and pools to match', async () => {
      expect(ids(await search('q=chair'))).toEqual(
        [MEDIA_PINS.product, MEDIA_PINS.plain, MEDIA_PINS.videoWithImage].sort(),
      );
      const products = await search('q=chair&type=product');
      expect(ids(products)).toEqual([MEDIA_PINS.product]);
      expect(products.total).toBe(1);
      expect(products.pool!.candidates.map((c) => c.id)).toEqual([MEDIA_PINS.product]);
      expect(ids(await search('q=chair&type=video'))).toEqual([MEDIA_PINS.videoWithImage]);
      expect(ids(await search('q=video&type=video'))).toEqual(
        [MEDIA_PINS.captionedVideo, MEDIA_PINS.videoWithImage].sort(),
      );
      expect((await search('q=pattern&type=product')).total).toBe(0);
    });

    it('counts a search once for suggestions: the same search seen through a type is not a new one', async () => {
      const before = engineServer.suggest.queryLog.count('oak');
      await search('q=oak');
      await search('q=oak&type=product');
      await search('q=oak&type=video');
      expect(engineServer.suggest.queryLog.count('oak')).toBe(before + 1);
    });

    it('narrows together with refinements', async () => {
      expect(ids(await search('q=chair&type=video&refine=category:Furniture'))).toEqual([
        MEDIA_PINS.videoWithImage,
      ]);
      expect(ids(await search('q=chair&type=product&refine=category:Video'))).toEqual([]);
    });

    it('refuses an unknown type with a 400 that names the types', async () => {
      const response = await engineServer.client.get('/api/v1/search?q=chair&type=image');
      expect(response.status).toBe(400);
      expect(ErrorResponseSchema.parse(response.json()).error).toEqual({
        code: 'bad_request',
        message: expect.stringContaining('one of product, video'),
      });
    });

    it('gives each type its own cursors: a page cursor of one type is refused for another', async () => {
      const all = await search('q=chair&limit=1');
      expect(all.nextCursor).not.toBeNull();
      const response = await engineServer.client.get(
        `/api/v1/search?q=chair&limit=1&type=video&cursor=${encodeURIComponent(all.nextCursor!)}`,
      );
      expect(response.status).toBe(400);
    });
  });
});

describe('/media: clips and captions', () => {
  const clipUrl = () => `/media/${createHash('sha256').update(clipBytes).digest('hex')}.webm`;

  it('serves the clip whole, immutable, as video/webm, saying it takes ranges', async () => {
    const response = await server.client.get(clipUrl());
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('video/webm');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers['accept-ranges']).toBe('bytes');
    expect(response.body.equals(clipBytes)).toBe(true);
  });

  it('answers a Range request with 206 and exactly those bytes (what a <video> seeks with)', async () => {
    const response = await server.client.get(clipUrl(), { range: 'bytes=100-199' });
    expect(response.status).toBe(206);
    expect(response.headers['content-range']).toBe(`bytes 100-199/${clipBytes.length}`);
    expect(response.body.equals(clipBytes.subarray(100, 200))).toBe(true);
    const past = await server.client.get(clipUrl(), { range: `bytes=${clipBytes.length + 10}-` });
    expect(past.status).toBe(416);
  });

  it('serves the captions as text/vtt', async () => {
    const { pin } = PinResponseSchema.parse(
      (await server.client.get(`/api/v1/pins/${MEDIA_PINS.captionedVideo}`)).json(),
    );
    const response = await server.client.get(pin.video!.captions!.url);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/vtt/u);
    expect(response.text).toContain(CAPTION_TEXT);
  });

  it('serves nothing but content-addressed clip and caption names', async () => {
    for (const url of ['/media/pins.jsonl', `/media/${'0'.repeat(64)}.webm`]) {
      expect((await server.client.get(url)).status, url).toBe(404);
    }
    // A path that climbs out of the folder is refused before the file system is asked.
    expect((await server.client.get('/media/../index/inspo.sqlite')).status).toBe(403);
  });
});
