/**
 * Rerank latency in the browser: headless Chromium, WASM EP, the app's own
 * reranker (src/lib/rerank in its Web Worker, driven through /rerank-lab.html),
 * served by the real server (CSP, COOP/COEP). One sample = build the feature
 * matrix for 500 candidates and a 24-event history (src/ranking), score it
 * (postMessage to the worker, session.run, postMessage back), order by score.
 *
 * Next to it, the same work in Node with onnxruntime-node on the same model and
 * inputs, so the ratio web/node is measured on one machine in one run. If the
 * ml bench's bench/results/rerank-latency-node.json exists, it is quoted too.
 *
 * Also checks the bundle budget: initial JS (index.html's script + modulepreloads)
 * ≤ 100 KB gzipped, and onnxruntime-web only in lazy chunks.
 *
 * Builds dist/ if it has no rerank lab. `tsx bench/rerank-latency-web.ts`; writes
 * bench/results/rerank-latency-web.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import * as ortNode from 'onnxruntime-node';
import type { RerankLab } from '@/lib/rerank/lab/rerank-lab';
import { orderByScore } from '@/lib/rerank/rank-order';
import { buildFeatureMatrix, FEATURE_COUNT } from '@/ranking/features';
import { openEngine } from '@/server/engine/open-engine';
import { thumbsDir } from '@/server/engine/schema';
import { createServer } from '@/server/http/create-server';
import { ensureTestIndex } from '@/server/ingest/test-index';
import {
  fixtureCandidates,
  fixtureHistory,
  FIXTURE_NOW_MS,
  FIXTURE_QUERY,
} from './lib/rerank-fixtures';
import { RESULTS_DIR, writeResult } from './lib/results';
import { summarize } from './lib/stats';

const CANDIDATES = 500;
const RUNS = 300;
const WARMUP_RUNS = 30;
const TARGET_P50_MS = 1.5;
const TARGET_RATIO = 3;
const INITIAL_JS_BUDGET_GZIP_BYTES = 100 * 1024;
const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const DIST = path.resolve('dist');
const MODEL_PATH = path.resolve('public', 'models', 'reranker.onnx');

/** index.html's entry script and modulepreloads: what the browser fetches before any click. */
function initialBundle(): {
  files: string[];
  gzipBytes: number;
  ortInInitial: boolean;
  ortChunks: string[];
} {
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const gzipBytes = files.reduce(
    (n, f) => n + gzipSync(readFileSync(path.join(DIST, f)), { level: 9 }).length,
    0,
  );
  const isOrt = (f: string) =>
    readFileSync(path.join(DIST, f), 'utf8').includes('ONNX Runtime Web');
  const ortChunks = readdirSync(path.join(DIST, 'assets'))
    .filter((f) => f.endsWith('.js') && isOrt(`assets/${f}`))
    .map((f) => `assets/${f}`);
  return { files, gzipBytes, ortInInitial: files.some(isOrt), ortChunks };
}

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
  const history = fixtureHistory(FIXTURE_NOW_MS);
  const samples: number[] = [];
  const modelMs: number[] = [];
  const featureMs: number[] = [];
  for (let i = 0; i < WARMUP_RUNS + RUNS; i += 1) {
    const started = performance.now();
    const features = buildFeatureMatrix({
      candidates,
      history,
      nowMs: FIXTURE_NOW_MS,
      query: FIXTURE_QUERY,
    });
    const runStarted = performance.now();
    const out = await session.run({
      features: new ortNode.Tensor('float32', features, [CANDIDATES, FEATURE_COUNT]),
    });
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
  const browser = await chromium.launch({
    headless: true,
    ...(existsSync(SYSTEM_CHROMIUM) ? { executablePath: SYSTEM_CHROMIUM } : {}),
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
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
      history: fixtureHistory(FIXTURE_NOW_MS),
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
    console.log('dist/ has no rerank lab: building the web app');
    const build = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('vite build failed');
  }
  const bundle = initialBundle();

  const dataDir = await ensureTestIndex();
  const engine = openEngine({ dataDir });
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
      'web.modelMs is session.run inside the worker; featureMs is buildFeatureMatrix on the main thread; ' +
        'totalMs = features + the two postMessage hops + session.run + the sort.',
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
    targets: { p50Ms: TARGET_P50_MS, ratio: TARGET_RATIO },
    meetsTargets: { p50: webSummary.p50 <= TARGET_P50_MS, ratio: ratio <= TARGET_RATIO },
    bundle: {
      initialFiles: bundle.files,
      initialJsGzipBytes: bundle.gzipBytes,
      budgetGzipBytes: INITIAL_JS_BUDGET_GZIP_BYTES,
      withinBudget: bundle.gzipBytes <= INITIAL_JS_BUDGET_GZIP_BYTES,
      onnxruntimeInInitialBundle: bundle.ortInInitial,
      onnxruntimeChunks: bundle.ortChunks,
    },
    mlNodeBench: mlNode,
  });
  console.log(
    `web p50 ${webSummary.p50} ms p95 ${webSummary.p95} ms (model ${summarize(web.modelMs).p50} ms)`,
  );
  console.log(`node p50 ${nodeSummary.p50} ms p95 ${nodeSummary.p95} ms; ratio ${ratio}`);
  console.log(
    `initial JS ${(bundle.gzipBytes / 1024).toFixed(1)} KB gzip; ort in initial: ${bundle.ortInInitial}`,
  );
  console.log(`wrote ${file}`);
}

await main();
