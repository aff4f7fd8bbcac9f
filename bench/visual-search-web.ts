/**
 * Visual search in the browser, measured on the real build and server over an index with image
 * embeddings ($INSPO_DATA_DIR, else the test index; it must have pin_image_embedding):
 *
 * 1. Embedding time per picture in headless Chromium, through the app's own encoder (the rerank
 *    lab's `window.imageLab`, the worker the closeup uses): WASM, and WebGPU on SwiftShader
 *    (--enable-unsafe-webgpu); session.run ms, median of RUNS after WARMUP runs; and
 *    onnxruntime-node (1 thread, as the index build runs it) on the same input in the same run.
 * 2. Bytes downloaded for visual search: a closeup, "Search inside this image", Enter (the first
 *    area search, which loads the runtime, the worker and the model), in a fresh browser context;
 *    then the page reloaded in the same context and a second area searched (return visit).
 *    Network events of the whole context (headers + body received; 0 from the HTTP cache),
 *    counted from the click on. Scenarios: `?ep=wasm`; `auto` with a WebGPU adapter, whose first
 *    use includes the one-time EP measurement (both runtimes), measured once the page is idle.
 * 3. The endpoint's latency: POST /api/v1/visual-search over loopback HTTP with the stored
 *    embeddings of random pins (lightly perturbed), sequentially, median and p95.
 *
 * `INSPO_DIST_DIR=/tmp/x-dist INSPO_DATA_DIR=/tmp/x-index npx tsx bench/visual-search-web.ts`;
 * writes bench/results/visual-search-web.json.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext } from '@playwright/test';
import * as ort from 'onnxruntime-node';
import {
  IMAGE_ENCODER_FILE,
  IMAGE_INPUT_NAME,
  IMAGE_INPUT_SIZE,
} from '@/lib/image-model/image-model';
import { seededRandom } from '@/lib/random/seeded-random';
import type { ImageLab } from '@/lib/rerank/lab/image-lab';
import { indexPath, thumbsDir } from '@/server/engine/schema';
import { createServer } from '@/server/http/create-server';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { openSearchService } from '@/server/service/search-service';
import { readImageEmbeddings } from '@/server/visual/image-embeddings';
import { launchBenchChromium } from './lib/launch-chromium';
import { networkLog } from './lib/network-log';
import { writeResult } from './lib/results';
import { median, summarize } from './lib/stats';

const DIST = path.resolve(process.env.INSPO_DIST_DIR || 'dist');
const RUNS = Number(process.env.RUNS ?? 15);
const WARMUP = 3;
const API_REQUESTS = Number(process.env.API_REQUESTS ?? 200);
const TIMEOUT_MS = 240_000;
const LENGTH = 3 * IMAGE_INPUT_SIZE * IMAGE_INPUT_SIZE;

const loadAverage = () => os.loadavg().map((x) => Number(x.toFixed(2)));

/** What visual search itself downloads: the runtime, the model, its own code and its request. */
const VISUAL_CATEGORIES = ['wasmRuntime', 'webgpuRuntime', 'model', 'visualCode', 'visualSearchApi'];

function categoryOf(pathname: string): string {
  const file = pathname.slice(pathname.lastIndexOf('/') + 1);
  if (/^ort-wasm-simd-threaded\.asyncify-.*\.wasm$/.test(file) || /^ort\.webgpu\.bundle/.test(file)) return 'webgpuRuntime';
  if (/^ort-wasm-simd-threaded-.*\.wasm$/.test(file) || /^ort\.wasm\.bundle/.test(file)) return 'wasmRuntime';
  if (/^image-encoder-.*\.onnx$/.test(file)) return 'model';
  if (/^(visual-search-panel|encoder-main|encoder-worker|load-encoder|visual-search-api)-.*\.js$/.test(file)) return 'visualCode';
  if (pathname === '/api/v1/visual-search') return 'visualSearchApi';
  // The rest is the app's own work meanwhile (its service worker's precache, the reranker at
  // idle, catalogues, the results' thumbnails): listed, not counted as visual search's.
  if (pathname.startsWith('/thumbs/')) return 'thumbnails';
  return 'appMeanwhile';
}

/** Bytes per category and file since `clear()` (network-log.ts). */
function byteLog(context: BrowserContext) {
  const network = networkLog(context);
  return {
    async tally() {
      const bytes = await network.settled();
      const byCategory: Record<string, number> = {};
      for (const [file, n] of bytes) byCategory[categoryOf(file)] = (byCategory[categoryOf(file)] ?? 0) + n;
      const total = [...bytes.values()].reduce((a, b) => a + b, 0);
      const visualSearch = VISUAL_CATEGORIES.reduce((n, c) => n + (byCategory[c] ?? 0), 0);
      return { visualSearch, total, byCategory, files: Object.fromEntries(bytes) };
    },
    clear: () => network.clear(),
  };
}

async function areaSearch(context: BrowserContext, origin: string, pinId: string, search: string, keys: string[]) {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${origin}/pin/${encodeURIComponent(pinId)}${search}`);
  await page.getByRole('button', { name: 'Search inside this image' }).waitFor();
  return {
    page,
    async run(network: ReturnType<typeof byteLog>) {
      network.clear();
      const started = Date.now();
      await page.getByRole('button', { name: 'Search inside this image' }).click();
      // The selector's chunk loads on this first use: keys go to it once it has the focus.
      await page.locator('[role="application"]:focus').waitFor({ timeout: TIMEOUT_MS });
      for (const key of keys) await page.keyboard.press(key);
      await page.keyboard.press('Enter');
      await page
        .getByRole('region', { name: 'Looks like this' })
        .getByRole('status')
        .filter({ hasText: /look like this|looks like this/ })
        .waitFor({ timeout: TIMEOUT_MS });
      return Date.now() - started;
    },
  };
}

async function bytesScenario(browser: Browser, origin: string, pinId: string, search: string, measures: boolean) {
  const context = await browser.newContext();
  try {
    const network = byteLog(context);
    const first = await areaSearch(context, origin, pinId, search, []);
    const firstMs = await first.run(network);
    if (measures) {
      // The one-time EP measurement runs when the page is idle after the first search.
      await first.page.waitForFunction(
        (file) => (localStorage.getItem('inspo.rerank.ep-measurements.v1') ?? '').includes(file.slice(14, 26)),
        IMAGE_ENCODER_FILE,
        { timeout: TIMEOUT_MS },
      );
    }
    const firstUse = await network.tally();
    const measurement = measures
      ? await first.page.evaluate(() => localStorage.getItem('inspo.rerank.ep-measurements.v1'))
      : null;
    const again = await areaSearch(context, origin, pinId, search, ['ArrowLeft', 'Shift+ArrowRight']);
    const returnMs = await again.run(network);
    const returnVisit = await network.tally();
    return { firstUse: { ...firstUse, wallMs: firstMs }, returnVisit: { ...returnVisit, wallMs: returnMs }, measurement };
  } finally {
    await context.close();
  }
}

async function embedTimes(browser: Browser, origin: string, ep: 'wasm' | 'webgpu', input: number[]) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/rerank-lab.html?ep=${ep}`);
    const status = await page.evaluate(() => (window as unknown as { imageLab: ImageLab }).imageLab.load());
    if (status.state !== 'ready') throw new Error(`${ep}: ${JSON.stringify(status)}`);
    const { samples } = await page.evaluate(
      ([values, runs, warmup]) => (window as unknown as { imageLab: ImageLab }).imageLab.timeEmbed(values, runs, warmup),
      [input, RUNS, WARMUP] as const,
    );
    return { ep, loadMs: status.info.loadMs, modelBytes: status.info.modelBytes, ...summarize(samples), samples };
  } finally {
    await context.close();
  }
}

async function main() {
  if (!existsSync(path.join(DIST, 'rerank-lab.html'))) throw new Error(`${DIST} has no build: run vite build first`);
  const dataDir = process.env.INSPO_DATA_DIR ?? (await ensureTestIndex());
  const db = new Database(indexPath(dataDir), { readonly: true });
  const stored = readImageEmbeddings(db);
  db.close();
  if (!stored || stored.ids.length === 0) throw new Error(`${dataDir} has no image embeddings`);
  const engine = openSearchService({ dataDir });
  const app = createServer({ engine, distDir: DIST, thumbsDir: thumbsDir(dataDir), rateLimit: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const origin = `http://localhost:${(app.server.address() as AddressInfo).port}`;
  const loadBefore = loadAverage();
  const random = seededRandom(15);
  const input = Array.from({ length: LENGTH }, () => random());
  const pinId = stored.ids[Math.floor(stored.ids.length / 3)]!;

  try {
    // 1. Node: the same model file and input, 1 thread (as the index build).
    const modelPath = path.join(DIST, 'models', IMAGE_ENCODER_FILE);
    const node = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 1, executionProviders: ['cpu'] });
    const tensor = () => new ort.Tensor('float32', Float32Array.from(input), [1, 3, IMAGE_INPUT_SIZE, IMAGE_INPUT_SIZE]);
    for (let i = 0; i < WARMUP; i++) await node.run({ [IMAGE_INPUT_NAME]: tensor() });
    const nodeSamples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await node.run({ [IMAGE_INPUT_NAME]: tensor() });
      nodeSamples.push(performance.now() - started);
    }
    await node.release();

    const wasmBrowser = await launchBenchChromium();
    const gpuBrowser = await launchBenchChromium({ webgpu: true });
    try {
      const wasm = await embedTimes(wasmBrowser, origin, 'wasm', input);
      const webgpu = await embedTimes(gpuBrowser, origin, 'webgpu', input);
      console.log(`embedding: node ${median(nodeSamples).toFixed(1)} ms, wasm ${wasm.p50.toFixed(1)} ms, webgpu ${webgpu.p50.toFixed(1)} ms`);
      const bytesWasm = await bytesScenario(wasmBrowser, origin, pinId, '?ep=wasm', false);
      const bytesAuto = await bytesScenario(gpuBrowser, origin, pinId, '', true);
      const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
      for (const [name, b] of [['?ep=wasm', bytesWasm], ['auto+adapter', bytesAuto]] as const)
        console.log(
          `visual search's bytes, ${name}: first use ${mb(b.firstUse.visualSearch)}, return visit ${mb(b.returnVisit.visualSearch)} ` +
            `(everything the context received meanwhile: ${mb(b.firstUse.total)}, ${mb(b.returnVisit.total)})`,
        );

      // 3. The endpoint over loopback HTTP.
      const apiSamples: number[] = [];
      for (let i = 0; i < API_REQUESTS; i++) {
        const slot = Math.floor(random() * stored.ids.length);
        const vector = Array.from(stored.vectors.subarray(slot * stored.dim, (slot + 1) * stored.dim), (x) =>
          Math.round((x + (random() - 0.5) * 0.01) * 1e6) / 1e6,
        );
        const started = performance.now();
        const response = await fetch(`${origin}/api/v1/visual-search`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ vector, limit: 30, exclude: [stored.ids[slot]] }),
        });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`visual-search answered ${response.status}`);
        apiSamples.push(performance.now() - started);
      }
      const api = summarize(apiSamples);
      console.log(`endpoint: p50 ${api.p50.toFixed(2)} ms, p95 ${api.p95.toFixed(2)} ms`);

      const file = writeResult('visual-search-web', {
        description:
          `Visual search in headless Chromium ${wasmBrowser.version()} on the real build and server over ${dataDir} ` +
          `(${stored.ids.length} pins with image embeddings, model ${IMAGE_ENCODER_FILE}).`,
        loadAverage: { before: loadBefore, after: loadAverage() },
        embeddingMs: {
          note: `session.run per picture (1×3×224×224), median of ${RUNS} after ${WARMUP} warm-up runs, the same input everywhere; browser: the app's worker (rerank lab imageLab), ?ep= forced`,
          node: { threads: 1, ...summarize(nodeSamples) },
          wasm,
          webgpuSwiftShader: webgpu,
          ratioToNode: {
            wasm: Number((wasm.p50 / median(nodeSamples)).toFixed(2)),
            webgpu: Number((webgpu.p50 / median(nodeSamples)).toFixed(1)),
          },
        },
        bytes: {
          note: 'bytes received in the browser context from the click on "Search inside this image" until the results show (headers + bodies; 0 from the HTTP cache); return visit: the closeup reloaded in the same context, another area searched. visualSearch = wasmRuntime + webgpuRuntime + model + visualCode (its chunks and worker) + visualSearchApi (the POST); total also holds what the app fetched meanwhile on its own (service worker precache, reranker, catalogues, result thumbnails)',
          wasm: bytesWasm,
          autoWithAdapter: bytesAuto,
        },
        endpoint: { requests: API_REQUESTS, ...api },
      });
      console.log(`wrote ${file}`);
    } finally {
      await wasmBrowser.close();
      await gpuBrowser.close();
    }
  } finally {
    await app.close();
    engine.close();
  }
}

await main();
