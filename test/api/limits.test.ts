import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorResponseSchema } from '@/contract/api';
import { rawRequest } from './support/http-client';
import { startTestServer, type TestServer } from './support/test-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

function expectError(response: { status: number; json(): unknown }, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(ErrorResponseSchema.parse(response.json()).error.code).toBe(code);
}

describe('oversized input', () => {
  it('answers a URL over 8 KiB with 414', async () => {
    expectError(
      await server.client.get(`/api/v1/search?q=${'a'.repeat(9_000)}`),
      414,
      'payload_too_large',
    );
  });

  it('answers a URL over the header limit with 431 and keeps serving', async () => {
    expectError(
      await server.client.get(`/api/v1/search?q=${'a'.repeat(100_000)}`),
      431,
      'payload_too_large',
    );
    expect((await server.client.get('/api/v1/search?q=face')).status).toBe(200);
  });

  it('answers an over-long path segment with 414', async () => {
    expectError(
      await server.client.get(`/api/v1/pins/${'a'.repeat(300)}`),
      414,
      'payload_too_large',
    );
  });
});

describe('malformed requests', () => {
  it.each([
    ['a control character', 'GET /api/v1/search?q=a\x01b HTTP/1.1'],
    ['a raw space', 'GET /api/v1/search?q=a b HTTP/1.1'],
    ['a raw tab', 'GET /api/v1/search?q=\t HTTP/1.1'],
    ['a raw non-ASCII byte', 'GET /api/v1/search?q=caf\xe9 HTTP/1.1'],
    ['a raw NUL', 'GET /api/v1/search?q=\x00 HTTP/1.1'],
    ['garbage', 'HELLO'],
  ])('answers %s in the request line with a JSON 400', async (_name, requestLine) => {
    expectError(await rawRequest({ port: server.port, requestLine }), 400, 'bad_request');
  });

  it.each(['/%', '/api/v1/pins/%ZZ', '/api/v1/pins/%E0%A4%A/related'])(
    'answers invalid percent-encoding in the path %s with a JSON 400',
    async (path) => {
      expectError(await server.client.get(path), 400, 'bad_request');
    },
  );

  it('searches for a NUL sent percent-encoded without failing', async () => {
    expect((await server.client.get('/api/v1/search?q=%00')).status).toBe(200);
  });
});
