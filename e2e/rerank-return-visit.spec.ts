/**
 * A return visit downloads none of the reranker's runtime: the results page reloaded in the same
 * browser context, after the reranker was used, loads onnxruntime-web's bundle and its
 * WebAssembly binary from the HTTP cache (hashed files, `immutable`), so 0 bytes of runtime come
 * from the network. Runs in both projects, with the EP chosen by `auto` and forced by `?ep=`.
 *
 * Two witnesses that must agree:
 * - Playwright's network events for the browser context (the runtime is fetched in the rerank
 *   worker; a service worker's own fetches would be there too): Playwright takes a response's body
 *   size as Chromium's encodedDataLength (the bytes received from the network) minus the headers'
 *   size, so `responseHeadersSize + responseBodySize` of `request.sizes()` is encodedDataLength:
 *   0 for an answer from the memory or disk cache (its headers are reported, and its body size
 *   comes out as minus their size), headers + body for a download;
 * - the workers' Resource Timing entries, whose transferSize is 0 for a cache hit; they also
 *   show that the runtime was loaded at all on the return visit.
 */
import {
  expect,
  test,
  type BrowserContext,
  type Locator,
  type Page,
  type Request,
} from '@playwright/test';
import { loadPersona, openDebug, searchInApp } from './support/personalization';

/** The first load in a fresh profile compiles ~14 MB of WASM; WebGPU measures on SwiftShader. */
const LOAD_TIMEOUT_MS = 90_000;
test.setTimeout(2 * LOAD_TIMEOUT_MS + 60_000);

/** onnxruntime-web: its bundles (the .mjs glue inside) and its WebAssembly binaries. */
const RUNTIME = /\/assets\/(ort\.[a-z]+\.bundle\.min-[^/]+\.js|ort-wasm-simd-threaded[^/]*\.wasm)$/;

function projectEp(): 'wasm' | 'webgpu' {
  const ep = test.info().project.metadata.ep as unknown;
  if (ep !== 'wasm' && ep !== 'webgpu')
    throw new Error(`project ${test.info().project.name} names no EP`);
  return ep;
}

interface Fetched {
  path: string;
  /** Who asked: the page or its workers, or the app's service worker on their behalf. */
  by: 'page' | 'service worker';
  /** Answered by the service worker (from its cache or its own fetch, logged on its own). */
  fromServiceWorker: boolean;
  /** Bytes received from the network for it (CDP encodedDataLength; 0 from the HTTP cache). */
  networkBytes: number;
}

/**
 * Runtime responses in the whole browser context: the page, its workers, and the app's service
 * worker if one is installed (its own fetches are separate requests, so they are counted once).
 */
function runtimeLog(context: BrowserContext): { entries: Fetched[]; settled(): Promise<void> } {
  const entries: Fetched[] = [];
  const pending: Promise<void>[] = [];
  const onFinished = (request: Request) => {
    const path = new URL(request.url()).pathname;
    if (!RUNTIME.test(path)) return;
    pending.push(
      (async () => {
        const response = await request.response();
        const sizes = await request.sizes();
        const fromServiceWorker = response?.fromServiceWorker() ?? false;
        entries.push({
          path,
          by: request.serviceWorker() ? 'service worker' : 'page',
          fromServiceWorker,
          networkBytes: fromServiceWorker ? 0 : sizes.responseHeadersSize + sizes.responseBodySize,
        });
      })(),
    );
  };
  context.on('requestfinished', onFinished);
  return { entries, settled: async () => void (await Promise.all(pending)) };
}

interface Timed {
  path: string;
  transferSize: number;
  /** 'cache' for an HTTP-cache hit (Chromium's Resource Timing deliveryType). */
  deliveryType: string;
  /** > 0 when a service worker answered it. */
  workerStart: number;
}

/** The runtime files the rerank worker loaded, with Resource Timing's transfer size. */
async function workerRuntime(page: Page): Promise<Timed[]> {
  const lists = await Promise.all(
    page.workers().map((worker) =>
      worker
        .evaluate(() =>
          performance.getEntriesByType('resource').map((e) => {
            const r = e as PerformanceResourceTiming & { deliveryType?: string };
            return {
              name: r.name,
              transferSize: r.transferSize,
              deliveryType: r.deliveryType ?? '',
              workerStart: r.workerStart,
            };
          }),
        )
        .catch(() => []),
    ),
  );
  return lists
    .flat()
    .map((e) => ({ ...e, path: new URL(e.name).pathname }))
    .filter((e) => RUNTIME.test(e.path));
}

async function readyPanel(page: Page): Promise<Locator> {
  const panel = await openDebug(page);
  await expect(panel.getByTestId('reranker-state')).toHaveText('ready', {
    timeout: LOAD_TIMEOUT_MS,
  });
  return panel;
}

for (const mode of ['auto', 'forced'] as const) {
  test(`a return visit takes the whole runtime from the HTTP cache (${mode === 'auto' ? 'auto' : '?ep='}): 0 bytes from the network`, async ({
    page,
    context,
  }) => {
    const ep = projectEp();
    const log = runtimeLog(context);

    // First use: a history, a search (the model loads), a second search (a page is reranked).
    await page.goto(mode === 'auto' ? '/?debug=1' : `/?debug=1&ep=${ep}`);
    await loadPersona(page, 'Animal fan');
    await searchInApp(page, 'red');
    let panel = await readyPanel(page);
    await searchInApp(page, 'green');
    await expect(panel.getByTestId('inference-ms')).toHaveText(/^\d+\.\d\d ms$/);
    if (mode === 'auto' && ep === 'webgpu')
      // With an adapter, `auto` measures both EPs once: let it finish its downloads.
      await expect(panel.getByTestId('reranker-ep-reason')).toHaveText(/for 500 rows, measured/, {
        timeout: LOAD_TIMEOUT_MS,
      });
    const running = (await panel.getByTestId('reranker-ep').textContent()) ?? '';
    await log.settled();
    const firstUse = [...log.entries];
    // What a download looks like, so the zeros below mean something.
    expect(
      firstUse.filter((f) => f.path.endsWith('.wasm') && f.networkBytes > 1_000_000),
    ).not.toEqual([]);

    // Return visit: the results page reloaded in the same browser context (`?ep=` applies to the
    // URL it is on, and the app's URL no longer carries it: it is opened with the flag again).
    log.entries.length = 0;
    if (mode === 'auto') await page.reload();
    else await page.goto(`/search?q=green&ep=${ep}`);
    panel = await readyPanel(page);
    await expect(panel.getByTestId('reranker-ep')).toHaveText(running);
    await log.settled();

    const loaded = await workerRuntime(page);
    // The runtime for the EP in use was loaded again: its bundle and its binary.
    expect(loaded.some((e) => e.path.endsWith('.wasm'))).toBe(true);
    expect(loaded.some((e) => e.path.endsWith('.js'))).toBe(true);
    // An HTTP-cache hit has transferSize 0; an answer from a service worker is no network transfer
    // either (its own fetches, if it made any, are in the network log below).
    expect(
      loaded.filter((e) => e.transferSize > 0 && e.workerStart === 0),
      'Resource Timing: runtime files that came over the network',
    ).toEqual([]);
    expect(
      log.entries.filter((f) => f.networkBytes > 0),
      'network events: runtime bytes from the network',
    ).toEqual([]);
  });
}
