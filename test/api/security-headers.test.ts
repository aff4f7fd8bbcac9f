import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('security headers', () => {
  it.each([
    ['the SPA', '/search?q=cat'],
    ['an asset', '/assets/x-abc123.js'],
    ['an API response', '/api/v1/search?q=face'],
    ['an API error', '/api/v1/search?q='],
    ['a 404', '/api/nope'],
  ])('are on %s', async (_name, path) => {
    const response = await server.client.get(path, { accept: 'text/html' });
    expect(response.headers['content-security-policy']).toBe(EXPECTED_CSP);
    expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(response.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(response.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['strict-transport-security']).toBeUndefined();
    expect(response.headers['x-request-id']).toMatch(/^req-/);
  });

  it('never allows inline script or eval', () => {
    expect(EXPECTED_CSP).not.toContain('unsafe-inline');
    expect(EXPECTED_CSP).not.toMatch(/'unsafe-eval'/);
  });
});
