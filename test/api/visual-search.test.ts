/**
 * POST /api/v1/visual-search on copies of the test index: one with image embeddings (the build's
 * own when it has them; otherwise deterministic stand-ins written here, so the route's logic is
 * tested before the index is rebuilt with the image model), one without the table (an older build).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ErrorResponseSchema,
  VISUAL_EMBEDDING_DIM,
  VisualSearchResponseSchema,
  type VisualSearchResponse,
} from '@/contract/api';
import { gaussian, seededRandom } from '@/lib/random/seeded-random';
import { quantizeInt8 } from '@/ranking/embedding';
import { indexPath } from '@/server/engine/schema';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { normalizeVector } from '@/server/retrieval/quantize';
import { createServer } from '@/server/http/create-server';
import { VISUAL_SEARCH_BODY_LIMIT } from '@/server/http/routes/visual-search';
import { liveService } from '@/server/service/live-service';
import { openSearchService } from '@/server/service/search-service';
import { readImageEmbeddings } from '@/server/visual/image-embeddings';
import { visualSearchFromCodes } from '@/server/visual/visual-search';
import { startTestServer, type TestServer } from './support/test-server';

const DIM = VISUAL_EMBEDDING_DIM;

function copyIndex(from: string, prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(path.dirname(indexPath(from)), path.dirname(indexPath(dir)), { recursive: true });
  return dir;
}

/** Stand-in embeddings: random unit vectors, every third pin a close variant of the one before. */
function writeStandIns(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS pin_image_embedding (pin TEXT PRIMARY KEY, vec BLOB NOT NULL)');
  const ids = db.prepare('SELECT id FROM pins ORDER BY rowid').pluck().all() as string[];
  const normal = gaussian(seededRandom(15));
  const insert = db.prepare('INSERT INTO pin_image_embedding (pin, vec) VALUES (?, ?)');
  let previous: number[] = [];
  db.transaction(() => {
    ids.forEach((id, i) => {
      const v =
        i % 3 === 2 ? previous.map((x) => x + 0.05 * normal()) : Array.from({ length: DIM }, normal);
      previous = v;
      insert.run(id, Buffer.from(quantizeInt8(normalizeVector(v)!).buffer));
    });
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('imageEncoderVersion', 'stand-in')").run();
  })();
}

describe('POST /api/v1/visual-search', () => {
  let server: TestServer;
  let bare: TestServer;
  const dirs: string[] = [];
  let ids: string[];
  let codes: Int8Array;

  beforeAll(async () => {
    const source = await ensureTestIndex();
    const withEmbeddings = copyIndex(source, 'inspo-visual-');
    const without = copyIndex(source, 'inspo-novisual-');
    dirs.push(withEmbeddings, without);
    const db = new Database(indexPath(withEmbeddings));
    if (!readImageEmbeddings(db)?.ids.length) writeStandIns(db);
    const stored = readImageEmbeddings(db)!;
    db.close();
    ids = stored.ids;
    codes = quantizeInt8(stored.vectors);
    const old = new Database(indexPath(without));
    old.exec('DROP TABLE IF EXISTS pin_image_embedding');
    old.close();
    server = await startTestServer({ dataDir: withEmbeddings });
    bare = await startTestServer({ dataDir: without });
  }, 240_000);

  afterAll(async () => {
    await server?.close();
    await bare?.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  const vectorOf = (i: number): number[] =>
    Array.from(codes.subarray(i * DIM, (i + 1) * DIM), (c) => c / 127);

  async function post(body: unknown, on: TestServer = server, raw?: string) {
    const response = await on.app.inject({
      method: 'POST',
      url: '/api/v1/visual-search',
      headers: { 'content-type': 'application/json' },
      payload: raw ?? JSON.stringify(body),
    });
    return { status: response.statusCode, json: () => response.json() as unknown };
  }

  async function search(body: Record<string, unknown>): Promise<VisualSearchResponse> {
    const response = await post(body);
    expect(response.status, JSON.stringify(response.json())).toBe(200);
    return VisualSearchResponseSchema.parse(response.json());
  }

  async function errorOf(body: unknown, raw?: string) {
    const response = await post(body, server, raw);
    return { status: response.status, ...ErrorResponseSchema.parse(response.json()).error };
  }

  it('finds the pin whose embedding was sent first, with a cosine of about 1', async () => {
    const i = Math.floor(ids.length / 2);
    const { items, total } = await search({ vector: vectorOf(i), limit: 3 });
    expect(items[0]!.id).toBe(ids[i]);
    expect(items[0]!.visualScore).toBeGreaterThan(0.99);
    expect(total).toBe(200);
    // Full pins, as the other routes send them.
    expect(items[0]).toMatchObject({ title: expect.any(String), imageUrl: expect.any(String) });
  });

  it('leaves excluded pins out and ranks the rest like an exact search would', async () => {
    const i = 7;
    const { items } = await search({ vector: vectorOf(i), exclude: [ids[i]], limit: 10 });
    expect(items.map((p) => p.id)).not.toContain(ids[i]);
    const exact = visualSearchFromCodes(ids, codes, DIM, { graph: false })
      .nearest(normalizeVector(vectorOf(i))!, 10, new Set([ids[i]!]))
      .map((n) => n.id);
    expect(items[0]!.id).toBe(exact[0]);
    const shared = items.filter((p) => exact.includes(p.id)).length;
    expect(shared).toBeGreaterThanOrEqual(9);
    for (let j = 1; j < items.length; j++)
      expect(items[j - 1]!.visualScore).toBeGreaterThanOrEqual(items[j]!.visualScore);
  });

  it('pages through k neighbours with cursors, without gaps or repeats', async () => {
    const vector = vectorOf(11);
    const whole = await search({ vector, k: 12, limit: 12 });
    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await search({ vector, k: 12, limit: 5, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(whole.items.map((p) => p.id));
    expect(whole.nextCursor).toBeNull();
  });

  it('refuses a cursor from another vector (400 bad_cursor)', async () => {
    const first = await search({ vector: vectorOf(1), limit: 2 });
    expect(await errorOf({ vector: vectorOf(2), limit: 2, cursor: first.nextCursor })).toMatchObject(
      { status: 400, code: 'bad_cursor' },
    );
  });

  const ok = () => Array.from({ length: DIM }, (_, i) => (i % 7) / 7);
  it.each([
    ['a short vector', { vector: ok().slice(1) }, `vector: must hold exactly ${DIM} numbers`],
    ['a long vector', { vector: [...ok(), 1] }, `vector: must hold exactly ${DIM} numbers`],
    ['no vector', {}, 'vector: is required'],
    ['a string for a vector', { vector: 'abc' }, `vector: must be an array of ${DIM} numbers`],
    ['a string among the numbers', { vector: ok().map((x, i) => (i === 5 ? 'x' : x)) }, 'vector[5]: must hold numbers only'],
    ['a null among the numbers', { vector: ok().map((x, i) => (i === 9 ? null : x)) }, 'vector[9]: must hold numbers only'],
    ['the zero vector', { vector: ok().map(() => 0) }, 'vector: is all zeros (it has no direction)'],
    ['k of 0', { vector: ok(), k: 0 }, 'k: must be at least 1'],
    ['a bad id to exclude', { vector: ok(), exclude: ['<script>'] }, 'exclude[0]: must be letters, digits, "-", "_" or "."'],
  ])('answers 400 with a clear message for %s', async (_name, body, message) => {
    expect(await errorOf(body)).toEqual({ status: 400, code: 'bad_request', message });
  });

  it('answers 400 for NaN and Infinity, which JSON cannot carry', async () => {
    const values = ok().map(String);
    values[3] = 'NaN';
    const nan = await errorOf(null, `{"vector":[${values.join(',')}]}`);
    expect(nan).toMatchObject({ status: 400, code: 'bad_request' });
    expect(nan.message).toMatch(/JSON/);
    const huge = ok().map(String);
    huge[0] = '1e999'; // parses as Infinity
    expect(await errorOf(null, `{"vector":[${huge.join(',')}]}`)).toEqual({
      status: 400,
      code: 'bad_request',
      message: 'vector[0]: must hold finite numbers only',
    });
  });

  it('answers 413 for a body larger than any vector', async () => {
    const padded = JSON.stringify({ vector: ok(), pad: 'x'.repeat(VISUAL_SEARCH_BODY_LIMIT) });
    expect(await errorOf(null, padded)).toMatchObject({ status: 413, code: 'payload_too_large' });
  });

  it('answers a full-precision vector (its JSON is over the API-wide 16 KiB body limit)', async () => {
    const vector = normalizeVector(vectorOf(3).map((x) => x + 1e-9))!;
    const body = JSON.stringify({ vector: Array.from(vector, (x) => x + Number.EPSILON) });
    expect(body.length).toBeGreaterThan(16 * 1024);
    const response = await post(null, server, body);
    expect(response.status).toBe(200);
  });

  it('answers the same after bad requests as before them (they change nothing)', async () => {
    const body = { vector: vectorOf(5), limit: 8 };
    const before = await search(body);
    await errorOf({ vector: ok().map(() => 0) });
    await errorOf(null, '{"vector":[NaN]}');
    expect(await search(body)).toEqual(before);
  });

  it('answers 409 unavailable, with what to do, on an index without image embeddings', async () => {
    const response = await post({ vector: ok() }, bare);
    expect(response.status).toBe(409);
    const { error } = ErrorResponseSchema.parse(response.json());
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/no image embeddings.*npm run index/);
  });

  it('answers 409 when the vector comes from another version of the image encoder', async () => {
    const response = await post({ vector: vectorOf(0), model: 'not-this-model' });
    expect(response.status).toBe(409);
    expect(ErrorResponseSchema.parse(response.json()).error.message).toMatch(/not-this-model.*reload/);
  });

  it('still validates on such an index first: a bad vector is a 400 there too', async () => {
    const response = await post({ vector: [1, 2] }, bare);
    expect(response.status).toBe(400);
  });

  it('answers from the index swapped in on a first run (the complete one has image embeddings)', async () => {
    const live = liveService(openSearchService({ dataDir: bare.dataDir }));
    const app = createServer({ engine: live.view, distDir: null, thumbsDir: null, rateLimit: false });
    try {
      const ask = () =>
        app.inject({ method: 'POST', url: '/api/v1/visual-search', payload: { vector: vectorOf(4), limit: 1 } });
      expect((await ask()).statusCode).toBe(409);
      live.swap(openSearchService({ dataDir: server.dataDir })).close();
      const after = await ask();
      expect(after.statusCode).toBe(200);
      expect(VisualSearchResponseSchema.parse(after.json()).items[0]!.id).toBe(ids[4]);
    } finally {
      await app.close();
      live.current.close();
    }
  });

  it('is in the OpenAPI document', async () => {
    const response = await server.client.get('/api/v1/openapi.json');
    const doc = response.json() as { paths: Record<string, { post?: unknown }> };
    expect(doc.paths['/api/v1/visual-search']?.post).toBeDefined();
  });
});
