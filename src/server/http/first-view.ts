/**
 * The first answer of a results page, sent with the page (src/lib/api-client/first-view.ts says
 * why): for a browser navigation to /search?q=…, index.html gets the answer to the very request
 * the app makes first, `GET /api/v1/search?q=…&limit=…&hl=…`, in a
 * `<script type="application/json" data-url="…">` before `</body>`. The answer comes from the API route itself
 * (`app.inject`, with the reader's address, so the rate limit and the query log count it as they
 * would count the app's own request), so it is exactly what the app would have fetched.
 *
 * The page also hints the lazy chunks a results page needs before its first thumbnails
 * (`<link rel="modulepreload">`, listed by the build: scripts/lib/first-view-chunks.ts), so they
 * download while the app's script downloads and runs, not after; and the first row's thumbnails
 * (imagePreloads), for the same reason.
 *
 * The address is built with the SPA's own functions (the route parser, buildApiUrl) and the
 * parameters getSearchPage sends (src/features/search/api/get-search.ts), in its order; `hl` is
 * the browser's first Accept-Language, which is what navigator.language reports. When they ever
 * differ, the app ignores the answer and fetches as before (e2e/first-view.spec.ts notices).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DEFAULT_PAGE_SIZE, EXACT_ON, EXACT_PARAM, TYPE_PARAM } from '@/contract/constants';
import { buildApiUrl } from '@/lib/api-client/api-url';
import { FIRST_VIEW_ELEMENT_ID } from '@/lib/api-client/first-view';
import { parseRoute } from '@/lib/url-state/routes';

/** Written by the build next to index.html (scripts/lib/first-view-chunks.ts). */
export const FIRST_VIEW_CHUNKS_FILE = 'first-view-chunks.json';
/** Thumbnails hinted: a phone's first row (two columns), the start of a wide screen's. */
export const FIRST_ROW_IMAGES = 2;
/** What the list may name: a file of dist/assets/. */
const CHUNK_FILE = /^assets\/[\w.-]+\.js$/;

/** The language the browser puts first: `en-US` of `en-US,en;q=0.9`; null without the header. */
export function firstLanguage(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const first = value?.split(',')[0]?.split(';')[0]?.trim();
  return first && first !== '*' ? first : null;
}

/** The app's first request for a page address, or null when the page is not a results page. */
export function firstSearchRequest(
  pathAndQuery: string,
  acceptLanguage: string | string[] | undefined,
): string | null {
  const queryStart = pathAndQuery.indexOf('?');
  const pathname = queryStart === -1 ? pathAndQuery : pathAndQuery.slice(0, queryStart);
  const search = queryStart === -1 ? '' : pathAndQuery.slice(queryStart);
  const route = parseRoute(pathname, search);
  if (route.name !== 'search') return null;
  return buildApiUrl('/search', {
    q: route.q,
    refine: route.refine,
    cursor: null,
    limit: DEFAULT_PAGE_SIZE,
    [EXACT_PARAM]: route.exact ? EXACT_ON : null,
    hl: firstLanguage(acceptLanguage),
    [TYPE_PARAM]: route.type ?? null,
  });
}

/** JSON inside a script element: `<` escaped, so nothing in it can close the element. */
export function scriptSafeJson(json: string): string {
  return json.replace(/</g, '\\u003c');
}

const attribute = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The element: the answer's JSON as its text, the request's address in `data-url`. */
export function firstViewElement(url: string, answerJson: string): string {
  return `<script type="application/json" id="${FIRST_VIEW_ELEMENT_ID}" data-url="${attribute(url)}">${scriptSafeJson(answerJson)}</script>`;
}

/**
 * index.html with the first answer of a results page in it, or null (not a results page, or the
 * API did not answer 200: then the app asks itself, and shows what the API says).
 */
export async function htmlWithFirstView({
  app,
  request,
  indexHtmlPath,
}: {
  app: FastifyInstance;
  request: FastifyRequest;
  indexHtmlPath: string;
}): Promise<string | null> {
  if (request.method !== 'GET') return null;
  const url = firstSearchRequest(request.url, request.headers['accept-language']);
  if (!url) return null;
  const [html, chunks, answer] = await Promise.all([
    readFile(indexHtmlPath, 'utf8'),
    readFirstViewChunks(path.join(path.dirname(indexHtmlPath), FIRST_VIEW_CHUNKS_FILE)),
    app.inject({
      method: 'GET',
      url,
      headers: { accept: 'application/json' },
      remoteAddress: request.ip,
    }),
  ]);
  if (answer.statusCode !== 200 || !html.includes('</body>') || !html.includes('</head>'))
    return null;
  return html
    .replace('</head>', `${modulePreloads(chunks)}${imagePreloads(answer.payload)}</head>`)
    .replace('</body>', `${firstViewElement(url, answer.payload)}</body>`);
}

/** The build's list of a results page's lazy chunks (scripts/lib/first-view-chunks.ts); none if absent. */
async function readFirstViewChunks(file: string): Promise<string[]> {
  try {
    const list: unknown = JSON.parse(await readFile(file, 'utf8'));
    return Array.isArray(list)
      ? list.filter((f): f is string => typeof f === 'string' && CHUNK_FILE.test(f))
      : [];
  } catch {
    return [];
  }
}

/**
 * The first results' first thumbnails (FIRST_ROW_IMAGES), hinted at high priority: the largest
 * contentful paint is one of them, and they then download while the app's script does, instead
 * of after the grid is drawn. Same candidates as the card's `srcset` (1x / 2x), so the browser
 * picks the same file. A device whose history reorders the first page shows other pins first;
 * the hinted ones are still on the first pages.
 */
export function imagePreloads(answerJson: string): string {
  let items: unknown;
  try {
    items = (JSON.parse(answerJson) as { items?: unknown }).items;
  } catch {
    return '';
  }
  if (!Array.isArray(items)) return '';
  return items
    .slice(0, FIRST_ROW_IMAGES)
    .flatMap((item: { imageUrl?: unknown; imageUrl2x?: unknown }) =>
      typeof item?.imageUrl === 'string' && typeof item.imageUrl2x === 'string'
        ? [
            `<link rel="preload" as="image" fetchpriority="high" imagesrcset="${attribute(`${item.imageUrl} 1x, ${item.imageUrl2x} 2x`)}">`,
          ]
        : [],
    )
    .join('');
}

/** Hints for them, as Vite writes its own (module scripts are fetched in CORS mode). */
export function modulePreloads(files: readonly string[]): string {
  return files.map((file) => `<link rel="modulepreload" crossorigin href="/${file}">`).join('');
}
