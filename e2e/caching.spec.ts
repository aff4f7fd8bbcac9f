/**
 * Caching and compression as a browser sees them, on the real build and server:
 * - a second visit takes the reranker's WASM runtime and onnxruntime-web from the HTTP cache
 *   without a request, and the model only revalidates (304: headers, no body);
 * - Vite's hashed assets and the thumbnails are cacheable for a year and immutable, while
 *   index.html and the model (stable names) revalidate;
 * - text (JS, CSS, JSON) and the WASM binary arrive compressed.
 *
 * The reranker loads in its Web Worker, so its downloads are read from the worker's own
 * Resource Timing entries (Playwright can evaluate in a dedicated worker): transferSize is 0
 * for a cache hit, only the headers' size for a revalidated response, and the whole encoded
 * body for a download. (page.route would be simpler to observe with, but it turns the HTTP
 * cache off.)
 */
import { expect, test, type Page, type Response } from '@playwright/test';
import { searchBox } from './support/search-page';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
/** The server compresses responses above this size (create-server.ts). */
const COMPRESSION_THRESHOLD_BYTES = 1024;
/** A response that carried a body is at least this much bigger than one that carried headers only. */
const HEADERS_ONLY_MAX_BYTES = 1024;
const MODEL_PATH = /\/models\/reranker\.onnx$/;
const WASM_PATH = /\/assets\/ort-wasm-simd-threaded[^/]*\.wasm$/;
const ORT_BUNDLE_PATH = /\/assets\/ort\.[a-z]+\.bundle\.min-[^/]+\.js$/;
/** Loading the runtime and the model on a shared 2-core machine. */
const RERANKER_LOAD_TIMEOUT_MS = 60_000;

interface Fetched {
  name: string;
  transferSize: number;
  encodedBodySize: number;
}

/** Resource Timing entries of the page and its workers (the reranker lives in one). */
async function fetchedResources(page: Page): Promise<Fetched[]> {
  const read = () =>
    performance.getEntriesByType('resource').map((e) => {
      const r = e as PerformanceResourceTiming;
      return { name: r.name, transferSize: r.transferSize, encodedBodySize: r.encodedBodySize };
    });
  const lists = await Promise.all([
    page.evaluate(read),
    ...page.workers().map((worker) => worker.evaluate(read).catch(() => [])),
  ]);
  return lists.flat();
}

/** A results page, with the reranker asked to load (focusing the search box warms it up). */
async function visit(page: Page, q: string): Promise<void> {
  await page.goto(`/search?q=${q}`);
  await searchBox(page).focus();
}

/** Waits until the model and the WASM runtime have been fetched (from wherever) and returns them. */
async function rerankerDownloads(
  page: Page,
): Promise<{ model: Fetched; wasm: Fetched; ort: Fetched }> {
  let found: { model?: Fetched; wasm?: Fetched; ort?: Fetched } = {};
  await expect
    .poll(
      async () => {
        const entries = await fetchedResources(page);
        const path = (e: Fetched) => new URL(e.name).pathname;
        found = {
          model: entries.find((e) => MODEL_PATH.test(path(e))),
          wasm: entries.find((e) => WASM_PATH.test(path(e))),
          ort: entries.find((e) => ORT_BUNDLE_PATH.test(path(e))),
        };
        return Boolean(found.model && found.wasm && found.ort);
      },
      { timeout: RERANKER_LOAD_TIMEOUT_MS, message: 'the reranker fetches its model and runtime' },
    )
    .toBe(true);
  return found as { model: Fetched; wasm: Fetched; ort: Fetched };
}

test('a second visit takes the model and the WASM runtime from the cache', async ({ context }) => {
  const first = await context.newPage();
  await visit(first, 'cat');
  const downloaded = await rerankerDownloads(first);
  // What a download looks like, so the checks below can tell the difference.
  expect(downloaded.wasm.transferSize).toBeGreaterThan(HEADERS_ONLY_MAX_BYTES);
  expect(downloaded.model.transferSize).toBeGreaterThan(HEADERS_ONLY_MAX_BYTES);
  await first.close();

  // Another visit in the same browser profile.
  const second = await context.newPage();
  await visit(second, 'dog');
  const again = await rerankerDownloads(second);
  // Hashed and immutable: no request at all.
  expect(again.wasm.transferSize, 'WASM runtime from the cache').toBe(0);
  expect(again.ort.transferSize, 'onnxruntime-web from the cache').toBe(0);
  // Stable name, so revalidated: a 304 with headers, the body from the cache.
  expect(again.model.transferSize, 'model revalidated, not downloaded').toBeGreaterThan(0);
  expect(again.model.transferSize).toBeLessThan(HEADERS_ONLY_MAX_BYTES);
  expect(again.model.encodedBodySize).toBe(downloaded.model.encodedBodySize);
});

test('hashed assets and thumbnails are immutable for a year, text and WASM are compressed', async ({
  page,
}) => {
  const responses: Response[] = [];
  page.on('response', (response) => responses.push(response));
  await visit(page, 'cat');
  await rerankerDownloads(page);
  await expect
    .poll(() => responses.filter((r) => new URL(r.url()).pathname.startsWith('/thumbs/')).length)
    .toBeGreaterThan(0);

  const byPath = (test: (path: string) => boolean) =>
    responses.filter((r) => r.status() === 200 && test(new URL(r.url()).pathname));
  const header = (r: Response, name: string) => r.headers()[name] ?? null;
  const summary = (list: Response[], name: string) =>
    list.map((r) => `${new URL(r.url()).pathname}: ${header(r, name)}`);

  const assets = byPath((p) => p.startsWith('/assets/'));
  const thumbs = byPath((p) => p.startsWith('/thumbs/'));
  expect(assets.some((r) => WASM_PATH.test(new URL(r.url()).pathname))).toBe(true);
  expect(summary(assets, 'cache-control')).toEqual(
    assets.map((r) => `${new URL(r.url()).pathname}: ${IMMUTABLE}`),
  );
  expect(summary(thumbs, 'cache-control')).toEqual(
    thumbs.map((r) => `${new URL(r.url()).pathname}: ${IMMUTABLE}`),
  );

  const html = responses.find((r) => r.request().resourceType() === 'document');
  expect(html && header(html, 'cache-control')).toBe(REVALIDATE);
  const model = byPath((p) => MODEL_PATH.test(p));
  expect(model.map((r) => header(r, 'cache-control'))).toEqual([REVALIDATE]);
  expect(model.map((r) => header(r, 'etag') !== null)).toEqual([true]);

  // Everything textual over the threshold, and the WASM binary, is brotli or gzip.
  const compressible = byPath((p) => /\.(js|css|wasm)$/.test(p) || p.startsWith('/api/'));
  const uncompressed: string[] = [];
  for (const r of compressible) {
    const path = new URL(r.url()).pathname;
    const large = WASM_PATH.test(path) || (await r.body()).length > COMPRESSION_THRESHOLD_BYTES;
    const encoding = header(r, 'content-encoding');
    if (large && encoding !== 'br' && encoding !== 'gzip')
      uncompressed.push(`${path}: ${encoding}`);
  }
  expect(compressible.length).toBeGreaterThan(5);
  expect(uncompressed).toEqual([]);
});
