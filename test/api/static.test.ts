import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorResponseSchema, SearchResponseSchema } from '@/contract/api';
import { ASSET_JS, createTempDist, INDEX_HTML } from './support/temp-dist';
import { startTestServer, type TestServer } from './support/test-server';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

let server: TestServer;
let dist: ReturnType<typeof createTempDist>;

beforeAll(async () => {
  dist = createTempDist();
  server = await startTestServer({ distDir: dist.distDir });
});
afterAll(async () => {
  await server.close();
  dist.remove();
});

describe('the built SPA', () => {
  it('serves hashed assets for a year, immutable', async () => {
    const response = await server.client.get('/assets/x-abc123.js');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe(IMMUTABLE);
    expect(response.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
    expect(response.text).toBe(ASSET_JS);
  });

  it('serves the content-named image encoder immutable, other models revalidated', async () => {
    mkdirSync(join(dist.distDir, 'models'), { recursive: true });
    writeFileSync(join(dist.distDir, 'models', 'image-encoder-0123456789ab.onnx'), 'onnx');
    writeFileSync(join(dist.distDir, 'models', 'reranker.onnx'), 'onnx');
    const encoder = await server.client.get('/models/image-encoder-0123456789ab.onnx');
    expect(encoder.status).toBe(200);
    expect(encoder.headers['cache-control']).toBe(IMMUTABLE);
    const reranker = await server.client.get('/models/reranker.onnx');
    expect(reranker.headers['cache-control']).toBe('no-cache');
  });

  // A results page gets index.html with its first answer in it (first-view.test.ts).
  it.each(['/', '/search', '/pin/1f600', '/some/deep/link'])(
    'answers a browser navigation to %s with index.html, revalidated',
    async (path) => {
      const response = await server.client.get(path, HTML);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.text).toBe(INDEX_HTML);
    },
  );

  it('serves other root files with revalidation', async () => {
    const response = await server.client.get('/favicon.svg');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it.each([
    ['a missing asset', '/assets/missing-123.js'],
    ['an unknown API route', '/api/v1/nothing'],
    ['a missing thumbnail', '/thumbs/missing-236.webp'],
  ])('answers %s with a JSON 404, never index.html', async (_name, path) => {
    const response = await server.client.get(path, HTML);
    expect(response.status).toBe(404);
    expect(ErrorResponseSchema.parse(response.json()).error.code).toBe('not_found');
  });

  it.each([
    // A "..", "." or empty segment, raw or percent-encoded, is refused before any lookup, even
    // where it would stay inside dist/: a guard on a more specific route cannot be sidestepped.
    ['/assets/../../../../etc/passwd', 403, 'bad_request'],
    ['/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd', 403, 'bad_request'],
    ['/%2e%2e/%2e%2e/etc/passwd', 403, 'bad_request'],
    ['/assets/../index.html', 403, 'bad_request'],
    ['/./favicon.svg', 403, 'bad_request'],
    ['//favicon.svg', 403, 'bad_request'],
    ['/assets//x-abc123.js', 403, 'bad_request'],
    ['/thumbs//x-236.webp', 403, 'bad_request'],
    // An encoded slash separates nothing: the whole segment is one file name, and it is missing.
    ['/assets/..%2F..%2F..%2F..%2Fetc%2Fpasswd', 404, 'not_found'],
    // /thumbs serves only WebP file names, so a traversal is not even looked up.
    ['/thumbs/..%2F..%2Fetc%2Fpasswd', 404, 'not_found'],
  ])('refuses the path traversal %s', async (path, status, code) => {
    const response = await server.client.get(path, HTML);
    expect(response.status).toBe(status);
    expect(ErrorResponseSchema.parse(response.json()).error.code).toBe(code);
  });

  it('answers an encoded traversal outside the non-SPA prefixes like any navigation', async () => {
    const response = await server.client.get('/..%2F..%2F..%2Fetc%2Fpasswd', HTML);
    expect(response.status).toBe(200);
    expect(response.text).toBe(INDEX_HTML);
  });

  it('does not fall back to index.html for non-HTML requests', async () => {
    const response = await server.client.get('/search', { accept: 'application/json' });
    expect(response.status).toBe(404);
    expect(ErrorResponseSchema.parse(response.json()).error.code).toBe('not_found');
  });
});

describe('thumbnails', () => {
  it('serves a pin’s thumbnails as immutable WebP', async () => {
    const search = SearchResponseSchema.parse(
      (await server.client.get('/api/v1/search?q=face&limit=1')).json(),
    );
    const pin = search.items[0];
    expect(pin).toBeDefined();
    for (const url of [pin?.imageUrl ?? '', pin?.imageUrl2x ?? '']) {
      expect(url).toMatch(/^\/thumbs\/[A-Za-z0-9]+-(236|472)\.webp$/);
      const response = await server.client.get(url);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('image/webp');
      expect(response.headers['cache-control']).toBe(IMMUTABLE);
      expect(response.body.subarray(8, 12).toString('latin1')).toBe('WEBP');
    }
  });
});

describe('compression', () => {
  it('brotli-compresses text assets for clients that accept it', async () => {
    const response = await server.client.get('/assets/x-abc123.js', {
      'accept-encoding': 'br, gzip',
    });
    expect(response.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(response.body).toString('utf8')).toBe(ASSET_JS);
  });

  it('gzips JSON for clients that only accept gzip', async () => {
    const response = await server.client.get('/api/v1/search?q=face', {
      'accept-encoding': 'gzip',
    });
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(
      SearchResponseSchema.safeParse(JSON.parse(gunzipSync(response.body).toString('utf8')))
        .success,
    ).toBe(true);
  });

  it('sends identity to clients that ask for nothing', async () => {
    const response = await server.client.get('/assets/x-abc123.js');
    expect(response.headers['content-encoding']).toBeUndefined();
  });
});

describe('API-only mode (no dist/)', () => {
  it('answers the root with a helpful message', async () => {
    const apiOnly = await startTestServer({ distDir: '/nonexistent/dist' });
    try {
      const response = await apiOnly.client.get('/', HTML);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(response.text).toContain('npm run build');
      expect((await apiOnly.client.get('/api/health')).status).toBe(200);
    } finally {
      await apiOnly.close();
    }
  });
});
