/**
 * Corpus content reaches browsers only in safe forms: images as rasterized WebP (SVG from the
 * corpus is never served as markup, where it could carry script), text never as HTML (a lint
 * rule forbids every way of rendering a string as markup in src/).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorResponseSchema, SearchResponseSchema } from '@/contract/api';
import { openEngine } from '@/server/engine/open-engine';
import type { SearchEngine } from '@/server/engine/types';
import { createServer } from '@/server/http/create-server';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { createClient, type HttpClient } from './support/http-client';
import { createTempDist } from './support/temp-dist';
import { startTestServer, type TestServer } from './support/test-server';

/** Broad queries whose first pages together cover a couple of hundred pins of the test index. */
const QUERIES = ['face', 'animal', 'food', 'flag'];
const PAGE = 50;
const THUMBNAIL_URL = /^\/thumbs\/[^/]+\.webp$/;
const SVG = /svg/i;
const WEBP_MAGIC = { riff: 'RIFF', webp: 'WEBP' };

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

function isWebp(body: Buffer): boolean {
  return (
    body.subarray(0, 4).toString('latin1') === WEBP_MAGIC.riff &&
    body.subarray(8, 12).toString('latin1') === WEBP_MAGIC.webp
  );
}

describe('corpus images', () => {
  it('are only ever WebP thumbnails, never SVG', async () => {
    const urls = new Set<string>();
    for (const q of QUERIES) {
      const page = SearchResponseSchema.parse(
        (await server.client.get(`/api/v1/search?q=${q}&limit=${PAGE}`)).json(),
      );
      for (const pin of page.items) {
        urls.add(pin.imageUrl);
        urls.add(pin.imageUrl2x);
      }
    }
    expect(urls.size).toBeGreaterThan(300);
    const wrong: string[] = [];
    for (const url of urls) {
      const response = await server.client.get(url, { accept: 'image/svg+xml,image/*,*/*' });
      const type = response.headers['content-type'] ?? '';
      if (
        !THUMBNAIL_URL.test(url) ||
        response.status !== 200 ||
        type !== 'image/webp' ||
        !isWebp(response.body)
      ) {
        wrong.push(`${url}: ${response.status} ${type}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each([
    '/1F600.svg',
    '/thumbs/1F600.svg',
    '/openmoji/svg/1F600.svg',
    '/data/thumbs/x.svg',
    '/thumbs/1F600.svg?format=svg',
    '/thumbs/1f600.SVG',
    '/thumbs/..%2F..%2Fnode_modules%2Fopenmoji%2Fcolor%2Fsvg%2F1F600.svg',
    '/assets/..%2F..%2Fnode_modules%2Fopenmoji%2Fcolor%2Fsvg%2F1F600.svg',
  ])('are not reachable as SVG at %s', async (path) => {
    for (const accept of ['image/svg+xml', 'text/html', '*/*']) {
      const response = await server.client.get(path, { accept });
      expect(response.status).toBeLessThan(500);
      expect(response.headers['content-type'] ?? '').not.toMatch(SVG);
      expect(response.text).not.toContain('<svg');
    }
  });
});

describe('the thumbnails route', () => {
  let app: FastifyInstance;
  let engine: SearchEngine;
  let client: HttpClient;
  let thumbs: string;

  beforeAll(async () => {
    // A thumbs folder holding more than WebP, as a careless ingest might leave it.
    thumbs = mkdtempSync(join(tmpdir(), 'inspo-thumbs-'));
    writeFileSync(join(thumbs, 'a1-236.webp'), Buffer.from('RIFF\0\0\0\0WEBPVP8 '));
    writeFileSync(
      join(thumbs, 'a1-236.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    );
    writeFileSync(join(thumbs, 'a1-236.html'), '<script>alert(1)</script>');
    writeFileSync(join(thumbs, 'a1-236.webp.svg'), '<svg/>');
    writeFileSync(join(thumbs, '.hidden.webp'), 'x');
    mkdirSync(join(thumbs, 'sub'));
    writeFileSync(join(thumbs, 'sub', 'b.webp'), Buffer.from('RIFF\0\0\0\0WEBPVP8 '));
    engine = openEngine({ dataDir: await ensureTestIndex() });
    app = createServer({ engine, distDir: null, thumbsDir: thumbs, rateLimit: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no port');
    client = createClient({ port: address.port });
  });
  afterAll(async () => {
    client.close();
    await app.close();
    engine.close();
    rmSync(thumbs, { recursive: true, force: true });
  });

  it('serves a WebP directly in the folder', async () => {
    const response = await client.get('/thumbs/a1-236.webp');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('image/webp');
  });

  it.each([
    '/thumbs/a1-236.svg',
    '/thumbs/a1-236.html',
    '/thumbs/a1-236.webp.svg',
    '/thumbs/.hidden.webp',
    '/thumbs/sub/b.webp',
    '/thumbs/sub%2Fb.webp',
    '/thumbs/./a1-236.svg',
    '/thumbs/a1-236.svg%00.webp',
  ])('answers anything else, like %s, with a JSON 4xx', async (path) => {
    const response = await client.get(path, { accept: 'image/svg+xml,text/html,*/*' });
    // 403: @fastify/static refuses non-canonical paths like "/./" before any lookup.
    expect([400, 403, 404]).toContain(response.status);
    expect(ErrorResponseSchema.safeParse(response.json()).success).toBe(true);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  });
});

describe('corpus text', () => {
  const eslint = new ESLint({ cwd: process.cwd() });

  it.each([
    [
      'dangerouslySetInnerHTML in JSX',
      'export const A = ({ t }: { t: string }) => <div dangerouslySetInnerHTML={{ __html: t }} />;',
    ],
    [
      'dangerouslySetInnerHTML in props',
      'export const p = (t: string) => ({ dangerouslySetInnerHTML: { __html: t } });',
    ],
    [
      'an innerHTML assignment',
      'export function f(e: HTMLElement, t: string) { e.innerHTML = t; }',
    ],
    [
      'an outerHTML assignment',
      "export function f(e: HTMLElement, t: string) { e['outerHTML'] = t; }",
    ],
    [
      'insertAdjacentHTML',
      "export function f(e: HTMLElement, t: string) { e.insertAdjacentHTML('beforeend', t); }",
    ],
    ['document.write', 'export function f(t: string) { document.write(t); }'],
  ])('may not be rendered as HTML: lint refuses %s in src/', async (_name, code) => {
    const [result] = await eslint.lintText(code, { filePath: 'src/features/probe/probe.tsx' });
    expect(result?.messages.map((m) => m.ruleId)).toEqual(['no-restricted-syntax']);
  });

  it('may be read and shown as text', async () => {
    const code =
      'export function f(e: HTMLElement, t: string) { e.textContent = t; return e.innerHTML.length; }';
    const [result] = await eslint.lintText(code, { filePath: 'src/features/probe/probe.tsx' });
    expect(result?.messages).toEqual([]);
  });
});
