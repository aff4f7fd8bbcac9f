/**
 * The build step (scripts/lib/precompress.ts) writes `.br` and `.gz` copies beside dist/'s
 * compressible files, and the server sends them as they are, by Accept-Encoding, with the same
 * caching and security headers as the file itself.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY_HEADER } from '@/server/http/security-headers';
import {
  precompressDir,
  shouldPrecompress,
  type PrecompressedFile,
} from '../../scripts/lib/precompress';
import { ASSET_JS, createTempDist, INDEX_HTML } from './support/temp-dist';
import { startTestServer, type TestServer } from './support/test-server';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
/** A stand-in WebAssembly binary: a real header, then compressible code-like bytes. */
const WASM = Buffer.concat([
  Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]),
  Buffer.from('\x20\x00\x41\x01\x6a\x21\x00'.repeat(4000), 'latin1'),
]);
/** Weights with few distinct values, as a small trained model's often are: they compress. */
const MODEL = Buffer.from(
  new Float32Array(2048).map((_, i) => Math.round(Math.sin(i) * 8) / 64).buffer,
);
/** Random bytes do not compress: no copies are written for them. */
const NOISE = randomBytes(8192);

let server: TestServer;
let dist: ReturnType<typeof createTempDist>;
let written: PrecompressedFile[];

beforeAll(async () => {
  dist = createTempDist();
  writeFileSync(join(dist.distDir, 'assets', 'ort-wasm-abc123.wasm'), WASM);
  writeFileSync(join(dist.distDir, 'assets', 'noise-abc123.js'), NOISE);
  writeFileSync(join(dist.distDir, 'assets', 'x-abc123.js.map'), ASSET_JS);
  mkdirSync(join(dist.distDir, 'models'));
  writeFileSync(join(dist.distDir, 'models', 'reranker.onnx'), MODEL);
  written = await precompressDir(dist.distDir, { cacheDir: null });
  server = await startTestServer({ distDir: dist.distDir });
});
afterAll(async () => {
  await server.close();
  dist.remove();
});

describe('precompressDir', () => {
  it('writes brotli and gzip copies of compressible files, and only of those', () => {
    const files = written.map((f) => [f.file, f.br !== undefined, f.gz !== undefined]);
    expect(files).toEqual([
      ['assets/noise-abc123.js', false, false],
      ['assets/ort-wasm-abc123.wasm', true, true],
      ['assets/x-abc123.js', true, true],
      ['models/reranker.onnx', true, true],
    ]);
    // Too small (favicon, index.html), source maps: not even considered.
    expect(existsSync(join(dist.distDir, 'index.html.br'))).toBe(false);
    expect(existsSync(join(dist.distDir, 'assets', 'x-abc123.js.map.br'))).toBe(false);
    const wasm = written.find((f) => f.file.endsWith('.wasm'))!;
    expect(wasm.br!).toBeLessThan(wasm.gz!);
    expect(wasm.gz!).toBeLessThan(WASM.length / 10);
  });

  it.each([
    ['assets/a.wasm', 1024, true],
    ['assets/a.wasm', 1023, false],
    ['assets/a.JS', 5000, true],
    ['assets/a.js.map', 5000, false],
    ['thumbs/a.webp', 5000, false],
    ['models/reranker.onnx', 5000, true],
  ] as const)('shouldPrecompress(%s, %d) = %s', (file, bytes, expected) => {
    expect(shouldPrecompress(file, bytes)).toBe(expected);
  });
});

describe('serving precompressed files', () => {
  const WASM_URL = '/assets/ort-wasm-abc123.wasm';
  const brFile = () => readFileSync(join(dist.distDir, 'assets', 'ort-wasm-abc123.wasm.br'));

  it('sends the brotli copy to a browser, as is, with its length, immutable', async () => {
    const response = await server.client.get(WASM_URL, {
      'accept-encoding': 'gzip, deflate, br, zstd',
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toBe('application/wasm');
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.headers['cache-control']).toBe(IMMUTABLE);
    // The bytes written at build time, not a fresh on-the-fly compression (which would be chunked).
    expect(response.headers['content-length']).toBe(String(brFile().length));
    expect(response.body.equals(brFile())).toBe(true);
    expect(brotliDecompressSync(response.body).equals(WASM)).toBe(true);
  });

  it('sends the gzip copy to a client that only takes gzip', async () => {
    const response = await server.client.get(WASM_URL, { 'accept-encoding': 'gzip' });
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(gunzipSync(response.body).equals(WASM)).toBe(true);
  });

  it('sends the file itself to a client that takes no encoding', async () => {
    const response = await server.client.get(WASM_URL);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.body.equals(WASM)).toBe(true);
  });

  it('keeps CSP and cross-origin isolation on precompressed answers', async () => {
    const response = await server.client.get(WASM_URL, { 'accept-encoding': 'br' });
    expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY_HEADER);
    expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(response.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(response.headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('revalidates the model (stable name) per encoding: a 304 for the copy already held', async () => {
    const first = await server.client.get('/models/reranker.onnx', { 'accept-encoding': 'br' });
    expect(first.headers['content-encoding']).toBe('br');
    expect(first.headers['cache-control']).toBe('no-cache');
    const etag = first.headers.etag;
    expect(etag).toBeDefined();
    expect(brotliDecompressSync(first.body).equals(MODEL)).toBe(true);
    const again = await server.client.get('/models/reranker.onnx', {
      'accept-encoding': 'br',
      'if-none-match': etag!,
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    // The gzip copy is another representation, with another tag.
    const gz = await server.client.get('/models/reranker.onnx', { 'accept-encoding': 'gzip' });
    expect(gz.headers.etag).not.toBe(etag);
  });

  it('still compresses on the fly what has no copy, and serves the SPA as before', async () => {
    const js = await server.client.get('/assets/x-abc123.js', { 'accept-encoding': 'br' });
    expect(brotliDecompressSync(js.body).toString('utf8')).toBe(ASSET_JS);
    // (A results page also carries its first answer: test/api/first-view.test.ts.)
    const page = await server.client.get('/pin/1f600', { ...HTML, 'accept-encoding': 'br' });
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    const html =
      page.headers['content-encoding'] === 'br'
        ? brotliDecompressSync(page.body).toString('utf8')
        : page.text;
    expect(html).toBe(INDEX_HTML);
  });
});
