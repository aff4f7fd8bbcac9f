/**
 * Security headers on every kind of response the server gives: the SPA (index.html at /, by
 * SPA fallback and by name), hashed assets, thumbnails, the model file, every API route's 200,
 * its 4xx (400, bad cursor, 404, 414, 429), static-file refusals, and the answers Node's parser
 * forces us to write on the raw socket (400, 431, 408). Each kind's status is checked too, so a
 * row cannot quietly test a different kind than it names.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchResponseSchema } from '@/contract/api';
import { CONTENT_SECURITY_POLICY_HEADER } from '@/server/http/security-headers';
import { rawRequest, type WireResponse } from './support/http-client';
import { createTempDist } from './support/temp-dist';
import { startTestServer, type TestServer } from './support/test-server';

const EXPECTED_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join(';');

const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const MODEL_PATH = '/models/reranker.onnx';
/** Short, so the slow-request row takes a moment (timeouts.test.ts covers the deadline itself). */
const HEADERS_TIMEOUT_MS = 300;

let server: TestServer;
/** Rate limit of one request, API only (no dist/), short header deadline. */
let limited: TestServer;
let dist: ReturnType<typeof createTempDist>;
let thumbnail: string;
let pinId: string;

beforeAll(async () => {
  dist = createTempDist();
  mkdirSync(join(dist.distDir, 'models'));
  writeFileSync(join(dist.distDir, MODEL_PATH), Buffer.from([8, 1, 18, 4, 0x6f, 0x6e, 0x6e, 0x78]));
  server = await startTestServer({ distDir: dist.distDir });
  limited = await startTestServer({
    rateLimit: { max: 1, timeWindowMs: 60_000 },
    timeouts: { headersMs: HEADERS_TIMEOUT_MS, checkIntervalMs: 50 },
  });
  const search = SearchResponseSchema.parse(
    (await server.client.get('/api/v1/search?q=face&limit=1')).json(),
  );
  thumbnail = search.items[0]!.imageUrl;
  pinId = search.items[0]!.id;
});
afterAll(async () => {
  await server.close();
  await limited.close();
  dist.remove();
});

interface Kind {
  name: string;
  status: number;
  /** Answered on the raw socket by error-handling.ts: no request id exists there. */
  raw?: boolean;
  fetch(): Promise<WireResponse>;
}

const get =
  (path: string, headers: Record<string, string> = HTML) =>
  () =>
    server.client.get(path, headers);

const KINDS: Kind[] = [
  { name: 'index.html at /', status: 200, fetch: get('/') },
  { name: 'index.html by SPA fallback', status: 200, fetch: get('/search?q=cat') },
  { name: 'index.html by name', status: 200, fetch: get('/index.html') },
  { name: 'a hashed asset', status: 200, fetch: get('/assets/x-abc123.js') },
  { name: 'the favicon', status: 200, fetch: get('/favicon.svg') },
  { name: 'the model file', status: 200, fetch: get(MODEL_PATH) },
  { name: 'a thumbnail', status: 200, fetch: () => server.client.get(thumbnail, HTML) },
  { name: 'search 200', status: 200, fetch: get('/api/v1/search?q=face') },
  { name: 'suggest 200', status: 200, fetch: get('/api/v1/suggest?q=fa') },
  { name: 'pin 200', status: 200, fetch: () => server.client.get(`/api/v1/pins/${pinId}`) },
  {
    name: 'related 200',
    status: 200,
    fetch: () => server.client.get(`/api/v1/pins/${pinId}/related`),
  },
  { name: 'health 200', status: 200, fetch: get('/api/health') },
  { name: 'OpenAPI 200', status: 200, fetch: get('/api/v1/openapi.json') },
  { name: 'API 400', status: 400, fetch: get('/api/v1/search?q=') },
  { name: 'API 400 bad cursor', status: 400, fetch: get('/api/v1/search?q=face&cursor=abc') },
  { name: 'API 404 route', status: 404, fetch: get('/api/nope') },
  { name: 'API 404 pin', status: 404, fetch: get('/api/v1/pins/no-such-pin') },
  { name: 'missing asset 404', status: 404, fetch: get('/assets/missing-1.js') },
  { name: 'URL too long 414', status: 414, fetch: get(`/api/v1/search?q=${'a'.repeat(9_000)}`) },
  { name: 'bad path encoding 400', status: 400, fetch: get('/api/v1/pins/%ZZ') },
  {
    // API-only: with the SPA built, the static wildcard takes the long path and answers 404.
    name: 'path segment too long 414',
    status: 414,
    fetch: () => limited.client.get(`/api/v1/pins/${'a'.repeat(300)}`),
  },
  { name: 'static traversal 403', status: 403, fetch: get('/assets/%2e%2e/%2e%2e/etc/passwd') },
  {
    name: 'headers too large 431 (raw)',
    status: 431,
    raw: true,
    fetch: get(`/api/v1/search?q=${'a'.repeat(100_000)}`),
  },
  {
    name: 'malformed request 400 (raw)',
    status: 400,
    raw: true,
    fetch: () =>
      rawRequest({ port: server.port, requestLine: 'GET /api/v1/search?q=a\x01 HTTP/1.1' }),
  },
  {
    name: 'slow request 408 (raw)',
    status: 408,
    raw: true,
    fetch: () =>
      rawRequest({ port: limited.port, requestLine: 'GET /api/health HTTP/1.1', complete: false }),
  },
  { name: 'API-only root', status: 200, fetch: () => limited.client.get('/') },
];

describe('security headers', () => {
  it('serializes the policy the way it is sent', () => {
    expect(CONTENT_SECURITY_POLICY_HEADER).toBe(EXPECTED_CSP);
  });

  it.each(KINDS)('are on $name', async ({ status, raw, fetch }) => {
    const response = await fetch();
    expect(response.status).toBe(status);
    expect(response.headers['content-security-policy']).toBe(EXPECTED_CSP);
    expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(response.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(response.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['strict-transport-security']).toBeUndefined();
    if (raw) expect(response.headers['x-request-id']).toBeUndefined();
    else expect(response.headers['x-request-id']).toMatch(/^req-/);
  });

  it('are on a 429 with Retry-After', async () => {
    // A rate-limited route: health and readiness never are (a load balancer must not read a 429
    // as a dead node).
    expect((await limited.client.get('/api/v1/openapi.json')).status).toBe(200);
    const response = await limited.client.get('/api/v1/openapi.json');
    expect(response.status).toBe(429);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(response.headers['content-security-policy']).toBe(EXPECTED_CSP);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(response.headers['x-frame-options']).toBe('DENY');
  });

  it('never allows inline script or eval', () => {
    expect(EXPECTED_CSP).not.toContain('unsafe-inline');
    expect(EXPECTED_CSP).not.toMatch(/'unsafe-eval'/);
  });
});
