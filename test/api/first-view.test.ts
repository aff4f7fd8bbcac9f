/**
 * A results page comes with its first answer (src/server/http/first-view.ts): the HTML for
 * /search?q=… holds, as JSON data, exactly what GET /api/v1/search answers to the request the app
 * is about to make, under the address the app builds for it; nothing in it can break out of its
 * element, and any other page is plain index.html.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchResponseSchema } from '@/contract/api';
import { buildApiUrl } from '@/lib/api-client/api-url';
import { FIRST_VIEW_ELEMENT_ID } from '@/lib/api-client/first-view';
import {
  FIRST_ROW_IMAGES,
  FIRST_VIEW_CHUNKS_FILE,
  firstLanguage,
  firstSearchRequest,
  firstViewElement,
  scriptSafeJson,
} from '@/server/http/first-view';
import { createTempDist, INDEX_HTML } from './support/temp-dist';
import { startTestServer, type TestServer } from './support/test-server';

const HTML = {
  accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
  'accept-language': 'en-US,en;q=0.9',
};

let server: TestServer;
let dist: ReturnType<typeof createTempDist>;

beforeAll(async () => {
  dist = createTempDist();
  // The build's list of a results page's lazy chunks (one that is not a file of assets/ is ignored).
  writeFileSync(
    join(dist.distDir, FIRST_VIEW_CHUNKS_FILE),
    JSON.stringify(['assets/x-abc123.js', '../secret.js', 'assets/y.css']),
  );
  server = await startTestServer({ distDir: dist.distDir });
});
afterAll(async () => {
  await server.close();
  dist.remove();
});

interface Embedded {
  url: string;
  body: unknown;
}

/** The element's address and answer, read the way a browser would (entities decoded). */
function embedded(html: string): Embedded | null {
  const match = new RegExp(
    `<script type="application/json" id="${FIRST_VIEW_ELEMENT_ID}" data-url="([^"]*)">(.*?)</script>`,
    's',
  ).exec(html);
  if (!match) return null;
  const url = match[1]!
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&');
  return { url, body: JSON.parse(match[2]!) };
}

describe('the address of the app’s first request', () => {
  it('is what the app builds: q, refine, limit, exact, hl, in its order', () => {
    expect(
      firstSearchRequest('/search?q=red%20car&refine=vehicle&exact=1', 'fr-CH, fr;q=0.9'),
    ).toBe(
      buildApiUrl('/search', {
        q: 'red car',
        refine: ['vehicle'],
        limit: 30,
        exact: '1',
        hl: 'fr-CH',
      }),
    );
    expect(firstSearchRequest('/search?q=cat', undefined)).toBe('/api/v1/search?q=cat&limit=30');
    // A tab: `type` last, after hl, as getSearchPage sends it.
    expect(firstSearchRequest('/search?q=chair&type=product', 'de')).toBe(
      '/api/v1/search?q=chair&limit=30&hl=de&type=product',
    );
    expect(firstSearchRequest('/search?q=', 'en')).toBeNull();
    expect(firstSearchRequest('/pin/om-1f431', 'en')).toBeNull();
    expect(firstSearchRequest('/', 'en')).toBeNull();
  });

  it('takes the browser’s first language, as navigator.language does', () => {
    expect(firstLanguage('en-US,en;q=0.9')).toBe('en-US');
    expect(firstLanguage('de;q=0.8')).toBe('de');
    expect(firstLanguage('*')).toBeNull();
    expect(firstLanguage('')).toBeNull();
    expect(firstLanguage(undefined)).toBeNull();
  });

  it('keeps the data inside its element whatever the query holds', () => {
    const hostile = '</script><script>alert(1)</script>';
    const url = `/api/v1/search?q=${hostile}&limit=30`;
    const element = firstViewElement(url, JSON.stringify({ q: hostile }));
    expect(element.match(/<\/script>/g)).toHaveLength(1);
    expect(element.endsWith('</script>')).toBe(true);
    expect(scriptSafeJson('"<!--"')).toBe('"\\u003c!--"');
    expect(embedded(element)).toEqual({ url, body: { q: hostile } });
  });
});

describe('GET /search?q=… (a browser navigation)', () => {
  it('is index.html with the answer to the app’s first request in it', async () => {
    const response = await server.client.get('/search?q=cat', HTML);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-cache');
    const answer = embedded(response.text);
    expect(answer?.url).toBe('/api/v1/search?q=cat&limit=30&hl=en-US');
    // The build's chunk list, hinted in <head> (only files of assets/).
    const preload = '<link rel="modulepreload" crossorigin href="/assets/x-abc123.js">';
    // The first row's thumbnails, hinted with the card's own candidates.
    const items = SearchResponseSchema.parse(answer!.body).items.slice(0, FIRST_ROW_IMAGES);
    const images = items
      .map(
        (pin) =>
          `<link rel="preload" as="image" fetchpriority="high" imagesrcset="${pin.imageUrl} 1x, ${pin.imageUrl2x} 2x">`,
      )
      .join('');
    expect(images).toContain('/thumbs/');
    expect(response.text).toContain(`${preload}${images}</head>`);
    expect(
      response.text
        .replace(firstViewElement(answer!.url, JSON.stringify(answer!.body)), '')
        .replace(preload + images, ''),
    ).toBe(INDEX_HTML);
    const direct = SearchResponseSchema.parse((await server.client.get(answer!.url)).json());
    const first = SearchResponseSchema.parse(answer!.body);
    expect({ ...first, tookMs: 0 }).toEqual({ ...direct, tookMs: 0 });
    expect(first.items.length).toBeGreaterThan(0);
  });

  it('carries refinements and exact mode into the request', async () => {
    const response = await server.client.get('/search?q=buterfly&exact=1', HTML);
    const answer = embedded(response.text);
    expect(answer?.url).toBe('/api/v1/search?q=buterfly&limit=30&exact=1&hl=en-US');
    expect(SearchResponseSchema.parse(answer!.body).query.corrections).toEqual([]);
  });

  it('escapes what the reader typed', async () => {
    const q = '</script><script>alert(1)</script>';
    const response = await server.client.get(`/search?q=${encodeURIComponent(q)}`, HTML);
    expect(response.text.match(/<script/g)).toHaveLength(2); // the app's and the data element
    expect(embedded(response.text)?.url).toBe(
      buildApiUrl('/search', { q, limit: 30, hl: 'en-US' }),
    );
  });

  it('is plain index.html when the API refuses the request (the app then asks, and shows why)', async () => {
    // An Accept-Language the API's `hl` does not take.
    const response = await server.client.get('/search?q=cat', {
      ...HTML,
      'accept-language': 'x_1',
    });
    expect(response.status).toBe(200);
    expect(response.text).toBe(INDEX_HTML);
  });
});
