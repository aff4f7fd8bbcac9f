/**
 * Training end to end: simulate (or read) logs, build lists with src/ranking, train the MLP,
 * evaluate on held-out simulated users, export ONNX + weights + model card.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseEngagementJsonlStrict, type EngagementEvent } from '@/ranking/engagement';
import {
  FEATURE_COUNT,
  FEATURE_INDEX,
  FEATURE_NAMES,
  type FeatureName,
} from '@/ranking/feature-spec';
import { parameterCount, weightsToJson, type ModelWeights } from '@/ranking/reference-scorer';
import { openSearchService } from '@/server/service/search-service';
import type { SearchEngine } from '@/server/engine/types';
import { offlineEval, type OfflineEvalReport } from '../eval/offline-eval';
import { buildOnnxModel, INPUT_NAME, ONNX_OPSET, OUTPUT_NAME } from '../export/onnx-export';
import { loadCorpus, type Corpus } from '../simulate/corpus';
import { subSeed } from '../simulate/prng';
import { simulate } from '../simulate/simulate';
import { indexCorpus, type CorpusIndex } from '../simulate/users';
import {
  buildLists,
  featureStats,
  type FeatureStats,
  type RankedList,
  type UserLog,
} from './dataset';
import { impressionsFromEvents } from './from-events';
import { DEFAULT_TRAIN_OPTIONS, trainRanker, type TrainResult } from './mlp';
import type { ModelCard } from './model-card';
import { initTfjs } from './tfjs-backend';

export const DEFAULT_SEED = 42;
/** Validation and held-out users come from their own streams: they never share a draw with training users. */
export const VALID_SEED_STREAM = 1_000_001;
export const EVAL_SEED_STREAM = 1_000_003;

export interface PipelineOptions {
  dataDir: string;
  seed: number;
  trainUsers: number;
  validUsers: number;
  evalUsers: number;
  epochs: number;
  hidden: number[];
  /** Real engagement logs (browser JSONL exports), one file per user; replace the simulated training users. */
  eventFiles: string[];
  /** Ablations: these columns are zeroed in every list before training and evaluation. */
  maskFeatures?: FeatureName[];
  log: (line: string) => void;
}

export interface EvalSet {
  lists: RankedList[];
  noHistory: RankedList[];
  impressions: number;
}

/** The held-out users of a seed: the same for the trainer, the bench and any later check. */
export function heldOutEvalSet(
  index: CorpusIndex,
  engine: SearchEngine,
  users: number,
  seed: number,
): EvalSet {
  const logs = simulate({
    index,
    engine,
    users,
    seed: subSeed(seed, EVAL_SEED_STREAM),
    userPrefix: 'eval-',
  });
  return {
    lists: buildLists(logs, index.corpus),
    noHistory: buildLists(logs, index.corpus, { dropHistory: true }),
    impressions: logs.reduce((n, l) => n + l.impressions.length, 0),
  };
}

function parseEventsFile(file: string): EngagementEvent[] {
  try {
    return parseEngagementJsonlStrict(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
  }
}

function readEventFiles(files: string[], engine: SearchEngine, corpus: Corpus): UserLog[] {
  return files.map((file) => {
    const events = parseEventsFile(file);
    return {
      events,
      impressions: impressionsFromEvents(events, engine, corpus, path.basename(file)),
    };
  });
}

function mask(lists: RankedList[], names: readonly FeatureName[]): RankedList[] {
  if (names.length === 0) return lists;
  const columns = names.map((n) => FEATURE_INDEX[n]);
  for (const l of lists)
    for (let r = 0; r < l.size; r++) for (const c of columns) l.features[r * FEATURE_COUNT + c] = 0;
  return lists;
}

export interface TrainingRun {
  model: ModelWeights;
  stats: FeatureStats;
  train: TrainResult;
  report: OfflineEvalReport;
  backend: string;
  data: Record<string, unknown>;
  trainMs: number;
  totalMs: number;
}

/** Simulate or read logs, train, evaluate. Writes nothing. */
export async function runTraining(opts: PipelineOptions): Promise<TrainingRun> {
  const started = Date.now();
  const backend = await initTfjs();
  const corpus = loadCorpus(opts.dataDir);
  const index = indexCorpus(corpus);
  const engine = openSearchService({ dataDir: opts.dataDir });
  const masked = opts.maskFeatures ?? [];
  try {
    opts.log(
      `corpus: ${corpus.pins.length} pins, embeddings: ${corpus.hasEmbeddings ? 'yes' : 'no'}, backend: ${backend}`,
    );
    const real = opts.eventFiles.length > 0;
    const trainLogs = real
      ? readEventFiles(opts.eventFiles, engine, corpus)
      : simulate({ index, engine, users: opts.trainUsers, seed: opts.seed, userPrefix: 'train-' });
    const trainLists = mask(buildLists(trainLogs, corpus), masked).filter((l) =>
      l.labels.some((y) => y !== 0),
    );
    if (trainLists.length === 0)
      throw new Error('no impression with a click, save or hide to learn from');
    const validLogs = simulate({
      index,
      engine,
      users: opts.validUsers,
      seed: subSeed(opts.seed, VALID_SEED_STREAM),
      userPrefix: 'valid-',
    });
    const valid = mask(buildLists(validLogs, corpus), masked);
    const evalSet = heldOutEvalSet(index, engine, opts.evalUsers, opts.seed);
    mask(evalSet.lists, masked);
    mask(evalSet.noHistory, masked);
    opts.log(
      `lists: train ${trainLists.length}, valid ${valid.length}, eval ${evalSet.lists.length} (${Date.now() - started} ms)`,
    );

    const stats = featureStats(trainLists);
    const trainStarted = Date.now();
    const train = await trainRanker(trainLists, valid, stats, {
      ...DEFAULT_TRAIN_OPTIONS,
      hidden: opts.hidden,
      epochs: opts.epochs,
      seed: opts.seed,
      onEpoch: (e) =>
        opts.log(
          `epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, valid NDCG@10 ${e.validNdcg.toFixed(4)} (${e.ms} ms)`,
        ),
    });
    const trainMs = Date.now() - trainStarted;
    const report = offlineEval(train.model, evalSet.lists, evalSet.noHistory);
    const data = {
      source: real
        ? `engagement logs: ${opts.eventFiles.map((f) => path.basename(f)).join(', ')}`
        : 'simulator (src/ml/simulate, documented in src/ml/README.md)',
      corpusPins: corpus.pins.length,
      pinEmbeddings: corpus.hasEmbeddings,
      seed: opts.seed,
      trainUsers: real ? opts.eventFiles.length : opts.trainUsers,
      trainLists: trainLists.length,
      trainRows: trainLists.reduce((n, l) => n + l.size, 0),
      validUsers: opts.validUsers,
      evalUsers: opts.evalUsers,
      evalImpressions: evalSet.impressions,
      labels:
        'per impression (server first page): save 3 > click 1–2 (by dwell) > none 0 > hide −1',
      ...(masked.length > 0 ? { maskedFeatures: masked } : {}),
    };
    return {
      model: train.model,
      stats,
      train,
      report,
      backend,
      data,
      trainMs,
      totalMs: Date.now() - started,
    };
  } finally {
    engine.close();
  }
}

/** public/models: reranker.onnx, model-card.json, reranker-weights.json (weights + feature means for explanations). */
export function writeArtifacts(
  run: TrainingRun,
  opts: PipelineOptions,
  outDir: string,
): { card: ModelCard; files: string[] } {
  const onnxBytes = buildOnnxModel(run.model, {
    featureNames: FEATURE_NAMES,
    docString: 'Inspo on-device reranker',
  });
  const version = `reranker-${createHash('sha256').update(onnxBytes).digest('hex').slice(0, 12)}`;
  const card: ModelCard = {
    version,
    createdAt: new Date().toISOString(),
    featureNames: [...FEATURE_NAMES],
    inputName: INPUT_NAME,
    outputName: OUTPUT_NAME,
    opset: ONNX_OPSET,
    parameters: parameterCount(run.model),
    architecture:
      `MLP ${[FEATURE_COUNT, ...opts.hidden, 1].join(' → ')} (ReLU), input standardization folded into layer 1; ` +
      'score = −log_rank + clip(1e4 · history_size, 0, 1) · MLP(x), so an empty history gives exactly the server order',
    data: run.data,
    metrics: run.report,
    training: {
      framework: `TensorFlow.js (${run.backend} backend)`,
      loss: 'pairwise logistic (RankNet) within each impression, with a training-only per-rank bias term for position bias',
      optimizer: `Adam lr ${DEFAULT_TRAIN_OPTIONS.learningRate}, L2 ${DEFAULT_TRAIN_OPTIONS.l2}, ${DEFAULT_TRAIN_OPTIONS.batchLists} lists per step`,
      epochs: opts.epochs,
      bestEpoch: run.train.bestEpoch,
      validNdcgAt10: Math.round(run.train.validNdcg * 1e4) / 1e4,
      trainMs: run.trainMs,
      totalMs: run.totalMs,
    },
    intendedUse:
      'Reorders one page of search results on the device from the local engagement log. With no history it keeps the server order exactly.',
    limitations: [
      'Trained and evaluated on simulated users (latent category/tag/colour interests, position-biased clicks); real behaviour will differ.',
      'Metrics are NDCG@10 against the simulator’s own relevance grades (interest + "query words in the title") on held-out simulated users.',
      'Part of the gain comes from query_title_match (a non-personal feature that only acts once there is history); bench/results/rerank-offline-eval.json has the ablation.',
      ...(run.data.pinEmbeddings
        ? []
        : ['Trained before pin embeddings existed: similarity features were all 0.']),
    ],
  };
  fs.mkdirSync(outDir, { recursive: true });
  const onnxFile = path.join(outDir, 'reranker.onnx');
  const cardFile = path.join(outDir, 'model-card.json');
  const weightsFile = path.join(outDir, 'reranker-weights.json');
  fs.writeFileSync(onnxFile, onnxBytes);
  fs.writeFileSync(cardFile, `${JSON.stringify(card, null, 2)}\n`);
  const baseline = Array.from(run.stats.mean, (x) => Math.round(x * 1e6) / 1e6);
  fs.writeFileSync(
    weightsFile,
    `${JSON.stringify({ version, featureNames: FEATURE_NAMES, baseline, ...weightsToJson(run.model) })}\n`,
  );
  return { card, files: [onnxFile, cardFile, weightsFile] };
}
