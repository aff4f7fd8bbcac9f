/**
 * Rerank latency in the browser: headless Chromium, WASM EP, the app's own
 * reranker (src/lib/rerank in its Web Worker, driven through /rerank-lab.html),
 * served by the real server (CSP, COOP/COEP). One sample = one call of
 * rerankPage (src/lib/rerank/rerank-page.ts), the function every page of the
 * grid and of "More like this" goes through: build the sequence model's inputs
 * for a pool of 500 candidates and a 64-event history (src/ranking/sequence-inputs.ts),
 * score them (postMessage to the worker, session.run, postMessage back), order by score.
 *
 * Next to it, the same work in Node with onnxruntime-node on the same model and
 * inputs, so the ratio web/node is measured on one machine in one run. If the
 * ml bench's bench/results/rerank-latency-node.json exists, it is quoted too.
 *
 * Also reports the bundle budget (scripts/lib/initial-bundle.ts, the same check CI runs):
 * initial JS ≤ 100 KB gzipped, and onnxruntime-web only in lazy chunks.
 *
 * Builds dist/ (or $INSPO_DIST_DIR) if it has no rerank lab. `tsx bench/rerank-latency-web.ts`; writes
 * bench/results/rerank-latency-web.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as ortNode from 'onnxruntime-node';
import type { RerankLab } from '@/lib/rerank/lab/rerank-lab';
import { orderByScore } from '@/lib/rerank/rank-order';
import { buildSequenceInputs } from '@/ranking/sequence-inputs';
import { openSearchService } from '@/server/service/search-service';
import { thumbsDir } from '@/server/engine/schema';
import { createServer } from '@/server/http/create-server';
import { ensureTestIndex } from '@/server/ingest/test-index';
import {
  budgetVerdict,
  formatKb,
  INITIAL_JS_BUDGET_GZIP_BYTES,
  readInitialBundle,
} from '../scripts/lib/initial-bundle';
import {
  fixtureCandidates,
  fixtureHistory,
  FIXTURE_HISTORY_EVENTS,
  FIXTURE_NOW_MS,
  FIXTURE_QUERY,
  sequenceFeeds,
} from './lib/rerank-fixtures';
import { launchBenchChromium } from './lib/launch-chromium';
import { RESULTS_DIR, writeResult } from './lib/results';
import { summarize } from './lib/stats';

const CANDIDATES = 500;
const RUNS = 300;
const WARMUP_RUNS = 30;
const TARGET_P50_MS = 2;
const TARGET_RATIO = 2;
/** INSPO_DIST_DIR: parallel runs each measure their own build (as in the e2e suite). */
const DIST = path.resolve(process.env.INSPO_DIST_DIR || 'dist');
const MODEL_PATH = path.resolve('public', 'models', 'reranker.onnx');

async function nodeSamples(): Promise<{
  samples: number[];
  featureMs: number[];
  modelMs: number[];
}> {
  const session = await ortNode.InferenceSession.create(MODEL_PATH, {
    executionProviders: ['cpu'],
    intraOpNumThreads: 1,
  });
  const candidates = fixtureCandidates(CANDIDATES);
  const history = fixtureHistory(FIXTURE_NOW_MS, undefined, FIXTURE_HISTORY_EVENTS);
  const samples: number[] = [];
  const modelMs: number[] = [];
  const featureMs: number[] = [];
  // A freshly parsed copy per run, as in the browser (rerank-lab.ts).
  const wire = JSON.stringify(candidates);
  for (let i = 0; i < WARMUP_RUNS + RUNS; i += 1) {
    const page = JSON.parse(wire) as typeof candidates;
    const started = performance.now();
    const inputs = buildSequenceInputs({
      candidates: page,
      history,
      nowMs: FIXTURE_NOW_MS,
      query: FIXTURE_QUERY,
    });
    const runStarted = performance.now();
    const out = await session.run(sequenceFeeds(ortNode.Tensor, inputs));
    const ran = performance.now() - runStarted;
    orderByScore(out.scores!.data as Float32Array);
    if (i >= WARMUP_RUNS) {
      samples.push(performance.now() - started);
      modelMs.push(ran);
      featureMs.push(runStarted - started);
    }
  }
  await session.release();
  return { samples, featureMs, modelMs };
}

async function webSamples(origin: string) {
  const browser = await launchBenchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/rerank-lab.html?ep=wasm`);
    const status = await page.evaluate(() =>
      (window as unknown as { rerankLab: RerankLab }).rerankLab.ready(),
    );
    if (status.state !== 'ready')
      throw new Error(`reranker did not load: ${JSON.stringify(status)}`);
    const input = {
      candidates: fixtureCandidates(CANDIDATES),
      history: fixtureHistory(FIXTURE_NOW_MS, undefined, FIXTURE_HISTORY_EVENTS),
      nowMs: FIXTURE_NOW_MS,
      query: FIXTURE_QUERY,
      runs: RUNS,
      warmupRuns: WARMUP_RUNS,
    };
    const timed = await page.evaluate(
      (options) => (window as unknown as { rerankLab: RerankLab }).rerankLab.timeRerank(options),
      input,
    );
    const browserVersion = browser.version();
    return { ...timed, status, browserVersion };
  } finally {
    await browser.close();
  }
}

async function main() {
  if (!existsSync(path.join(DIST, 'rerank-lab.html'))) {
    console.log(`${DIST} has no rerank lab: building the web app`);
    const build = spawnSync('npx', ['vite', 'build', '--outDir', DIST, '--emptyOutDir'], {
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('vite build failed');
  }
  const bundle = readInitialBundle(DIST);
  const loadBefore = os.loadavg()[0];
  const bundleVerdict = budgetVerdict(bundle);

  const dataDir = await ensureTestIndex();
  const engine = openSearchService({ dataDir });
  const app = createServer({ engine, distDir: DIST, thumbsDir: thumbsDir(dataDir) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  let web;
  try {
    // localhost, not 127.0.0.1: a secure context, as in the e2e suite.
    web = await webSamples(`http://localhost:${port}`);
  } finally {
    await app.close();
    engine.close();
  }
  const node = await nodeSamples();

  const webSummary = summarize(web.samples);
  const nodeSummary = summarize(node.samples);
  const ratio = Number((webSummary.p50 / nodeSummary.p50).toFixed(2));
  const modelRatio = Number((summarize(web.modelMs).p50 / summarize(node.modelMs).p50).toFixed(2));
  const mlNodeFile = path.join(RESULTS_DIR, 'rerank-latency-node.json');
  const mlNode = existsSync(mlNodeFile)
    ? (JSON.parse(readFileSync(mlNodeFile, 'utf8')) as unknown)
    : null;

  const file = writeResult('rerank-latency-web', {
    description:
      `Rerank of ${CANDIDATES} candidates including feature building (src/ranking) and ordering: ` +
      `headless Chromium ${web.browserVersion}, WASM EP, 1 thread, in the app's Web Worker (postMessage both ways ` +
      `included); and the same in Node with onnxruntime-node (CPU EP, 1 intra-op thread). ${RUNS} timed runs after ${WARMUP_RUNS} warm-up runs.`,
    notes: [
      'web.totalMs is one rerankPage call (src/lib/rerank/rerank-page.ts, what personalizePage awaits for every pool or page): ' +
        'featureMs is buildSequenceInputs + packing on the main thread, modelMs is session.run inside the worker, and the rest is ' +
        'the two postMessage hops, the controller and the sort. Each run gets a freshly parsed copy of the candidates ' +
        '(as a page from the network), in the browser and in Node.',
      'ratio = web.totalMs.p50 / node.totalMs.p50, same model, inputs and machine; modelRatio = the same for session.run alone.',
    ],
    model: {
      path: 'public/models/reranker.onnx',
      version: web.status.state === 'ready' ? web.status.info.modelVersion : null,
    },
    web: {
      ep: web.ep,
      totalMs: webSummary,
      featureMs: summarize(web.featureMs),
      modelMs: summarize(web.modelMs),
    },
    node: {
      totalMs: nodeSummary,
      featureMs: summarize(node.featureMs),
      modelMs: summarize(node.modelMs),
    },
    ratio,
    modelRatio,
    /** The machine is shared: its 1-minute load average before and after the timed runs. */
    loadAverage: { before: loadBefore, after: os.loadavg()[0] },
    targets: { p50Ms: TARGET_P50_MS, ratio: TARGET_RATIO },
    meetsTargets: { p50: webSummary.p50 <= TARGET_P50_MS, ratio: ratio <= TARGET_RATIO },
    bundle: {
      initialFiles: bundle.files.map((f) => f.file),
      initialJsGzipBytes: bundle.gzipBytes,
      budgetGzipBytes: INITIAL_JS_BUDGET_GZIP_BYTES,
      withinBudget: bundle.gzipBytes <= INITIAL_JS_BUDGET_GZIP_BYTES,
      onnxruntimeInInitialBundle: bundle.initialOnnxRuntime.length > 0,
      lazyViolations: bundle.lazyViolations,
      onnxruntimeChunks: bundle.onnxRuntimeChunks,
      budgetMet: bundleVerdict.ok,
    },
    mlNodeBench: mlNode,
  });
  console.log(
    `web p50 ${webSummary.p50} ms p95 ${webSummary.p95} ms (model ${summarize(web.modelMs).p50} ms)`,
  );
  console.log(`node p50 ${nodeSummary.p50} ms p95 ${nodeSummary.p95} ms; ratio ${ratio}`);
  console.log(
    `initial JS ${formatKb(bundle.gzipBytes)} gzip; budget: ${bundleVerdict.ok ? 'met' : bundleVerdict.failures.join('; ')}`,
  );
  console.log(`wrote ${file}`);
}

await main();
