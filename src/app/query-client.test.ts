import { describe, expect, it } from 'vitest';
import { ApiError, type ApiErrorCode } from '@/lib/api-client/api-client';
import { createQueryClient, GC_TIME_MS, shouldRetry, STALE_TIME_MS } from './query-client';

const apiError = (status: number, code: ApiErrorCode = 'http') =>
  new ApiError({ status, code, message: 'x' });

describe('shouldRetry', () => {
  it.each([
    ['network failure', apiError(0, 'network'), true],
    ['offline', apiError(0, 'offline'), true],
    ['client-side timeout', apiError(0, 'timeout'), false],
    ['500', apiError(500, 'internal'), true],
    ['503', apiError(503), true],
    ['429', apiError(429, 'rate_limited'), true],
    ['408', apiError(408), true],
    ['400', apiError(400, 'bad_request'), false],
    ['400 bad cursor', apiError(400, 'bad_cursor'), false],
    ['404', apiError(404, 'not_found'), false],
    ['invalid body', apiError(200, 'invalid_response'), false],
    ['unknown error', new Error('boom'), true],
  ])('%s → %s on the first failure', (_name, error, expected) => {
    expect(shouldRetry(0, error)).toBe(expected);
  });

  it('gives up after two retries', () => {
    expect(shouldRetry(1, apiError(500))).toBe(true);
    expect(shouldRetry(2, apiError(500))).toBe(false);
  });
});

describe('createQueryClient', () => {
  it('applies the defaults', () => {
    const defaults = createQueryClient().getDefaultOptions().queries!;
    expect(defaults.staleTime).toBe(STALE_TIME_MS);
    expect(defaults.gcTime).toBe(GC_TIME_MS);
    expect(defaults.retry).toBe(shouldRetry);
    expect(defaults.refetchOnWindowFocus).toBe(false);
    // Offline, a request is still tried once, for the service worker's saved answers.
    expect(defaults.networkMode).toBe('offlineFirst');
  });
});
