import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  ApiError,
  apiGet,
  buildApiUrl,
  errorMessage,
  INVALID_RESPONSE_MESSAGE,
  NETWORK_ERROR_MESSAGE,
} from './api-client';

const Schema = z.object({ n: z.number() });
const json = (body: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' }, ...init });

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('buildApiUrl', () => {
  it.each([
    ['/search', {}, '/api/v1/search'],
    ['/search', { q: 'red car' }, '/api/v1/search?q=red+car'],
    [
      '/search',
      { q: 'cat', refine: ['a', 'b&c'], cursor: null, limit: 30 },
      '/api/v1/search?q=cat&refine=a&refine=b%26c&limit=30',
    ],
    ['/search', { q: 'cat', refine: [], cursor: undefined }, '/api/v1/search?q=cat'],
    ['/pins/x/related', { cursor: '' }, '/api/v1/pins/x/related'],
  ])('%s %j → %s', (path, params, expected) => {
    expect(buildApiUrl(path, params)).toBe(expected);
  });
});

describe('apiGet', () => {
  it('validates and returns the body, passing the signal', async () => {
    const fetchImpl = vi.fn(async () => json({ n: 1, extra: true }));
    const controller = new AbortController();
    await expect(
      apiGet({
        path: '/x',
        params: { a: 'b' },
        schema: Schema,
        signal: controller.signal,
        fetchImpl,
      }),
    ).resolves.toEqual({ n: 1 });
    expect(fetchImpl).toHaveBeenCalledWith('/api/v1/x?a=b', {
      signal: controller.signal,
      headers: { accept: 'application/json' },
    });
  });

  it("surfaces the server's error message and code", async () => {
    const fetchImpl = async () =>
      json(
        { error: { code: 'bad_cursor', message: 'That cursor belongs to another query.' } },
        { status: 400 },
      );
    const error = await failure(apiGet({ path: '/x', schema: Schema, fetchImpl }));
    expect({ status: error.status, code: error.code, message: error.message }).toEqual({
      status: 400,
      code: 'bad_cursor',
      message: 'That cursor belongs to another query.',
    });
  });

  it('describes a non-JSON error by status', async () => {
    const fetchImpl = async () =>
      new Response('<html>', { status: 502, statusText: 'Bad Gateway' });
    const error = await failure(apiGet({ path: '/x', schema: Schema, fetchImpl }));
    expect([error.status, error.code, error.message]).toEqual([
      502,
      'http',
      'The server answered 502 Bad Gateway.',
    ]);
  });

  it('rejects a body that does not match the schema', async () => {
    const error = await failure(
      apiGet({ path: '/x', schema: Schema, fetchImpl: async () => json({ n: 'one' }) }),
    );
    expect([error.status, error.code, error.message]).toEqual([
      200,
      'invalid_response',
      INVALID_RESPONSE_MESSAGE,
    ]);
  });

  it('rejects an unparsable 200 body', async () => {
    const error = await failure(
      apiGet({ path: '/x', schema: Schema, fetchImpl: async () => new Response('nope') }),
    );
    expect(error.code).toBe('invalid_response');
  });

  it('turns a network failure into a friendly error', async () => {
    const fetchImpl = async (): Promise<Response> => {
      throw new TypeError('fetch failed');
    };
    const error = await failure(apiGet({ path: '/x', schema: Schema, fetchImpl }));
    expect([error.status, error.code, error.message]).toEqual([
      0,
      'network',
      NETWORK_ERROR_MESSAGE,
    ]);
  });

  it('lets an abort through unchanged', async () => {
    const abort = new DOMException('aborted', 'AbortError');
    const fetchImpl = async (): Promise<Response> => {
      throw abort;
    };
    await expect(apiGet({ path: '/x', schema: Schema, fetchImpl })).rejects.toBe(abort);
  });
});

describe('errorMessage', () => {
  it('uses ApiError messages and hides anything else', () => {
    expect(
      errorMessage(
        new ApiError({ status: 404, code: 'not_found', message: 'No pin with id "x".' }),
      ),
    ).toBe('No pin with id "x".');
    expect(errorMessage(new Error('TypeError: x is undefined'))).toBe(
      'Something went wrong. Please try again.',
    );
  });
});
