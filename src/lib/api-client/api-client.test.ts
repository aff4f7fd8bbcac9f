import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  ApiError,
  apiGet,
  errorMessage,
  INVALID_RESPONSE_MESSAGE,
  NETWORK_ERROR_MESSAGE,
  OFFLINE_ERROR_MESSAGE,
  REQUEST_TIMEOUT_MS,
  TIMEOUT_ERROR_MESSAGE,
} from './api-client';
import { buildApiUrl } from './api-url';

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

/** A fetch that never answers, like a hung backend: it settles only when its signal aborts. */
const hangingFetch = (_url: RequestInfo | URL, init?: RequestInit): Promise<Response> =>
  new Promise((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
  });

/** Headers arrive at once, then the body stalls until the signal aborts (as fetch's body does). */
const stallingBodyFetch = async (_url: RequestInfo | URL, init?: RequestInit) =>
  new Response(
    new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"n":'));
        init?.signal?.addEventListener('abort', () => controller.error(init.signal?.reason));
      },
    }),
  );

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('apiGet', () => {
  it('validates and returns the body, passing a signal that follows the caller’s', async () => {
    const fetchImpl = vi.fn(async (_url: string, _init: RequestInit) =>
      json({ n: 1, extra: true }),
    );
    const controller = new AbortController();
    await expect(
      apiGet({
        path: '/x',
        params: { a: 'b' },
        schema: Schema,
        signal: controller.signal,
        fetchImpl: fetchImpl as unknown as typeof fetch,
      }),
    ).resolves.toEqual({ n: 1 });
    expect(fetchImpl).toHaveBeenCalledWith('/api/v1/x?a=b', {
      signal: expect.any(AbortSignal),
      headers: { accept: 'application/json' },
    });
    const passed = fetchImpl.mock.calls[0]![1].signal!;
    expect(passed.aborted).toBe(false);
    controller.abort();
    // Done requests no longer listen to the caller (nothing leaks per request)...
    expect(passed.aborted).toBe(false);
  });

  it('aborts the request when the caller aborts, and lets the AbortError through', async () => {
    const controller = new AbortController();
    const pending = apiGet({
      path: '/x',
      schema: Schema,
      signal: controller.signal,
      fetchImpl: hangingFetch,
    });
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('gives up on a backend that does not answer within the deadline', async () => {
    vi.useFakeTimers();
    const pending = failure(apiGet({ path: '/x', schema: Schema, fetchImpl: hangingFetch }));
    await vi.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS - 1);
    let settled = false;
    void pending.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await pending;
    expect([error.status, error.code, error.message]).toEqual([
      0,
      'timeout',
      TIMEOUT_ERROR_MESSAGE,
    ]);
  });

  it('counts the body in the deadline', async () => {
    const error = await failure(
      apiGet({ path: '/x', schema: Schema, timeoutMs: 20, fetchImpl: stallingBodyFetch }),
    );
    expect([error.code, error.message]).toEqual(['timeout', TIMEOUT_ERROR_MESSAGE]);
  });

  it('clears its deadline once the answer is in', async () => {
    vi.useFakeTimers();
    await apiGet({ path: '/x', schema: Schema, fetchImpl: async () => json({ n: 1 }) });
    expect(vi.getTimerCount()).toBe(0);
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

  it('says the browser is offline when it is, instead of blaming the server', async () => {
    vi.stubGlobal('navigator', { onLine: false });
    const fetchImpl = async (): Promise<Response> => {
      throw new TypeError('Failed to fetch');
    };
    const error = await failure(apiGet({ path: '/x', schema: Schema, fetchImpl }));
    expect([error.status, error.code, error.message]).toEqual([
      0,
      'offline',
      OFFLINE_ERROR_MESSAGE,
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
