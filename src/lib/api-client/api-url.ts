/**
 * API addresses, built one way for everyone: the SPA's requests (api-client.ts) and the server's
 * first-view answer (src/server/http/first-view.ts), which must name the exact request the page
 * is about to make. Pure.
 */
import { API_PREFIX } from '@/contract/constants';

export type QueryValue = string | number | readonly string[] | null | undefined;

/** `/api/v1` + path + query string; arrays repeat the key, null/undefined/'' are left out. */
export function buildApiUrl(path: string, params: Record<string, QueryValue> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined) continue;
    const values = typeof value === 'string' || typeof value === 'number' ? [String(value)] : value;
    for (const v of values) if (v !== '') search.append(key, v);
  }
  const qs = search.toString();
  return `${API_PREFIX}${path}${qs ? `?${qs}` : ''}`;
}
