/**
 * The SPA's URL scheme, parsed and serialized in one place. The URL is the
 * source of truth for what is on screen: every state is a shareable link.
 *   /                          home
 *   /search?q=cat&refine=red   results (refine repeats, in order)
 *   /search?q=buterfly&exact=1 results for the words as typed (no spelling correction)
 *   /search?q=chair&type=product  one pin type only (the All · Products · Videos tabs)
 *   /pin/<id>                  closeup
 */
import {
  EXACT_ON,
  EXACT_PARAM,
  isPinType,
  MAX_QUERY_LENGTH,
  MAX_REFINEMENTS,
  TYPE_PARAM,
  type PinType,
} from '@/contract/constants';

export type Route =
  | { name: 'home' }
  | {
      name: 'search';
      q: string;
      refine: string[];
      exact: boolean;
      /** A tab other than All: only pins of this type. Absent for All (and any unknown value). */
      type?: PinType;
    }
  | { name: 'pin'; id: string }
  | { name: 'not-found'; path: string };

export const SEARCH_PATH = '/search';
export const PIN_PATH_PREFIX = '/pin/';

function stripTrailingSlash(pathname: string): string {
  return pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
}

/** Query text as the API will see it: trimmed, whitespace runs collapsed, length-capped. */
export function normalizeQuery(text: string): string {
  return text.trim().replace(/\s+/g, ' ').slice(0, MAX_QUERY_LENGTH);
}

export function parseRoute(pathname: string, search: string): Route {
  const path = stripTrailingSlash(pathname);
  if (path === '/' || path === '') return { name: 'home' };

  if (path === SEARCH_PATH) {
    const params = new URLSearchParams(search);
    const q = normalizeQuery(params.get('q') ?? '');
    // A search without words has nothing to show: treat it as home.
    if (q === '') return { name: 'home' };
    const refine = params
      .getAll('refine')
      .map(normalizeQuery)
      .filter((r) => r !== '')
      .slice(0, MAX_REFINEMENTS);
    const type = params.get(TYPE_PARAM);
    return {
      name: 'search',
      q,
      refine,
      exact: params.get(EXACT_PARAM) === EXACT_ON,
      ...(isPinType(type) ? { type } : {}),
    };
  }

  if (path.startsWith(PIN_PATH_PREFIX)) {
    const raw = path.slice(PIN_PATH_PREFIX.length);
    if (raw === '' || raw.includes('/')) return { name: 'not-found', path };
    try {
      return { name: 'pin', id: decodeURIComponent(raw) };
    } catch {
      return { name: 'not-found', path };
    }
  }

  return { name: 'not-found', path };
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case 'home':
      return '/';
    case 'search': {
      const params = new URLSearchParams();
      params.set('q', route.q);
      for (const r of route.refine) params.append('refine', r);
      if (route.exact) params.set(EXACT_PARAM, EXACT_ON);
      if (route.type) params.set(TYPE_PARAM, route.type);
      return `${SEARCH_PATH}?${params.toString()}`;
    }
    case 'pin':
      return `${PIN_PATH_PREFIX}${encodeURIComponent(route.id)}`;
    case 'not-found':
      return route.path;
  }
}

/** Shorthands for the links features draw most. */
export const searchHref = (
  q: string,
  refine: readonly string[] = [],
  { exact = false, type }: { exact?: boolean; type?: PinType | undefined } = {},
): string =>
  routeHref({ name: 'search', q, refine: [...refine], exact, ...(type ? { type } : {}) });
export const pinHref = (id: string): string => routeHref({ name: 'pin', id });
