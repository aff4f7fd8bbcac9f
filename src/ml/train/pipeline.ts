/**
 * Training end to end: simulate (or read) logs, build lists with src/ranking, train the MLP,
 * evaluate on held-out simulated users, export ONNX + weights + model card.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FEATURE_COUNT, FEATURE_NAMES } from '@/ranking/features';
import { parseEngagementJsonlStrict, type EngagementEvent } from '@/ranking/engagement';
import { parameterCount, weightsToJson, type ModelWeights } from '@/ranking/reference-scorer';
import { openEngine } from '@/server/engine/open-engine';
import type { SearchEngine } from '@/server/engine/types';
import { offlineEval, type OfflineEvalReport } from '../eval/offline-eval';
import { buildOnnxModel, INPUT_NAME, ONNX_OPSET, OUTPUT_NAME } from '../export/onnx-export';
import { loadCorpus, type Corpus } from '../simulate/corpus';
import { subSeed } from '../simulate/prng';
import { simulate } from '../simulate/simulate';
import { indexCorpus, type CorpusIndex } from '../simulate/users';
import { buildLists, featureStats, type RankedList, type UserLog } from './dataset';
import { impressionsFromEvents } from './from-events';
import { DEFAULT_TRAIN_OPTIONS, trainRanker, type TrainResult } from './mlp';
import type { ModelCard } from './model-card';
import { initTfjs } from './tfjs-backend';

export const DEFAULT_SEED = 42;
/** Held-out users come from a different stream, so they never share a draw with training users. */
export const EVAL_SEED_STREAM = 1_000_003;
export const VALID_SEED_STREAM = 1_000_001;

export interface PipelineOptions {
  dataDir: string;
  outDir: string;
  seed: number;
  trainUsers: number;
  validUsers: number;
  evalUsers: number;
  epochs: number;
  hidden: number[];
  /** Real engagement logs (browser JSONL exports), one file per user; replaces simulated training users. */
  eventFiles: string[];
  log: (line: string) => void;
}

export interface EvalSet {
  lists: RankedList[];
  noHistory: RankedList[];
  impressions: number;
}

export function simulatedLists(index: CorpusIndex, engine: SearchEngine, users: number, seed: number, prefix: string) {
  const logs = simulate({ index, engine, users, seed, userPrefix: prefix });
  return { logs, lists: buildLists(logs, index.corpus) };
}

export function heldOutEvalSet(index: CorpusIndex, engine: SearchEngine, users: number, seed: number): EvalSet {
  const logs = simulate({ index, engine, users, seed: subSeed(seed, EVAL_SEED_STREAM), userPrefix: 'eval-' });
  return {
    lists: buildLists(logs, index.corpus),
    noHistory: buildLists(logs, index.corpus, { dropHistory: true }),
    impressions: logs.reduce((n, l) => n + l.impressions.length, 0),
  };
}

function readEventFiles(files: string[], engine: SearchEngine, corpus: Corpus): UserLog[] {
  return files.map((file) => {
    const events: EngagementEvent[] = parseEventsFile(file);
    return { events, impressions: impressionsFromEvents(events, engine, corpus, path.basename(file)) };
  });
}

function parseEventsFile(file: string): EngagementEvent[] {
  try {
    return parseEngagementJsonlStrict(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
}

export interface PipelineResult {
  card: ModelCard;
  model: ModelWeights;
  train: TrainResult;
  report: OfflineEvalReport;
  files: string[];
}

export async function runPipeline(opts: PipelineOptions): Promise<PipelineResult> {
  const started = Date.now();
  const backend = await initTfjs();
  const corpus = loadCorpus(opts.dataDir);
  const index = indexCorpus(corpus);
  const engine = openEngine({ dataDir: opts.dataDir });
  try {
    opts.log(`corpus: ${corpus.pins.length} pins, embeddings: ${corpus.hasEmbeddings ? 'yes' : 'no'}, backend: ${backend}`);
    let trainLogs: UserLog[];
    let dataSource: string;
    if (opts.eventFiles.length > 0) {
      trainLogs = readEventFiles(opts.eventFiles, engine, corpus);
      dataSource = `engagement logs: ${opts.eventFiles.map((f) => path.basename(f)).join(', ')}`;
    } else {
      trainLogs = simulate({ index, engine, users: opts.trainUsers, seed: opts.seed, userPrefix: 'train-' });
      dataSource = 'simulator (src/ml/simulate)';
    }
    const trainLists = buildLists(trainLogs, corpus).filter((l) => l.labels.some((y) => y !== 0));
    const valid = simulatedLists(index, engine, opts.validUsers, subSeed(opts.seed, VALID_SEED_STREAM), 'valid-');
    const evalSet = heldOutEvalSet(index, engine, opts.evalUsers, opts.seed);
    opts.log(`lists: train ${trainLists.length}, valid ${valid.lists.length}, eval ${evalSet.lists.length} (${Date.now() - started} ms)`);

    const stats = featureStats(trainLists);
    const trainStarted = Date.now();
    const train = await trainRanker(trainLists, valid.lists, stats, {
      ...DEFAULT_TRAIN_OPTIONS,
      hidden: opts.hidden,
      epochs: opts.epochs,
      seed: opts.seed,
      onEpoch: (e) => opts.log(`epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, valid NDCG@10 ${e.validNdcg.toFixed(4)} (${e.ms} ms)`),
    });
    const trainMs = Date.now() - trainStarted;
    const report = offlineEval(train.model, evalSet.lists, evalSet.noHistory);

    const onnxBytes = buildOnnxModel(train.model, { featureNames: FEATURE_NAMES, docString: 'Inspo on-device reranker' });
    const version = `reranker-${createHash('sha256').update(onnxBytes).digest('hex').slice(0, 12)}`;
    const parameters = parameterCount(train.model);
    const card: ModelCard = {
      version,
      createdAt: new Date().toISOString(),
      featureNames: [...FEATURE_NAMES],
      inputName: INPUT_NAME,
      outputName: OUTPUT_NAME,
      opset: ONNX_OPSET,
      parameters,
      architecture: `MLP ${[FEATURE_COUNT, ...opts.hidden, 1].join(' → ')}, ReLU; input standardization folded into layer 1`,
      data: {
        source: dataSource,
        corpusPins: corpus.pins.length,
        pinEmbeddings: corpus.hasEmbeddings,
        seed: opts.seed,
        trainUsers: opts.eventFiles.length > 0 ? opts.eventFiles.length : opts.trainUsers,
        trainLists: trainLists.length,
        trainRows: trainLists.reduce((n, l) => n + l.size, 0),
        validUsers: opts.validUsers,
        evalUsers: opts.evalUsers,
        evalImpressions: evalSet.impressions,
        labels: 'per impression (server first page): save 3 > click 1–2 (by dwell) > none 0 > hide −1',
      },
      metrics: report,
      training: {
        framework: `TensorFlow.js (${backend} backend)`,
        loss: 'pairwise logistic (RankNet) within each impression',
        optimizer: `Adam lr ${DEFAULT_TRAIN_OPTIONS.learningRate}, L2 ${DEFAULT_TRAIN_OPTIONS.l2}`,
        epochs: opts.epochs,
        bestEpoch: train.bestEpoch,
        validNdcgAt10: Math.round(train.validNdcg * 1e4) / 1e4,
        trainMs,
        totalMs: Date.now() - started,
      },
      intendedUse:
        'Reorders one page of search results on the device from the local engagement log. With no history it keeps close to server order.',
      limitations: [
        'Trained on simulated users (latent category/tag/colour interests, position-biased clicks); real behaviour will differ.',
        'Metrics are NDCG@10 against the simulator’s own relevance grades on held-out simulated users.',
        ...(corpus.hasEmbeddings ? [] : ['Trained before pin embeddings existed: similarity features were all 0.']),
      ],
    };

    fs.mkdirSync(opts.outDir, { recursive: true });
    const onnxFile = path.join(opts.outDir, 'reranker.onnx');
    const cardFile = path.join(opts.outDir, 'model-card.json');
    const weightsFile = path.join(opts.outDir, 'reranker-weights.json');
    fs.writeFileSync(onnxFile, onnxBytes);
    fs.writeFileSync(cardFile, `${JSON.stringify(card, null, 2)}\n`);
    fs.writeFileSync(
      weightsFile,
      `${JSON.stringify({ version, featureNames: FEATURE_NAMES, baseline: Array.from(stats.mean, (x) => Math.round(x * 1e6) / 1e6), ...weightsToJson(train.model) })}\n`,
    );
    return { card, model: train.model, train, report, files: [onnxFile, cardFile, weightsFile] };
  } finally {
    engine.close();
  }
}
