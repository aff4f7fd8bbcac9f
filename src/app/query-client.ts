import { onlineManager, QueryClient } from '@tanstack/react-query';
import { ApiError } from '@/lib/api-client/api-client';

/** Search results are deterministic for one index build; refetching them often buys nothing. */
export const STALE_TIME_MS = 5 * 60_000;
/** Long enough that Back from a closeup finds the results (and their scroll depth) still cached. */
export const GC_TIME_MS = 30 * 60_000;
export const MAX_RETRIES = 2;

/**
 * Retry what can succeed on a second try (network, offline, 5xx, 408, 429), never
 * a request the server rejected as wrong (other 4xx): it would fail the same way.
 * Nor a client-side timeout: the reader has already waited REQUEST_TIMEOUT_MS, and
 * two more silent waits would make that half a minute of skeleton; they get Retry.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= MAX_RETRIES) return false;
  if (error instanceof ApiError) {
    if (error.code === 'invalid_response' || error.code === 'timeout') return false;
    const clientError = error.status >= 400 && error.status < 500;
    return !clientError || error.status === 408 || error.status === 429;
  }
  return true;
}

export function createQueryClient(): QueryClient {
  // Offline from the start (a page opened or reloaded offline): held queries wait for the
  // 'online' event, as they do after an 'offline' one.
  if (typeof navigator !== 'undefined') onlineManager.setOnline(navigator.onLine);
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Offline, a request is still tried once: the service worker may hold a saved answer
        // (pwa/sw.ts). Only when that fails does it wait for the connection, as before.
        networkMode: 'offlineFirst',
        staleTime: STALE_TIME_MS,
        gcTime: GC_TIME_MS,
        retry: shouldRetry,
        refetchOnWindowFocus: false,
      },
    },
  });
}
