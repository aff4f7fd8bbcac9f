import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorResponseSchema } from '@/contract/api';
import { createTempDist } from './support/temp-dist';
import { startTestServer, type TestServer } from './support/test-server';

const MAX_REQUESTS = 3;
const WINDOW_MS = 60_000;

let server: TestServer;
let dist: ReturnType<typeof createTempDist>;

beforeAll(async () => {
  dist = createTempDist();
  server = await startTestServer({
    distDir: dist.distDir,
    rateLimit: { max: MAX_REQUESTS, timeWindowMs: WINDOW_MS },
  });
});
afterAll(async () => {
  await server.close();
  dist.remove();
});

describe('rate limit', () => {
  it('answers 429 rate_limited with Retry-After once a client exceeds the API limit', async () => {
    for (let i = 0; i < MAX_REQUESTS; i += 1) {
      const response = await server.client.get('/api/v1/search?q=face');
      expect(response.status).toBe(200);
      expect(response.headers['x-ratelimit-remaining']).toBe(String(MAX_REQUESTS - i - 1));
    }
    const limited = await server.client.get('/api/v1/search?q=face');
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_MS / 1000);
    const { error } = ErrorResponseSchema.parse(limited.json());
    expect(error.code).toBe('rate_limited');
    // The message says the same wait as the header (the window's remainder, so not always 60 s).
    expect(error.message).toBe(`Too many requests; retry in ${retryAfter} seconds.`);

    // Other API routes share the budget; static files do not count against it.
    expect((await server.client.get('/api/v1/pins/x')).status).toBe(429);
    expect((await server.client.get('/assets/x-abc123.js')).status).toBe(200);
    expect((await server.client.get('/', { accept: 'text/html' })).status).toBe(200);
  });

  it('never limits liveness or readiness: a load balancer must not read 429 as a dead node', async () => {
    // The budget is spent by the test above (and these requests would spend it again).
    expect((await server.client.get('/api/v1/search?q=face')).status).toBe(429);
    for (let i = 0; i < 5 * MAX_REQUESTS; i += 1) {
      const health = await server.client.get('/api/health');
      expect(health.status).toBe(200);
      expect(health.headers['x-ratelimit-limit']).toBeUndefined();
      const ready = await server.client.get('/api/ready');
      expect(ready.status).toBe(200);
      expect(ready.headers['x-ratelimit-limit']).toBeUndefined();
    }
    // And they do not count: the API is still limited, not more so.
    expect((await server.client.get('/api/v1/search?q=face')).status).toBe(429);
  });
});
