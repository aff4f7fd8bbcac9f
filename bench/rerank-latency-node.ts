/**
 * Rerank latency in Node: onnxruntime-node (CPU EP) scoring a pool of 500 candidates with the
 * sequence model, input building (src/ranking/sequence-inputs.ts) and the final sort included, on
 * the committed public/models/reranker.onnx. Two inputs: the seeded fixtures the browser bench
 * uses (bench/lib/rerank-fixtures.ts: 500 candidates, a 64-event history), so web/node compare
 * like for like, and a real pool (the engine's first 500 results for a broad query, history from
 * the simulated user with the most events). 1 intra-op thread (what the WASM EP gets) and ORT's
 * default. `tsx bench/rerank-latency-node.ts`; writes bench/results/rerank-latency-node.json.
 * Needs the index (`npm run index`).
 */
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { orderByScore } from '@/ml/eval/ndcg';
import { loadCorpus } from '@/ml/simulate/corpus';
import { simulate } from '@/ml/simulate/simulate';
import { indexCorpus } from '@/ml/simulate/users';
import type { EngagementEvent } from '@/ranking/engagement';
import type { RankingCandidate } from '@/ranking/feature-spec';
import { buildSequenceInputs } from '@/ranking/sequence-inputs';
import { sequenceFeeds } from './lib/rerank-fixtures';
import { openSearchService } from '@/server/service/search-service';
import {
  fixtureCandidates,
  fixtureHistory,
  FIXTURE_HISTORY_EVENTS,
  FIXTURE_NOW_MS,
  FIXTURE_QUERY,
} from './lib/rerank-fixtures';
import { writeResult } from './lib/results';
import { summarize, type LatencySummary } from './lib/stats';

const CANDIDATES = 500;
const RUNS = 500;
const WARMUP_RUNS = 50;
const MODEL_PATH = path.resolve('public', 'models', 'reranker.onnx');
const CARD_PATH = path.resolve('public', 'models', 'model-card.json');
const DATA_DIR = path.resolve(process.env.INSPO_DATA_DIR ?? 'data');
/** A broad query with well over 500 matches in the full corpus. */
const REAL_QUERY = 'symbol';
const SIM_SEED = 7;

interface Input {
  candidates: RankingCandidate[];
  history: EngagementEvent[];
  nowMs: number;
  query: string;
}

interface Timing {
  totalMs: LatencySummary;
  featureMs: LatencySummary;
  modelMs: LatencySummary;
}

async function time(session: ort.InferenceSession, input: Input): Promise<Timing> {
  const total: number[] = [];
  const feature: number[] = [];
  const model: number[] = [];
  // A freshly parsed copy of the page per run, as the browser gets each page from the network.
  const wire = JSON.stringify(input.candidates);
  for (let i = 0; i < WARMUP_RUNS + RUNS; i++) {
    const page = { ...input, candidates: JSON.parse(wire) as RankingCandidate[] };
    const started = performance.now();
    const inputs = buildSequenceInputs(page);
    const featured = performance.now();
    const out = await session.run(sequenceFeeds(ort.Tensor, inputs));
    const scored = performance.now();
    orderByScore(out.scores?.data as Float32Array);
    if (i >= WARMUP_RUNS) {
      total.push(performance.now() - started);
      feature.push(featured - started);
      model.push(scored - featured);
    }
  }
  return { totalMs: summarize(total), featureMs: summarize(feature), modelMs: summarize(model) };
}

/** The engine's first 500 results for a broad query, and the history of a simulated user with many actions. */
function realInput(): Input {
  const engine = openSearchService({ dataDir: DATA_DIR });
  try {
    const candidates = engine.search({
      q: REAL_QUERY,
      refine: [],
      offset: 0,
      limit: CANDIDATES,
    }).items;
    const corpus = loadCorpus(DATA_DIR);
    const logs = simulate({ index: indexCorpus(corpus), engine, users: 50, seed: SIM_SEED });
    const richest = logs.reduce((a, b) => (b.events.length > a.events.length ? b : a));
    const last = richest.events[richest.events.length - 1];
    return {
      candidates,
      history: richest.events,
      nowMs: (last?.at ?? 0) + 60_000,
      query: REAL_QUERY,
    };
  } finally {
    engine.close();
  }
}

const fixture: Input = {
  candidates: fixtureCandidates(CANDIDATES),
  history: fixtureHistory(FIXTURE_NOW_MS, undefined, FIXTURE_HISTORY_EVENTS),
  nowMs: FIXTURE_NOW_MS,
  query: FIXTURE_QUERY,
};
const real = realInput();
const card = JSON.parse(fs.readFileSync(CARD_PATH, 'utf8')) as {
  version: string;
  parameters: number;
};

const results: Record<string, Record<string, Timing>> = {};
for (const [threadsName, opts] of [
  ['oneThread', { executionProviders: ['cpu'], intraOpNumThreads: 1 }],
  ['defaultThreads', { executionProviders: ['cpu'] }],
] as const) {
  const session = await ort.InferenceSession.create(MODEL_PATH, opts);
  results[threadsName] = {
    fixture: await time(session, fixture),
    realPage: await time(session, real),
  };
  await session.release();
}

const one = results.oneThread as Record<string, Timing>;
const file = writeResult('rerank-latency-node', {
  description:
    `Rerank of ${CANDIDATES} candidates in Node with onnxruntime-node ${ort.env.versions.common} (CPU EP): ` +
    `buildSequenceInputs (src/ranking) + session.run + sort, ${RUNS} timed runs after ${WARMUP_RUNS} warm-up runs.`,
  notes: [
    `fixture = bench/lib/rerank-fixtures.ts (500 candidates, ${FIXTURE_HISTORY_EVENTS}-event history, the browser bench’s inputs); ` +
      `realPage = the engine’s first ${real.candidates.length} results for "${REAL_QUERY}" with a simulated user’s ${real.history.length}-event history (the model reads the last 64).`,
    'oneThread (intraOpNumThreads 1) is the like-for-like figure for the WASM EP; defaultThreads is ORT’s default.',
  ],
  model: {
    path: 'public/models/reranker.onnx',
    version: card.version,
    parameters: card.parameters,
  },
  candidates: CANDIDATES,
  ...results,
  headline: {
    p50Ms: one.fixture?.totalMs.p50,
    p95Ms: one.fixture?.totalMs.p95,
    realPageP50Ms: one.realPage?.totalMs.p50,
    realPageP95Ms: one.realPage?.totalMs.p95,
  },
});
console.log(
  `fixture p50 ${one.fixture?.totalMs.p50} ms, p95 ${one.fixture?.totalMs.p95} ms; real page p50 ${one.realPage?.totalMs.p50} ms → ${file}`,
);
