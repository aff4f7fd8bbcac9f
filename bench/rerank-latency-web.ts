/**
 * Rerank latency in the browser, side by side with Node, in one run: headless Chromium, WASM EP,
 * the app's own reranker (src/lib/rerank in its Web Worker, driven through /rerank-lab.html),
 * served by the real server (CSP, COOP/COEP: cross-origin isolated, so performance.now() is
 * 5 µs-grained in the page and the worker); and onnxruntime-node (CPU EP, 1 intra-op thread) on
 * the same model and inputs in this process. One sample = one rerank of a pool of 500 candidates
 * and a 64-event history (src/ranking/sequence-inputs.ts), from a freshly parsed copy of the
 * candidates (as a pool from the network):
 *
 * - web: one call of rerankPage (src/lib/rerank/rerank-page.ts, what every pool and page of the
 *   grid and of "More like this" goes through): inputs built and packed on the main thread, the
 *   packed buffer transferred to the worker, session.run, the scores transferred back, the order.
 * - node: the same inputs built and packed, split into the graph's tensors, session.run, the order.
 *
 * Fair by construction: each repeat opens a fresh browser and a fresh Node session, warms both by
 * the same number of runs, then alternates blocks of runs (web, node, node, web, …) so that both
 * sides see the same machine; the ratio web/node is taken from those interleaved samples. Repeats
 * (fresh browser each: WebAssembly compile and tier-up again) show how much a run varies.
 *
 * Also reports the bundle budget (scripts/lib/initial-bundle.ts, the same check CI runs):
 * initial JS ≤ 100 KB gzipped, and onnxruntime-web only in lazy chunks.
 *
 * Builds dist/ (or $INSPO_DIST_DIR) if it has no rerank lab. `tsx bench/rerank-latency-web.ts
 * [--repeats N]`; writes bench/results/rerank-latency-web.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import * as ortNode from 'onnxruntime-node';
import * as ortWasm from 'onnxruntime-web/wasm';
import type { Page } from '@playwright/test';
import type { RerankLab } from '@/lib/rerank/lab/rerank-lab';
import { orderByScore } from '@/lib/rerank/rank-order';
import {
  buildSequenceInputs,
  packSequenceInputs,
  unpackSequenceInputs,
  type SequenceInputs,
} from '@/ranking/sequence-inputs';
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
import { median, summarize, type LatencySummary } from './lib/stats';

const CANDIDATES = 500;
/** Timed runs per side and repeat: BLOCKS blocks of RUNS_PER_BLOCK, the sides interleaved. */
const BLOCKS = 30;
const RUNS_PER_BLOCK = 10;
/**
 * Untimed runs per side before the timed blocks. Chromium starts WebAssembly in its baseline
 * compiler (Liftoff) and moves hot functions to its optimizing one (TurboFan) in the background
 * as they run, so the first runs after a load are slower than the rest; the same count for Node,
 * whose native code needs none.
 */
const WARMUP_RUNS = 100;
/** Of those, the first ones, reported apart (afterLoad): the reranks a visit does first. */
const AFTER_LOAD_RUNS = 25;
const TARGET_P50_MS = 2;
const TARGET_RATIO = 2;
/** INSPO_DIST_DIR: parallel runs each measure their own build (as in the e2e suite). */
const DIST = path.resolve(process.env.INSPO_DIST_DIR || 'dist');
const MODEL_PATH = path.resolve('public', 'models', 'reranker.onnx');

const { values: args } = parseArgs({ options: { repeats: { type: 'string', default: '3' } } });
const REPEATS = Number(args.repeats);
if (!Number.isInteger(REPEATS) || REPEATS < 1)
  throw new Error(`--repeats must be a whole number ≥ 1, got "${args.repeats}"`);

const input = {
  candidates: fixtureCandidates(CANDIDATES),
  history: fixtureHistory(FIXTURE_NOW_MS, undefined, FIXTURE_HISTORY_EVENTS),
  nowMs: FIXTURE_NOW_MS,
  query: FIXTURE_QUERY,
};

interface Samples {
  totalMs: number[];
  featureMs: number[];
  modelMs: number[];
}

const round = (ms: number) => Number(ms.toFixed(3));

const emptySamples = (): Samples => ({ totalMs: [], featureMs: [], modelMs: [] });

function append(into: Samples, from: Samples): void {
  into.totalMs.push(...from.totalMs);
  into.featureMs.push(...from.featureMs);
  into.modelMs.push(...from.modelMs);
}

/** Total − inputs − session.run: on the web the two worker hops, the controller and the sort; in Node the sort. */
const restMs = (s: Samples): number[] =>
  s.totalMs.map((t, i) => t - (s.featureMs[i] as number) - (s.modelMs[i] as number));

function describe(s: Samples) {
  return {
    totalMs: summarize(s.totalMs),
    featureMs: summarize(s.featureMs),
    modelMs: summarize(s.modelMs),
    restMs: summarize(restMs(s)),
  };
}

/** A scorer in this process: onnxruntime-node, or onnxruntime-web's WebAssembly build run by Node. */
interface InProcess {
  run(x: SequenceInputs): Promise<Float32Array>;
  release(): Promise<void>;
}

async function openNode(): Promise<InProcess> {
  const session = await ortNode.InferenceSession.create(MODEL_PATH, {
    executionProviders: ['cpu'],
    intraOpNumThreads: 1,
  });
  return {
    run: async (x) =>
      (await session.run(sequenceFeeds(ortNode.Tensor, x))).scores!.data as Float32Array,
    release: () => session.release(),
  };
}

/**
 * The browser's runtime and kernels (onnxruntime-web, the same SIMD WebAssembly build, 1 thread)
 * without the browser: no worker, no postMessage. Diagnostic: web / this is what the page and its
 * worker add; this / node is what WebAssembly kernels cost against native ones.
 */
async function openNodeWasm(): Promise<InProcess> {
  ortWasm.env.wasm.numThreads = 1;
  ortWasm.env.wasm.proxy = false;
  ortWasm.env.wasm.wasmPaths = `${path.resolve('node_modules', 'onnxruntime-web', 'dist')}/`;
  const session = await ortWasm.InferenceSession.create(
    new Uint8Array(await readFile(MODEL_PATH)),
    {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'all',
    },
  );
  return {
    async run(x) {
      const out = (await session.run(sequenceFeeds(ortWasm.Tensor, x))).scores!;
      const scores = (await out.getData()) as Float32Array;
      out.dispose();
      return scores;
    },
    release: () => session.release(),
  };
}

/** The same work as the page's rerankPage, in this process: inputs, packed and split as the worker splits them, session.run, order. */
async function inProcessRuns(scorer: InProcess, runs: number): Promise<Samples> {
  const out = emptySamples();
  // A freshly parsed copy per run, as in the browser (rerank-lab.ts).
  const wire = JSON.stringify(input.candidates);
  for (let i = 0; i < runs; i += 1) {
    const candidates = JSON.parse(wire) as typeof input.candidates;
    const started = performance.now();
    const packed = packSequenceInputs(buildSequenceInputs({ ...input, candidates }));
    const runStarted = performance.now();
    const scores = await scorer.run(unpackSequenceInputs(packed, candidates.length));
    const ran = performance.now() - runStarted;
    orderByScore(scores);
    out.totalMs.push(performance.now() - started);
    out.featureMs.push(runStarted - started);
    out.modelMs.push(ran);
  }
  return out;
}

async function webRuns(page: Page, runs: number): Promise<Samples> {
  const timed = await page.evaluate(
    (options) => (window as unknown as { rerankLab: RerankLab }).rerankLab.timeRerank(options),
    { ...input, runs, warmupRuns: 0 },
  );
  if (timed.ep !== 'wasm') throw new Error(`the lab ran on ${timed.ep}, not wasm`);
  return { totalMs: timed.samples, featureMs: timed.featureMs, modelMs: timed.modelMs };
}

/** What the page's clock can resolve: the smallest step performance.now() takes. */
function pageClock(page: Page) {
  return page.evaluate(() => {
    let step = Infinity;
    let last = performance.now();
    for (let i = 0; i < 200_000 && step > 0.001; i += 1) {
      const now = performance.now();
      if (now > last) step = Math.min(step, now - last);
      last = now;
    }
    return { crossOriginIsolated: self.crossOriginIsolated, resolutionMs: step };
  });
}

const SIDES = ['web', 'node', 'nodeWasm'] as const;
type Side = (typeof SIDES)[number];

interface Repeat {
  samples: Record<Side, Samples>;
  /** The first AFTER_LOAD_RUNS warm-up runs: what the first reranks after a page load cost. */
  afterLoad: Record<Side, Samples>;
  /** p50 of each block, in the order run: how the figures move within a repeat. */
  blockP50: ({ webModel: number } & Record<Side, number>)[];
  loadAverage: number[];
}

async function repeat(
  origin: string,
): Promise<Repeat & { browserVersion: string; status: unknown; clock: unknown }> {
  const browser = await launchBenchChromium();
  const node = await openNode();
  const nodeWasm = await openNodeWasm();
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/rerank-lab.html?ep=wasm`);
    const status = await page.evaluate(() =>
      (window as unknown as { rerankLab: RerankLab }).rerankLab.ready(),
    );
    if (status.state !== 'ready')
      throw new Error(`reranker did not load: ${JSON.stringify(status)}`);
    const clock = await pageClock(page);
    const runs = (side: Side, n: number): Promise<Samples> =>
      side === 'web' ? webRuns(page, n) : inProcessRuns(side === 'node' ? node : nodeWasm, n);
    const afterLoad = {} as Record<Side, Samples>;
    for (const side of SIDES) {
      const warm = await runs(side, WARMUP_RUNS);
      afterLoad[side] = {
        totalMs: warm.totalMs.slice(0, AFTER_LOAD_RUNS),
        featureMs: warm.featureMs.slice(0, AFTER_LOAD_RUNS),
        modelMs: warm.modelMs.slice(0, AFTER_LOAD_RUNS),
      };
    }
    const samples = { web: emptySamples(), node: emptySamples(), nodeWasm: emptySamples() };
    const blockP50: Repeat['blockP50'] = [];
    const loadAverage: number[] = [];
    for (let b = 0; b < BLOCKS; b += 1) {
      loadAverage.push(os.loadavg()[0] as number);
      // web, node, nodeWasm; node, nodeWasm, web; …: no side always runs first or right after another.
      const block = {} as Record<Side, Samples>;
      for (let k = 0; k < SIDES.length; k += 1) {
        const side = SIDES[(b + k) % SIDES.length]!;
        block[side] = await runs(side, RUNS_PER_BLOCK);
        append(samples[side], block[side]);
      }
      blockP50.push({
        web: round(median(block.web.totalMs)),
        webModel: round(median(block.web.modelMs)),
        node: round(median(block.node.totalMs)),
        nodeWasm: round(median(block.nodeWasm.totalMs)),
      });
    }
    loadAverage.push(os.loadavg()[0] as number);
    return {
      samples,
      afterLoad,
      blockP50,
      loadAverage,
      browserVersion: browser.version(),
      status,
      clock,
    };
  } finally {
    await node.release();
    await nodeWasm.release();
    await browser.close();
  }
}

const ratioOf = (web: LatencySummary, node: LatencySummary) =>
  Number((web.p50 / node.p50).toFixed(2));

async function main() {
  if (!existsSync(path.join(DIST, 'rerank-lab.html'))) {
    console.log(`${DIST} has no rerank lab: building the web app`);
    const build = spawnSync('npx', ['vite', 'build', '--outDir', DIST, '--emptyOutDir'], {
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('vite build failed');
  }
  const bundle = readInitialBundle(DIST);
  const bundleVerdict = budgetVerdict(bundle);

  const dataDir = await ensureTestIndex();
  const engine = openSearchService({ dataDir });
  const app = createServer({ engine, distDir: DIST, thumbsDir: thumbsDir(dataDir) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const repeats: Awaited<ReturnType<typeof repeat>>[] = [];
  try {
    for (let r = 0; r < REPEATS; r += 1) {
      // localhost, not 127.0.0.1: a secure context, as in the e2e suite.
      const one = await repeat(`http://localhost:${port}`);
      repeats.push(one);
      const w = summarize(one.samples.web.totalMs);
      const n = summarize(one.samples.node.totalMs);
      console.log(
        `repeat ${r + 1}/${REPEATS}: web p50 ${w.p50} ms, node p50 ${n.p50} ms, ratio ${ratioOf(w, n)}; ` +
          `load ${one.loadAverage[0]?.toFixed(2)}–${one.loadAverage.at(-1)?.toFixed(2)}`,
      );
    }
  } finally {
    await app.close();
    engine.close();
  }

  const pooled = (pick: (one: Repeat) => Samples) => {
    const all = emptySamples();
    for (const one of repeats) append(all, pick(one));
    return describe(all);
  };
  const summary = {
    web: pooled((one) => one.samples.web),
    node: pooled((one) => one.samples.node),
    nodeWasm: pooled((one) => one.samples.nodeWasm),
  };
  const afterLoad = {
    web: pooled((one) => one.afterLoad.web),
    node: pooled((one) => one.afterLoad.node),
    nodeWasm: pooled((one) => one.afterLoad.nodeWasm),
  };
  const ratio = ratioOf(summary.web.totalMs, summary.node.totalMs);
  const modelRatio = ratioOf(summary.web.modelMs, summary.node.modelMs);
  const loads = repeats.flatMap((one) => one.loadAverage);
  const first = repeats[0]!;
  const mlNodeFile = path.join(RESULTS_DIR, 'rerank-latency-node.json');
  const mlNode = existsSync(mlNodeFile)
    ? (JSON.parse(readFileSync(mlNodeFile, 'utf8')) as unknown)
    : null;

  const file = writeResult('rerank-latency-web', {
    description:
      `Rerank of ${CANDIDATES} candidates including feature building (src/ranking) and ordering, side by side in one run: ` +
      `headless Chromium ${first.browserVersion}, WASM EP, 1 thread, in the app's Web Worker (postMessage both ways ` +
      `included); onnxruntime-node ${ortNode.env.versions.common} (CPU EP, 1 intra-op thread) in the bench's process; and, ` +
      `as a diagnostic, onnxruntime-web's WebAssembly build run by Node in the same process (nodeWasm). ` +
      `${REPEATS} repeats (fresh browser and sessions each); per repeat ${WARMUP_RUNS} warm-up runs per side, then ` +
      `${BLOCKS} blocks of ${RUNS_PER_BLOCK} timed runs per side, the sides in rotating order.`,
    notes: [
      'web.totalMs is one rerankPage call (src/lib/rerank/rerank-page.ts, what personalizePage awaits for every pool or page): ' +
        'featureMs is buildSequenceInputs + packing on the main thread, modelMs is session.run inside the worker (tensors and ' +
        'output copy included), and restMs the rest: the two postMessage hops between the threads, the controller and the sort. ' +
        'node and nodeWasm: featureMs the same inputs, modelMs tensors + session.run, restMs the sort. Each run gets a freshly ' +
        'parsed copy of the candidates (as a pool from the network), in the browser and in Node.',
      'Summaries pool every timed run of every repeat. ratio = web.totalMs.p50 / node.totalMs.p50 over those interleaved runs; ' +
        'modelRatio = the same for session.run alone; wasm splits it: web / nodeWasm is what the browser and its worker add to ' +
        "the same WebAssembly, nodeWasm / node what WebAssembly kernels cost against native ones; repeats[] has each repeat's own figures.",
      `afterLoad: the first ${AFTER_LOAD_RUNS} warm-up runs of each repeat, pooled. Chromium runs WebAssembly first from its ` +
        'baseline compiler and optimizes hot functions in the background as they run, so the reranks right after a load are ' +
        'slower than the steady state the timed blocks measure; onnxruntime-node is native code from the start.',
      'clock: the page is cross-origin isolated (COOP/COEP), so performance.now() steps by 5 µs, not 100 µs, ' +
        'in the page and in its worker.',
    ],
    model: {
      path: 'public/models/reranker.onnx',
      version:
        first.status && typeof first.status === 'object' && 'info' in first.status
          ? (first.status as { info: { modelVersion: string } }).info.modelVersion
          : null,
    },
    clock: first.clock,
    web: { ep: 'wasm', ...summary.web },
    node: summary.node,
    nodeWasm: summary.nodeWasm,
    ratio,
    modelRatio,
    wasm: {
      webToNodeWasm: ratioOf(summary.web.totalMs, summary.nodeWasm.totalMs),
      nodeWasmToNode: ratioOf(summary.nodeWasm.totalMs, summary.node.totalMs),
      modelNodeWasmToNode: ratioOf(summary.nodeWasm.modelMs, summary.node.modelMs),
    },
    afterLoad: {
      runs: AFTER_LOAD_RUNS,
      ...afterLoad,
      ratio: ratioOf(afterLoad.web.totalMs, afterLoad.node.totalMs),
      /** The very first rerank of each repeat: the first pool the page reranks once the model is ready. */
      firstRunMs: repeats.map((one) => ({
        web: round(one.afterLoad.web.totalMs[0]!),
        webModel: round(one.afterLoad.web.modelMs[0]!),
        node: round(one.afterLoad.node.totalMs[0]!),
        nodeWasm: round(one.afterLoad.nodeWasm.totalMs[0]!),
      })),
    },
    repeats: repeats.map((one) => {
      const p50 = (s: Samples) => summarize(s.totalMs).p50;
      const model = (s: Samples) => summarize(s.modelMs).p50;
      return {
        webP50Ms: p50(one.samples.web),
        nodeP50Ms: p50(one.samples.node),
        nodeWasmP50Ms: p50(one.samples.nodeWasm),
        ratio: round(p50(one.samples.web) / p50(one.samples.node)),
        webModelP50Ms: model(one.samples.web),
        nodeModelP50Ms: model(one.samples.node),
        nodeWasmModelP50Ms: model(one.samples.nodeWasm),
        blockP50Ms: one.blockP50,
        loadAverage: one.loadAverage,
      };
    }),
    /** The machine is shared: its 1-minute load average before each block and after the last. */
    loadAverage: { min: Math.min(...loads), max: Math.max(...loads), median: median(loads) },
    targets: { p50Ms: TARGET_P50_MS, ratio: TARGET_RATIO },
    meetsTargets: {
      p50: summary.web.totalMs.p50 <= TARGET_P50_MS,
      ratio: ratio <= TARGET_RATIO,
    },
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
  const line = (name: string, s: ReturnType<typeof describe>) =>
    `${name} p50 ${s.totalMs.p50} ms (inputs ${s.featureMs.p50}, session.run ${s.modelMs.p50}, ` +
    `rest ${s.restMs.p50}), p95 ${s.totalMs.p95} ms`;
  console.log(line('web', summary.web));
  console.log(line('node', summary.node));
  console.log(line('node, onnxruntime-web wasm', summary.nodeWasm));
  console.log(`ratio web/node ${ratio} (session.run alone ${modelRatio})`);
  console.log(
    `first ${AFTER_LOAD_RUNS} runs after load: web p50 ${afterLoad.web.totalMs.p50} ms ` +
      `(session.run ${afterLoad.web.modelMs.p50}), node p50 ${afterLoad.node.totalMs.p50} ms; the first one: web ` +
      repeats.map((one) => one.afterLoad.web.totalMs[0]!.toFixed(1)).join(', ') +
      ' ms',
  );
  console.log(
    `initial JS ${formatKb(bundle.gzipBytes)} gzip; budget: ${bundleVerdict.ok ? 'met' : bundleVerdict.failures.join('; ')}`,
  );
  console.log(`wrote ${file}`);
}

await main();
