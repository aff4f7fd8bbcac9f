/**
 * The installable, offline-capable app, on the real build and server: the service worker installs
 * under the page's CSP, COOP and COEP and precaches the shell; a results page seen before reloads
 * offline with its cards, marked "saved offline", and a new search made offline says so and runs
 * once the connection returns; on a second visit the reranker's runtime and model come from the
 * worker's cache (the server's own request log says nothing was fetched again); a new version is
 * announced only once the reader stops scrolling and is applied when asked.
 *
 * The spec runs a server of its own over a copy of the build, so it can count the requests that
 * reach the server and publish a "new version" (a changed sw.js) half way through.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import type { FastifyInstance } from 'fastify';
import { CACHE_NAMES } from '@/app/pwa/cache-policy';
import { thumbsDir } from '@/server/engine/schema';
import { createServer } from '@/server/http/create-server';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { openSearchService } from '@/server/service/search-service';
import { createSuggestService, type SuggestService } from '@/server/suggest/suggest-service';
import { blockingViolations } from './support/axe';
import {
  cards,
  expectOnSearchUrl,
  relatedFeed,
  renderedCards,
  resultsFeed,
  searchBox,
  submitSearch,
  waitForFeedSettled,
} from './support/search-page';

const QUERY = 'cat';
const OTHER_QUERY = 'dog';
/** The worker registers once the first view is done with the network (3 s after load, idle). */
const SW_TIMEOUT_MS = 30_000;
/** Fetch and compile ~14 MB of WebAssembly on a shared 2-core machine. */
const RERANKER_TIMEOUT_MS = 60_000;
const WASM_PATH = /^\/assets\/ort-wasm-simd-threaded[^/]*\.wasm$/;
const MODEL_PATH = '/models/reranker.onnx';
/** Long enough for the new worker to install while the reader is still scrolling. */
const SCROLL_MS = 8_000;

test.describe.configure({ mode: 'serial' });
// Every other spec blocks service workers (playwright.config.ts); this one is about them.
test.use({ serviceWorkers: 'allow' });
test.setTimeout(180_000);

let app: FastifyInstance;
let engine: ReturnType<typeof openSearchService>;
let suggest: SuggestService;
let stateDir: string;
let distDir: string;
let origin: string;
/** Requests that reached the server, by path. */
const served = new Map<string, number>();
const servedCount = (test: (path: string) => boolean) =>
  [...served].filter(([p]) => test(p)).reduce((sum, [, n]) => sum + n, 0);

test.beforeAll(async () => {
  distDir = mkdtempSync(path.join(os.tmpdir(), 'inspo-pwa-dist-'));
  cpSync(path.resolve(process.env.INSPO_DIST_DIR || 'dist'), distDir, { recursive: true });
  const dataDir = await ensureTestIndex();
  engine = openSearchService({ dataDir });
  stateDir = mkdtempSync(path.join(os.tmpdir(), 'inspo-pwa-state-'));
  suggest = createSuggestService({ dataDir, stateDir });
  app = createServer({ engine, suggest, distDir, thumbsDir: thumbsDir(dataDir), rateLimit: false });
  app.addHook('onRequest', async (request) => {
    const p = request.url.split('?')[0]!;
    served.set(p, (served.get(p) ?? 0) + 1);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  // localhost: a secure context, where service workers are allowed over plain HTTP.
  origin = `http://localhost:${(app.server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await app?.close();
  suggest?.close();
  engine?.close();
  rmSync(distDir, { recursive: true, force: true });
  rmSync(stateDir, { recursive: true, force: true });
});

/** Waits until a service worker controls the page; returns its version (the build it serves). */
async function controlled(page: Page): Promise<string> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
    timeout: SW_TIMEOUT_MS,
  });
  return swVersion(page);
}

function swVersion(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = (event) => resolve(event.data as string);
        navigator.serviceWorker.controller!.postMessage({ type: 'GET_VERSION' }, [channel.port2]);
      }),
  );
}

/** Request URLs (path and query) in one of the worker's caches. */
function cachedPaths(page: Page, cacheName: string): Promise<string[]> {
  return page.evaluate(async (name) => {
    const cache = await caches.open(name);
    return (await cache.keys()).map((r) => {
      const url = new URL(r.url);
      return url.pathname + url.search;
    });
  }, cacheName);
}

/** Every card thumbnail in view has loaded with real pixels. */
async function expectThumbnailsShown(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLImageElement>('article[data-pin-id] img')]
          .filter((img) => img.getBoundingClientRect().top < window.innerHeight)
          .every((img) => img.complete && img.naturalWidth > 0),
      ),
    )
    .toBe(true);
}

test('the service worker installs under the CSP, COOP and COEP, precaches the shell and is installable', async ({
  page,
}) => {
  await page.goto(`${origin}/search?q=${QUERY}`);
  await waitForFeedSettled(resultsFeed(page, QUERY));
  await controlled(page);

  // The worker's script, as the browser gets it: the page's own protections, no long caching.
  const sw = await page.request.get(`${origin}/sw.js`);
  const headers = sw.headers();
  expect(sw.status()).toBe(200);
  expect(headers['content-type']).toMatch(/^(text|application)\/javascript/);
  expect(headers['cache-control']).toBe('no-cache');
  expect(headers['content-security-policy']).toContain("worker-src 'self'");
  expect(headers['cross-origin-embedder-policy']).toBe('require-corp');
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope),
  ).toBe(`${origin}/`);
  expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);

  // The manifest and its icons.
  const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = (await (await page.request.get(`${origin}${manifestHref}`)).json()) as {
    name: string;
    start_url: string;
    display: string;
    icons: { src: string; sizes: string; purpose: string }[];
  };
  expect(manifest).toMatchObject({ name: 'Inspo', start_url: '/', display: 'standalone' });
  expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual([
    '192x192 any',
    '512x512 any',
    '512x512 maskable',
  ]);
  for (const icon of manifest.icons) {
    const response = await page.request.get(`${origin}${icon.src}`);
    expect(response.headers()['content-type']).toBe('image/png');
    const png = await response.body();
    // PNG IHDR: width and height, big-endian, at bytes 16 and 20.
    expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(icon.sizes);
  }

  // The shell is precached: index.html and the first paint's script among it.
  const precache = await page.evaluate(async () => {
    const names = await caches.keys();
    const name = names.find((n) => n.startsWith('workbox-precache'));
    if (!name) return [];
    return (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
  });
  expect(precache).toContain('/index.html');
  const mainScript = await page.locator('script[type="module"]').getAttribute('src');
  expect(precache).toContain(mainScript);
  expect(precache.some((p) => WASM_PATH.test(p))).toBe(false);

  // A reload is served by the worker and stays cross-origin isolated (the cached headers go along).
  const document = page.waitForResponse((r) => r.request().resourceType() === 'document');
  await page.reload();
  expect((await document).fromServiceWorker()).toBe(true);
  await waitForFeedSettled(resultsFeed(page, QUERY));
  expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);
  expect(await blockingViolations(page)).toEqual([]);
});

test('offline: a results page and a closeup seen before open with their cards, marked saved offline; a new search waits for the connection', async ({
  page,
  context,
}) => {
  await page.goto(`${origin}/search?q=${QUERY}`);
  const feed = resultsFeed(page, QUERY);
  await waitForFeedSettled(feed, 4);
  await controlled(page);
  // The answer this page was built from is in the worker's cache (it was loaded before the
  // worker took over on a first visit; the page hands its addresses over).
  await expect
    .poll(() => cachedPaths(page, CACHE_NAMES.api), { timeout: SW_TIMEOUT_MS })
    .toContainEqual(expect.stringMatching(new RegExp(`^/api/v1/search\\?q=${QUERY}(&|$)`)));
  const seen = (await renderedCards(feed)).map((c) => c.id);
  // A closeup seen too (the worker controls the page now: its answers are cached as they come).
  await cards(feed).first().click();
  const title = await page.getByRole('heading', { level: 1 }).textContent();
  await waitForFeedSettled(relatedFeed(page), 1);
  const closeupUrl = page.url();
  await page.goBack();
  await waitForFeedSettled(feed, 4);

  await context.setOffline(true);
  await page.reload();
  await waitForFeedSettled(feed, 4);
  // The cards of the answer seen before. Their order may differ: the click and the time on the
  // closeup are history now, and a fresh load orders its first page from it, offline too
  // (pins the page has at hand; e2e/return-visit.spec.ts).
  const offline = (await renderedCards(feed)).map((c) => c.id).slice(0, 8);
  expect(offline).toHaveLength(8);
  expect(offline.filter((id) => !seen.includes(id))).toEqual([]);
  await expectThumbnailsShown(page);
  await expect(page.getByRole('status').filter({ hasText: 'Saved offline' })).toBeVisible();
  await expect(
    page.getByRole('status').filter({ hasText: 'You’re offline. Ideas already loaded stay here' }),
  ).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);

  // The closeup, opened offline by its address (the shell, its pin and its related pins from the cache).
  await page.goto(closeupUrl);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title ?? '');
  await waitForFeedSettled(relatedFeed(page), 1);
  await expect(page.getByRole('status').filter({ hasText: 'Saved offline' })).toBeVisible();
  await page.goBack();
  await waitForFeedSettled(feed, 4);

  // A search never made before: it says it waits for the network, then runs by itself.
  await submitSearch(page, OTHER_QUERY);
  await expectOnSearchUrl(page, OTHER_QUERY);
  const waiting = page
    .getByRole('status')
    .filter({ hasText: `Ideas for “${OTHER_QUERY}” will load as soon as you’re back online.` });
  await expect(waiting).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Saved offline' })).toHaveCount(0);
  await context.setOffline(false);
  await waitForFeedSettled(resultsFeed(page, OTHER_QUERY));
  await expect(waiting).toHaveCount(0);
  expect(await cards(resultsFeed(page, OTHER_QUERY)).count()).toBeGreaterThan(0);
});

interface Fetched {
  path: string;
  /** > 0 when the request went through the service worker. */
  workerStart: number;
  responseEnd: number;
}

/** What the page's workers fetched (the reranker runs in one), from their Resource Timing. */
async function workerFetches(page: Page): Promise<Fetched[]> {
  const lists = await Promise.all(
    page.workers().map((worker) =>
      worker
        .evaluate(() =>
          performance.getEntriesByType('resource').map((e) => {
            const r = e as PerformanceResourceTiming;
            return {
              path: new URL(r.name).pathname,
              workerStart: r.workerStart,
              responseEnd: r.responseEnd,
            };
          }),
        )
        .catch(() => []),
    ),
  );
  return lists.flat();
}

/** Focusing the search box starts loading the reranker (warm-up.ts); waits until it has its runtime and model. */
async function loadReranker(page: Page): Promise<Fetched[]> {
  await searchBox(page).focus();
  let fetched: Fetched[] = [];
  await expect
    .poll(
      async () => {
        fetched = await workerFetches(page);
        const done = (test: (p: string) => boolean) =>
          fetched.some((f) => test(f.path) && f.responseEnd > 0);
        return done((p) => WASM_PATH.test(p)) && done((p) => p === MODEL_PATH);
      },
      { timeout: RERANKER_TIMEOUT_MS, message: 'the reranker fetches its runtime and model' },
    )
    .toBe(true);
  return fetched;
}

const hasRuntime = async (page: Page) =>
  (await cachedPaths(page, CACHE_NAMES.runtime)).some((p) => WASM_PATH.test(p));
const hasModel = async (page: Page) =>
  (await cachedPaths(page, CACHE_NAMES.models)).some((p) => p.startsWith(`${MODEL_PATH}?rev=`));

test('a second visit takes the reranker’s runtime from the worker’s cache, not the network; the model is kept by its content hash', async ({
  context,
}) => {
  // First visit: the reranker loads, the worker installs (in either order).
  const first = await context.newPage();
  await first.goto(`${origin}/search?q=${QUERY}`);
  await loadReranker(first);
  await controlled(first);
  await first.close();
  const wasmFetches = servedCount((p) => WASM_PATH.test(p));
  expect(wasmFetches).toBeGreaterThan(0);

  // Second visit: as the page starts, the worker keeps the runtime the first one downloaded…
  const second = await context.newPage();
  await second.goto(`${origin}/search?q=${OTHER_QUERY}`);
  await controlled(second);
  await expect.poll(() => hasRuntime(second), { timeout: SW_TIMEOUT_MS }).toBe(true);
  // …so the reranker's runtime comes from the worker, and nothing more from the network.
  const fetched = await loadReranker(second);
  const wasm = fetched.filter((f) => WASM_PATH.test(f.path));
  expect(wasm.length).toBeGreaterThan(0);
  expect(
    wasm.every((f) => f.workerStart > 0),
    'the runtime went through the service worker',
  ).toBe(true);
  expect(
    servedCount((p) => WASM_PATH.test(p)),
    'runtime requests that reached the server',
  ).toBe(wasmFetches);
  // The model keeps its name across builds: the worker fetched it once more and keeps it under its
  // content hash from now on.
  await expect.poll(() => hasModel(second)).toBe(true);
  await second.close();
  const modelFetches = servedCount((p) => p === MODEL_PATH);

  // Third visit: neither the runtime nor the model reaches the server.
  const third = await context.newPage();
  await third.goto(`${origin}/search?q=${QUERY}`);
  await controlled(third);
  const again = await loadReranker(third);
  expect(again.filter((f) => f.path === MODEL_PATH).every((f) => f.workerStart > 0)).toBe(true);
  expect(servedCount((p) => WASM_PATH.test(p))).toBe(wasmFetches);
  expect(servedCount((p) => p === MODEL_PATH)).toBe(modelFetches);
});

/** Publishes a new build: its index.html changed, so the worker's precache manifest changes. */
function publishNewVersion(): void {
  const file = path.join(distDir, 'sw.js');
  const text = readFileSync(file, 'utf8');
  const changed = text.replace(
    /("revision":")([0-9a-f]+)(","url":"index\.html")/,
    (_all, head: string, revision: string, tail: string) =>
      `${head}${revision.slice(0, -4)}beef${tail}`,
  );
  expect(changed).not.toBe(text);
  writeFileSync(file, changed);
  // The build's precompressed copies would still be the old worker.
  for (const copy of ['sw.js.br', 'sw.js.gz']) rmSync(path.join(distDir, copy), { force: true });
}

async function scrollFor(page: Page, ms: number): Promise<void> {
  const until = Date.now() + ms;
  let down = true;
  while (Date.now() < until) {
    await page.mouse.wheel(0, down ? 300 : -300);
    down = !down;
    await page.waitForTimeout(100);
  }
}

test('a new version is announced once the reader stops scrolling, and applied when asked', async ({
  context,
}: {
  context: BrowserContext;
}) => {
  const page = await context.newPage();
  await page.goto(`${origin}/search?q=${QUERY}`);
  await waitForFeedSettled(resultsFeed(page, QUERY), 8);
  const before = await controlled(page);

  publishNewVersion();
  const notice = page.getByRole('status').filter({ hasText: 'A new version of Inspo is ready.' });
  const reload = notice.getByRole('button', { name: 'Reload' });
  // Found while the reader scrolls: nothing is announced, nothing reloads.
  let stillScrolling = true;
  const scrolling = scrollFor(page, SCROLL_MS).then(() => {
    stillScrolling = false;
  });
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration!.update();
  });
  await expect
    .poll(
      () =>
        page.evaluate(async () =>
          Boolean((await navigator.serviceWorker.getRegistration())?.waiting),
        ),
      { timeout: SCROLL_MS },
    )
    .toBe(true);
  expect(stillScrolling, 'the new version was ready while the reader was still scrolling').toBe(
    true,
  );
  await expect(notice).toHaveCount(0);
  await scrolling;
  // Once the scrolling stops, the notice appears; the page has not reloaded by itself.
  await expect(reload).toBeVisible();
  expect(await swVersion(page)).toBe(before);
  expect(await blockingViolations(page)).toEqual([]);

  const reloaded = page.waitForEvent('load');
  await reload.click();
  await reloaded;
  await waitForFeedSettled(resultsFeed(page, QUERY));
  await controlled(page);
  const after = await swVersion(page);
  expect(after).not.toBe(before);
  expect(
    await page.evaluate(async () =>
      Boolean((await navigator.serviceWorker.getRegistration())?.waiting),
    ),
  ).toBe(false);
  await expect(notice).toHaveCount(0);
});
