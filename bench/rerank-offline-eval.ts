/**
 * Offline evaluation of the committed reranker (public/models/reranker.onnx, weights read back
 * from the ONNX file) on held-out simulated users: NDCG@10 of the server order, the cosine
 * heuristic, a category heuristic and the model, for all impressions, impressions with history,
 * and the same impressions with the history removed. Then an ablation: the same training run
 * with query_title_match masked, and with every history feature masked, to show how much of the
 * gain is personalization. `tsx bench/rerank-offline-eval.ts [--no-ablation]`; writes
 * bench/results/rerank-offline-eval.json. Needs the index (`npm run index`); the ablation
 * trains two models (minutes).
 */
import fs from 'node:fs';
import path from 'node:path';
import { offlineEval, type OfflineEvalReport } from '@/ml/eval/offline-eval';
import { readOnnxModel } from '@/ml/export/onnx-read';
import { loadCorpus } from '@/ml/simulate/corpus';
import { indexCorpus } from '@/ml/simulate/users';
import {
  DEFAULT_SEED,
  heldOutEvalSet,
  runTraining,
  type PipelineOptions,
} from '@/ml/train/pipeline';
import { FEATURE_INDEX, FEATURE_NAMES, type FeatureName } from '@/ranking/feature-spec';
import { openSearchService } from '@/server/service/search-service';
import { writeResult } from './lib/results';

const DATA_DIR = path.resolve(process.env.INSPO_DATA_DIR ?? 'data');
const MODELS = path.resolve('public', 'models');
const TARGET_RELATIVE_GAIN = 0.2;
const NO_HISTORY_TOLERANCE = 0.01;

const card = JSON.parse(fs.readFileSync(path.join(MODELS, 'model-card.json'), 'utf8')) as {
  version: string;
  parameters: number;
  data: { seed?: number; evalUsers?: number; trainUsers?: number; validUsers?: number };
  training: { epochs?: number };
};
const seed = card.data.seed ?? DEFAULT_SEED;
const evalUsers = card.data.evalUsers ?? 600;
const { model } = readOnnxModel(
  new Uint8Array(fs.readFileSync(path.join(MODELS, 'reranker.onnx'))),
);

const engine = openSearchService({ dataDir: DATA_DIR });
const corpus = loadCorpus(DATA_DIR);
const evalSet = heldOutEvalSet(indexCorpus(corpus), engine, evalUsers, seed);
engine.close();
const report = offlineEval(model, evalSet.lists, evalSet.noHistory);

/** Every history feature: the contiguous run of FEATURE_NAMES from attention_similarity to engaged_pin. */
const HISTORY_FEATURES: FeatureName[] = FEATURE_NAMES.slice(
  FEATURE_INDEX.attention_similarity,
  FEATURE_INDEX.engaged_pin + 1,
);

async function ablation(
  name: string,
  maskFeatures: FeatureName[],
): Promise<{ name: string; masked: FeatureName[]; metrics: OfflineEvalReport }> {
  const opts: PipelineOptions = {
    dataDir: DATA_DIR,
    seed,
    trainUsers: card.data.trainUsers ?? 2400,
    validUsers: card.data.validUsers ?? 300,
    evalUsers,
    epochs: card.training.epochs ?? 12,
    hidden: [64, 32],
    eventFiles: [],
    maskFeatures,
    log: (line) => console.log(`[${name}] ${line}`),
  };
  const run = await runTraining(opts);
  return { name, masked: maskFeatures, metrics: run.report };
}

const ablations = process.argv.includes('--no-ablation')
  ? []
  : [
      await ablation('without query_title_match', ['query_title_match']),
      await ablation('without history features', HISTORY_FEATURES),
    ];

const slice = report.withHistory;
const file = writeResult('rerank-offline-eval', {
  description:
    `NDCG@10 (gains 2^grade − 1, grades 0–3 from the simulator: interest 0/1/2 + 1 when every query word is in the title) ` +
    `on ${evalSet.impressions} impressions of ${evalUsers} held-out simulated users (seed ${seed}, eval stream), ` +
    'first result page (30) per impression, history = the user’s own simulated events before the page.',
  notes: [
    'server = the engine’s order; cosineHeuristic = server_score + attention_similarity (cosine to recent engagements); ' +
      'categoryHeuristic = server_score + category_affinity; model = public/models/reranker.onnx (weights read from the file).',
    'noHistory = the same impressions scored with an empty history: the model’s gate keeps the server order exactly.',
    'The ablations retrain with the same seed and data and the named features zeroed; they are not exported.',
  ],
  model: { version: card.version, parameters: card.parameters },
  metrics: report,
  targets: {
    modelVsServerWithHistory: {
      value: slice.modelVsServer,
      target: `≥ ${TARGET_RELATIVE_GAIN}`,
      met: slice.modelVsServer >= TARGET_RELATIVE_GAIN,
    },
    modelVsServerAll: {
      value: report.all.modelVsServer,
      target: `≥ ${TARGET_RELATIVE_GAIN}`,
      met: report.all.modelVsServer >= TARGET_RELATIVE_GAIN,
    },
    aboveHeuristic: {
      met: slice.model > slice.cosineHeuristic && slice.model > slice.categoryHeuristic,
    },
    noHistoryWithin1Percent: {
      value: report.noHistory.modelVsServer,
      met: Math.abs(report.noHistory.modelVsServer) <= NO_HISTORY_TOLERANCE,
    },
  },
  ablations,
});
console.log(
  `with history: server ${slice.server}, cosine ${slice.cosineHeuristic}, category ${slice.categoryHeuristic}, model ${slice.model} ` +
    `(${(slice.modelVsServer * 100).toFixed(1)} %); no history: ${(report.noHistory.modelVsServer * 100).toFixed(1)} % → ${file}`,
);
