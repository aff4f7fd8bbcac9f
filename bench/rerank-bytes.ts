/**
 * Bytes downloaded for on-device personalization, per execution provider, on first use and on a
 * return visit: headless Chromium on the app (real build, real server, precompressed runtime),
 * a persona's history, a search, a second search that the reranker personalizes.
 *
 * Which files: the Resource Timing entries of the page and of the rerank worker (where the
 * runtime, the model and the model card are fetched), with their encoded (brotli) and decoded
 * body sizes. How many bytes came over the network for each: Playwright's network events for the
 * whole browser context (the page, its workers and the app's service worker, whose own fetches
 * are requests of their own; an answer the service worker gives counts 0), where
 * `responseHeadersSize + responseBodySize` is Chromium's encodedDataLength: headers + body
 * received, 0 from the HTTP cache. Categories: the WASM runtime (its .wasm and the onnxruntime-web
 * bundle), the WebGPU runtime (asyncify .wasm and its bundle), the model, the model card, and the
 * worker's own code (its script and chunks).
 *
 * Scenarios: `?ep=wasm`; `?ep=webgpu` (WebGPU browser: SwiftShader); `auto` without an adapter;
 * `auto` with an adapter, whose first use includes the one-time EP measurement (that is when the
 * WebGPU runtime is downloaded just to be timed). The return visit reloads the results page in
 * the same browser context after the reranker was used.
 *
 * Also times the EP measurement itself (rerank lab, `auto`, WebGPU browser, fresh context each
 * run): runtime download + session + warm-up + timed runs of both EPs.
 *
 * Builds dist/ (or $INSPO_DIST_DIR) if it has no rerank lab. `npx tsx bench/rerank-bytes.ts`;
 * writes bench/results/rerank-bytes.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import type { EpMeasurement } from '@/lib/rerank/ep-choice';
import { EP_MEASUREMENTS_KEY } from '@/lib/rerank/ep-memory';
import type { RerankLab } from '@/lib/rerank/lab/rerank-lab';
import { thumbsDir } from '@/server/engine/schema';
import { createServer } from '@/server/http/create-server';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { openSearchService } from '@/server/service/search-service';
import { launchBenchChromium } from './lib/launch-chromium';
import { networkLog } from './lib/network-log';
import { writeResult } from './lib/results';
import { summarize } from './lib/stats';

const DIST = path.resolve(process.env.INSPO_DIST_DIR || 'dist');
const PERSONA = 'Animal fan';
const FIRST_QUERY = 'red';
const SECOND_QUERY = 'green';
/** The return visit reloads the results page of SECOND_QUERY, then searches this one. */
const RETURN_QUERY = 'blue';
const MEASUREMENT_RUNS = 3;
/** SwiftShader compiles WebGPU shaders on the CPU; the runtime is tens of MB to compile. */
const TIMEOUT_MS = 180_000;

const CATEGORIES = ['wasmRuntime', 'webgpuRuntime', 'model', 'card', 'workerCode'] as const;
type Category = (typeof CATEGORIES)[number];

function categoryOf(pathname: string): Category | null {
  const file = pathname.slice(pathname.lastIndexOf('/') + 1);
  if (/^ort-wasm-simd-threaded\.asyncify-.*\.wasm$/.test(file) || /^ort\.webgpu\.bundle/.test(file))
    return 'webgpuRuntime';
  if (/^ort-wasm-simd-threaded-.*\.wasm$/.test(file) || /^ort\.wasm\.bundle/.test(file))
    return 'wasmRuntime';
  if (pathname.startsWith('/models/') && file.endsWith('.onnx')) return 'model';
  if (pathname === '/models/model-card.json') return 'card';
  if (/^rerank-worker-.*\.js$/.test(file)) return 'workerCode';
  return null;
}

interface Entry {
  name: string;
  transferSize: number;
  encodedBodySize: number;
  decodedBodySize: number;
  /** Fetched inside a worker (the reranker's). */
  inWorker: boolean;
}

interface Bytes {
  /** Over the network, headers included (network events). */
  transferred: number;
  /** The same from Resource Timing (transferSize; a service worker's answer is not 0 there). */
  resourceTimingTransferred: number;
  /** Bodies as sent (compressed), whether from the network or the cache. */
  encoded: number;
  decoded: number;
  files: number;
}

interface VisitBytes {
  byCategory: Record<Category, Bytes>;
  total: Bytes;
  /** Each file: path, category and bytes, for reading the figure back. */
  files: { path: string; category: Category; transferred: number; encoded: number }[];
}

async function resourceEntries(page: Page): Promise<Entry[]> {
  const read = () =>
    performance.getEntriesByType('resource').map((e) => {
      const r = e as PerformanceResourceTiming;
      return {
        name: r.name,
        transferSize: r.transferSize,
        encodedBodySize: r.encodedBodySize,
        decodedBodySize: r.decodedBodySize,
      };
    });
  const [own, ...workers] = await Promise.all([
    page.evaluate(read),
    ...page.workers().map((w) => w.evaluate(read).catch(() => [])),
  ]);
  return [
    ...own.map((e) => ({ ...e, inWorker: false })),
    ...workers.flat().map((e) => ({ ...e, inWorker: true })),
  ];
}

function tally(entries: readonly Entry[], network: ReadonlyMap<string, number>): VisitBytes {
  const empty = (): Bytes => ({
    transferred: 0,
    resourceTimingTransferred: 0,
    encoded: 0,
    decoded: 0,
    files: 0,
  });
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, empty()])) as Record<
    Category,
    Bytes
  >;
  const total = empty();
  const files: VisitBytes['files'] = [];
  const seen = new Set<string>();
  for (const e of entries) {
    const pathname = new URL(e.name).pathname;
    // A file listed twice (page and worker) was fetched once or answered from a cache once more.
    if (seen.has(pathname)) continue;
    seen.add(pathname);
    // Every script the worker fetched is the worker's code; the page only contributes the
    // worker script itself (and the model or card, on the main-thread fallback).
    let category = categoryOf(pathname);
    if (!category && e.inWorker && pathname.endsWith('.js')) category = 'workerCode';
    if (!category) continue;
    const transferred = network.get(pathname) ?? 0;
    for (const bytes of [byCategory[category], total]) {
      bytes.transferred += transferred;
      bytes.resourceTimingTransferred += e.transferSize;
      bytes.encoded += e.encodedBodySize;
      bytes.decoded += e.decodedBodySize;
      bytes.files += 1;
    }
    files.push({ path: pathname, category, transferred, encoded: e.encodedBodySize });
  }
  return { byCategory, total, files };
}

async function search(page: Page, q: string): Promise<void> {
  const box = page.getByRole('search').getByLabel('Search ideas', { exact: true });
  await box.fill(q);
  await box.press('Enter');
  const feed = page.getByRole('feed', { name: `Results for “${q}”`, exact: true });
  await feed.locator('article[data-pin-id]').first().waitFor({ timeout: TIMEOUT_MS });
  await page.waitForFunction(
    (name) =>
      [...document.querySelectorAll('[role="feed"]')].some(
        (f) => f.getAttribute('aria-label') === name && f.getAttribute('aria-busy') === 'false',
      ),
    `Results for “${q}”`,
    { timeout: TIMEOUT_MS },
  );
}

const debugPanel = (page: Page) =>
  page.getByRole('region', { name: 'Reranker debug', exact: true });

async function openDebug(page: Page): Promise<void> {
  if (await debugPanel(page).isVisible()) return;
  await page
    .getByRole('complementary', { name: 'Personalization' })
    .getByRole('button', { name: 'Debug', exact: true })
    .click();
  await debugPanel(page).waitFor();
}

/** Waits for a debug-panel field to match. */
async function waitForField(page: Page, testId: string, pattern: RegExp): Promise<string> {
  const field = debugPanel(page).getByTestId(testId);
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const text = (await field.textContent()) ?? '';
    if (pattern.test(text)) return text;
    if (/^failed/.test(text)) throw new Error(`reranker failed: ${text}`);
    if (Date.now() > deadline) throw new Error(`${testId} never matched ${pattern}: "${text}"`);
    await page.waitForTimeout(100);
  }
}

/** A reranked page: the model was loaded and used (and, with an adapter under auto, measured). */
async function useReranker(page: Page, q: string, waitForMeasurement: boolean): Promise<string> {
  await openDebug(page);
  await waitForField(page, 'reranker-state', /^ready$/);
  await search(page, q);
  await waitForField(page, 'inference-ms', /^\d+\.\d\d ms$/);
  return waitForField(
    page,
    'reranker-ep-reason',
    waitForMeasurement ? /for 500 rows, measured/ : /./,
  );
}

interface Scenario {
  name: string;
  label: string;
  search: string;
  webgpu: boolean;
  /** `auto` with an adapter: the first use ends when the EP measurement is done. */
  measures: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: 'wasm', label: 'WASM (?ep=wasm)', search: '&ep=wasm', webgpu: false, measures: false },
  {
    name: 'webgpu',
    label: 'WebGPU (?ep=webgpu, SwiftShader)',
    search: '&ep=webgpu',
    webgpu: true,
    measures: false,
  },
  {
    name: 'autoNoAdapter',
    label: 'auto, no WebGPU adapter',
    search: '',
    webgpu: false,
    measures: false,
  },
  {
    name: 'autoWithAdapter',
    label: 'auto, WebGPU adapter (WASM + the one-time EP measurement)',
    search: '',
    webgpu: true,
    measures: true,
  },
];

async function runScenario(browser: Browser, origin: string, scenario: Scenario) {
  const context = await browser.newContext();
  try {
    const network = networkLog(context);
    const page = await context.newPage();
    await page.goto(`${origin}/?debug=1${scenario.search}`);
    const dock = page.getByRole('complementary', { name: 'Personalization' });
    await dock.getByRole('button', { name: 'Your activity' }).click();
    await page.getByRole('button', { name: PERSONA, exact: true }).click();
    await page.getByText(`Loaded “${PERSONA}”`).waitFor();
    await search(page, FIRST_QUERY);
    const reason = await useReranker(page, SECOND_QUERY, scenario.measures);
    const firstUse = tally(await resourceEntries(page), await network.settled());
    const ep = (await debugPanel(page).getByTestId('reranker-ep').textContent()) ?? '?';
    const measurement = (
      JSON.parse(
        (await page.evaluate((key) => localStorage.getItem(key), EP_MEASUREMENTS_KEY)) ?? '[]',
      ) as EpMeasurement[]
    )[0];

    // The return visit: the same results page in the same browser context (reloaded; a forced EP
    // is asked for again, as the flag is not in the app's URL any more), then a reranked page.
    network.clear();
    if (scenario.search === '') await page.reload();
    else await page.goto(`${origin}/search?q=${SECOND_QUERY}${scenario.search}`);
    await useReranker(page, RETURN_QUERY, false);
    const returnVisit = tally(await resourceEntries(page), await network.settled());
    return {
      label: scenario.label,
      ep,
      reason,
      firstUse,
      returnVisit,
      ...(measurement ? { measurement } : {}),
    };
  } finally {
    await context.close();
  }
}

/** Times the EP measurement on its own, each run in a fresh context (nothing cached). */
async function timeMeasurement(browser: Browser, origin: string): Promise<EpMeasurement[]> {
  const runs: EpMeasurement[] = [];
  for (let i = 0; i < MEASUREMENT_RUNS; i += 1) {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${origin}/rerank-lab.html`);
      const status = await page.evaluate(() =>
        (window as unknown as { rerankLab: RerankLab }).rerankLab.ready(),
      );
      if (status.state !== 'ready') throw new Error(`lab did not load: ${JSON.stringify(status)}`);
      const measured = await page.evaluate(() =>
        (window as unknown as { rerankLab: RerankLab }).rerankLab.measureEp(),
      );
      if (!measured) throw new Error('the EP measurement did not run');
      runs.push(measured);
    } finally {
      await context.close();
    }
  }
  return runs;
}

async function main() {
  if (!existsSync(path.join(DIST, 'rerank-lab.html'))) {
    console.log(`${DIST} has no rerank lab: building the web app`);
    const build = spawnSync('npx', ['vite', 'build', '--outDir', DIST, '--emptyOutDir'], {
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('vite build failed');
  }
  const dataDir = await ensureTestIndex();
  const engine = openSearchService({ dataDir });
  const app = createServer({
    engine,
    distDir: DIST,
    thumbsDir: thumbsDir(dataDir),
    rateLimit: false,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  // localhost, not 127.0.0.1: a secure context (WebGPU), as in the e2e suite.
  const origin = `http://localhost:${(app.server.address() as AddressInfo).port}`;

  const scenarios: Record<string, Awaited<ReturnType<typeof runScenario>>> = {};
  let measurements: EpMeasurement[] = [];
  let browserVersion = '';
  try {
    for (const webgpu of [false, true]) {
      const browser = await launchBenchChromium({ webgpu });
      browserVersion = browser.version();
      try {
        for (const scenario of SCENARIOS.filter((s) => s.webgpu === webgpu)) {
          console.log(`${scenario.label} …`);
          scenarios[scenario.name] = await runScenario(browser, origin, scenario);
        }
        if (webgpu) measurements = await timeMeasurement(browser, origin);
      } finally {
        await browser.close();
      }
    }
  } finally {
    await app.close();
    engine.close();
  }

  const file = writeResult('rerank-bytes', {
    description:
      `Bytes for on-device personalization in headless Chromium ${browserVersion}: the app on the real ` +
      `server (precompressed runtime, brotli), persona “${PERSONA}”, a search for “${FIRST_QUERY}” ` +
      `(the model loads), a search for “${SECOND_QUERY}” (a page is reranked); then the results page ` +
      `reloaded in the same browser context and a search for “${RETURN_QUERY}” (return visit).`,
    notes: [
      'Files: the Resource Timing entries of the page and the rerank worker; transferred: bytes received ' +
        'from the network for them in the browser context (Playwright network events, headers + body = ' +
        "Chromium's encodedDataLength, 0 from the HTTP cache or from the service worker's cache), " +
        'resourceTimingTransferred: transferSize for comparison, encoded = encodedBodySize (brotli body), ' +
        'decoded = decodedBodySize.',
      'wasmRuntime: ort-wasm-simd-threaded-*.wasm + ort.wasm.bundle.min-*.js; webgpuRuntime: the asyncify ' +
        '.wasm + ort.webgpu.bundle.min-*.js; model: /models/*.onnx; card: /models/model-card.json; workerCode: ' +
        'the worker script and every chunk the worker imports.',
      'autoWithAdapter first use includes the one-time EP measurement (both EPs timed on 500 rows), which is ' +
        'the only time the WebGPU runtime is fetched when WASM wins; `measurement` repeats it in fresh ' +
        'contexts of the rerank lab to time it.',
      'The model revalidates on a return visit (stable name, no-cache): its transfer is a 304, headers only.',
    ],
    scenarios,
    measurement: {
      runs: measurements.length,
      durationMs: summarize(measurements.map((m) => m.durationMs)),
      wasmMs: summarize(measurements.map((m) => m.wasmMs)),
      webgpuMs: summarize(
        measurements.map((m) => m.webgpuMs).filter((x): x is number => x !== null),
      ),
      adapter: measurements[0]?.adapter ?? null,
      modelVersion: measurements[0]?.modelVersion ?? null,
      samples: measurements,
    },
  });
  for (const [name, s] of Object.entries(scenarios)) {
    const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
    console.log(
      `${name}: ep ${s.ep}; first use ${mb(s.firstUse.total.transferred)} ` +
        `(wasm ${mb(s.firstUse.byCategory.wasmRuntime.transferred)}, webgpu ${mb(s.firstUse.byCategory.webgpuRuntime.transferred)}); ` +
        `return visit ${s.returnVisit.total.transferred} B (runtime ` +
        `${s.returnVisit.byCategory.wasmRuntime.transferred + s.returnVisit.byCategory.webgpuRuntime.transferred} B)`,
    );
  }
  console.log(`wrote ${file}`);
}

await main();
