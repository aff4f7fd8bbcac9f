/**
 * The sequence reranker end to end: simulate training users (or read real engagement exports),
 * train with TensorFlow.js, evaluate on held-out users of BOTH behaviour generators (the simulator
 * and the held-out-tag personas) over pools and first pages, with every ablation, and export ONNX
 * + weights + model card.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseEngagementJsonlStrict, type EngagementEvent } from '@/ranking/engagement';
import {
  weightsFromJson,
  weightsToJson,
  type ModelWeights,
  type ModelWeightsJson,
} from '@/ranking/reference-scorer';
import {
  hasListContext,
  headInputNames,
  sequenceParameterCount,
  sequenceWeightsToJson,
  type SequenceModelWeights,
} from '@/ranking/sequence-scorer';
import {
  CANDIDATE_FEATURE_NAMES,
  SEQUENCE_INPUT_NAMES,
  SEQUENCE_INPUT_SIGNATURE,
  SEQUENCE_OUTPUT_NAME,
} from '@/ranking/sequence-spec';
import type { SearchEngine } from '@/server/engine/types';
import { openSearchService } from '@/server/service/search-service';
import {
  attentionProfile,
  evaluateSequence,
  type AttentionProfile,
  type EvalResult,
} from '../eval/sequence-eval';
import { ONNX_OPSET } from '@/server/visual/image-model/onnx-graph';
import { buildSequenceOnnxModel } from '../export/sequence-onnx-export';
import { loadCorpus, type Corpus } from '../simulate/corpus';
import { simulatePersonas } from '../simulate/personas';
import { createPoolSource, POOL_SIZE, type PoolSource } from '../simulate/pool-source';
import { subSeed } from '../simulate/prng';
import { simulate } from '../simulate/simulate';
import { isHeldOutTag, isValidationTag } from '../simulate/tag-split';
import { indexCorpus, type CorpusIndex } from '../simulate/users';
import { featureStats } from './dataset';
import { impressionsFromEvents } from './from-events';
import { DEFAULT_TRAIN_OPTIONS, trainRanker } from './mlp';
import { EVAL_SEED_STREAM, VALID_SEED_STREAM } from './pipeline';
import {
  asRankedLists,
  evalLists,
  trainingLists,
  type SeqList,
  type UserEvents,
} from './sequence-dataset';
import {
  DEFAULT_SEQUENCE_OPTIONS,
  trainSequenceRanker,
  type SequenceTrainOptions,
  type SequenceTrainResult,
} from './sequence-model';
import { initTfjs } from './tfjs-backend';

export const PERSONA_SEED_STREAM = 1_000_007;
/** Persona-like training and validation users (training-side tags only): their own streams. */
export const TRAIN_PERSONA_SEED_STREAM = 1_000_009;
export const VALID_PERSONA_SEED_STREAM = 1_000_011;
export const BASELINE_DIR = path.resolve('bench', 'baselines');
/** The shipped MLP the sequence model replaces: its weights, kept as the baseline. */
export const BASELINE_MLP_FILE = path.join(BASELINE_DIR, 'mlp-reranker-0fcf090690e9.weights.json');
/** Ablations written by `npm run train -- --ablations-only`, tagged with the shipped model's version. */
export const MLP_RETRAINED_FILE = 'mlp-retrained.weights.json';
export const SEQUENCE_NO_HISTORY_FILE = 'sequence-trained-without-history.weights.json';

export interface SequencePipelineOptions {
  dataDir: string;
  seed: number;
  trainUsers: number;
  validUsers: number;
  /** Held-out users of each generator. */
  evalUsers: number;
  epochs: number;
  /** Share of simulated training pages that explore the pool. */
  exploreRate: number;
  /** Training users draw their own affinity mix and click sensitivity (users.ts). */
  diverseUsers: boolean;
  /**
   * Persona-like training users (personas.ts with training-side tags, exploring pages), besides
   * the simulator's; validation gets the same share. Never a held-out tag or a held-out persona.
   */
  personaUsers: number;
  /**
   * Hold the validation tag split (tag-split.ts isValidationTag) out of training: no training
   * user's taste is defined by those tags, and the validation personas like only them. Off by
   * default (the shipped b3d9219072e0 was trained without it).
   */
  validationTags?: boolean;
  /**
   * Validation personas (training-side tags; the validation split's with validationTags).
   * Default: the persona-like training users' share of validUsers (0 without them).
   */
  validPersonaUsers?: number;
  model: Pick<
    SequenceTrainOptions,
    'heads' | 'projection' | 'hidden' | 'context' | 'titlePairWeight' | 'titlePairs' | 'lrSchedule'
  >;
  eventFiles: string[];
  /** Validation lists scored per epoch (whole pools; the slow part of an epoch). */
  validLists: number;
  log: (line: string) => void;
}

export interface GeneratorEval {
  generator: 'simulator' | 'personas';
  description: string;
  users: number;
  impressions: number;
  pool: EvalResult;
  page: EvalResult;
  /** What the heads attend to on this generator's pools (a look inside the model). */
  attention: AttentionProfile;
}

export interface SequenceRun {
  model: SequenceModelWeights;
  train: SequenceTrainResult;
  evaluations: GeneratorEval[];
  backend: string;
  data: Record<string, unknown>;
  trainMs: number;
  totalMs: number;
}

export function loadBaselineMlp(file = BASELINE_MLP_FILE): ModelWeights {
  return weightsFromJson(JSON.parse(fs.readFileSync(file, 'utf8')) as ModelWeightsJson);
}

function readEventFiles(files: string[], engine: SearchEngine, corpus: Corpus): UserEvents[] {
  return files.map((file) => {
    let events: EngagementEvent[];
    try {
      events = parseEngagementJsonlStrict(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
    }
    return {
      events,
      impressions: impressionsFromEvents(events, engine, corpus, path.basename(file)),
    };
  });
}

/** Held-out users of both generators, every pool candidate graded. Same seed, same users. */
export function heldOutLogs(
  index: CorpusIndex,
  engine: SearchEngine,
  pools: PoolSource,
  users: number,
  seed: number,
) {
  const simulator = simulate({
    index,
    engine,
    pools,
    users,
    seed: subSeed(seed, EVAL_SEED_STREAM),
    userPrefix: 'eval-',
    poolGrades: true,
    excludeTag: isHeldOutTag,
  });
  const personas = simulatePersonas({
    index,
    pools,
    users,
    seed: subSeed(seed, PERSONA_SEED_STREAM),
    userPrefix: 'persona-',
    poolGrades: true,
  });
  return { simulator, personas };
}

export const GENERATOR_DESCRIPTIONS = {
  simulator:
    'src/ml/simulate (users.ts, simulate.ts): category + tag-cluster + embedding interests (never defined by held-out tags), colour taste, a disliked category; position-based examination; the training generator, new users from their own seed stream.',
  personas:
    'src/ml/simulate/personas.ts: personas who like 2–3 held-out tags (tags that never define a training user), optional colour bucket, a disliked tag; cascade click model, log-normal dwell, other session rhythm. Never trained on.',
} as const;

export function evaluateGenerators(
  logs: ReturnType<typeof heldOutLogs>,
  pools: PoolSource,
  models: Parameters<typeof evaluateSequence>[1],
): GeneratorEval[] {
  return (['simulator', 'personas'] as const).map((generator) => {
    const userLogs = logs[generator];
    const poolLists = evalLists(userLogs, pools, 'pool');
    return {
      generator,
      description: GENERATOR_DESCRIPTIONS[generator],
      users: userLogs.length,
      impressions: userLogs.reduce((n, l) => n + l.impressions.length, 0),
      pool: evaluateSequence(poolLists, models),
      page: evaluateSequence(evalLists(userLogs, pools, 'page'), models),
      attention: attentionProfile(models.sequence, poolLists),
    };
  });
}

interface PreparedData {
  corpus: Corpus;
  index: CorpusIndex;
  engine: SearchEngine;
  pools: PoolSource;
  backend: string;
  real: boolean;
  train: SeqList[];
  valid: SeqList[];
  started: number;
}

/** Loads the index, simulates (or reads) the users, and builds the lists every run shares. */
async function withData<T>(
  opts: SequencePipelineOptions,
  run: (data: PreparedData) => Promise<T>,
): Promise<T> {
  const started = Date.now();
  const backend = await initTfjs();
  const corpus = loadCorpus(opts.dataDir);
  const index = indexCorpus(corpus);
  const engine = openSearchService({ dataDir: opts.dataDir });
  const pools = createPoolSource(engine, index);
  try {
    opts.log(
      `corpus: ${corpus.pins.length} pins, embeddings: ${corpus.hasEmbeddings ? 'yes' : 'no'}, backend: ${backend}`,
    );
    const real = opts.eventFiles.length > 0;
    const trainLogs: UserEvents[] = real
      ? readEventFiles(opts.eventFiles, engine, corpus)
      : simulate({
          index,
          engine,
          pools,
          users: opts.trainUsers,
          seed: opts.seed,
          userPrefix: 'train-',
          exploreRate: opts.exploreRate,
          excludeTag: opts.validationTags
            ? (t) => isHeldOutTag(t) || isValidationTag(t)
            : isHeldOutTag,
          diverseUsers: opts.diverseUsers,
        });
    const personaLogs =
      real || opts.personaUsers === 0
        ? []
        : simulatePersonas({
            index,
            pools,
            users: opts.personaUsers,
            seed: subSeed(opts.seed, TRAIN_PERSONA_SEED_STREAM),
            userPrefix: 'train-persona-',
            tagSide: 'training',
            ...(opts.validationTags ? { keepTag: (t: string) => !isValidationTag(t) } : {}),
            exploreRate: opts.exploreRate,
          });
    const train = trainingLists([...trainLogs, ...personaLogs], pools).filter((l) =>
      l.labels?.some((y) => y !== 0),
    );
    if (train.length === 0)
      throw new Error('no impression with a click, save or hide to learn from');
    const validLogs = simulate({
      index,
      engine,
      pools,
      users: opts.validUsers,
      seed: subSeed(opts.seed, VALID_SEED_STREAM),
      userPrefix: 'valid-',
      poolGrades: true,
      excludeTag: isHeldOutTag,
    });
    // Validation mixes both behaviour models in the training users' proportion (training tags only).
    const validPersonaUsers =
      opts.validPersonaUsers ??
      (real || opts.trainUsers === 0
        ? 0
        : Math.round((opts.validUsers * opts.personaUsers) / opts.trainUsers));
    const validPersonaLogs =
      validPersonaUsers === 0
        ? []
        : simulatePersonas({
            index,
            pools,
            users: validPersonaUsers,
            seed: subSeed(opts.seed, VALID_PERSONA_SEED_STREAM),
            userPrefix: 'valid-persona-',
            poolGrades: true,
            tagSide: 'training',
            ...(opts.validationTags ? { keepTag: isValidationTag } : {}),
          });
    const withPositives = (logs: UserEvents[]) =>
      evalLists(logs, pools, 'pool').filter((l) => l.historyPositives > 0);
    const validPersonaLists = withPositives(validPersonaLogs);
    const personaShare = validPersonaUsers / (opts.validUsers + validPersonaUsers);
    const personaLists = validPersonaUsers > 0 ? Math.round(opts.validLists * personaShare) : 0;
    const valid = [
      ...withPositives(validLogs).slice(0, opts.validLists - personaLists),
      ...validPersonaLists.slice(0, personaLists),
    ];
    opts.log(
      `lists: train ${train.length} (${train.filter((l) => l.historyEvents > 0).length} with history; ${personaLogs.length} persona-like users), valid ${valid.length} pools (${Date.now() - started} ms)`,
    );
    return await run({ corpus, index, engine, pools, backend, real, train, valid, started });
  } finally {
    engine.close();
  }
}

function sequenceOptions(opts: SequencePipelineOptions, tag = ''): SequenceTrainOptions {
  return {
    ...DEFAULT_SEQUENCE_OPTIONS,
    ...opts.model,
    epochs: opts.epochs,
    seed: opts.seed,
    onEpoch: (e) =>
      opts.log(
        `${tag}epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, valid pool NDCG@10 ${e.validNdcg.toFixed(4)} (${e.ms} ms)`,
      ),
  };
}

/** Trains the shipped model and evaluates it on both generators (no ablation models). */
export async function runSequenceTraining(opts: SequencePipelineOptions): Promise<SequenceRun> {
  return withData(
    opts,
    async ({ corpus, index, engine, pools, backend, real, train, valid, started }) => {
      const trainStarted = Date.now();
      const result = await trainSequenceRanker(train, valid, sequenceOptions(opts));
      const trainMs = Date.now() - trainStarted;
      opts.log('evaluating on held-out users of both generators');
      const heldOut = heldOutLogs(index, engine, pools, opts.evalUsers, opts.seed);
      const evaluations = evaluateGenerators(heldOut, pools, {
        sequence: result.model,
        mlp: loadBaselineMlp(),
      });
      const data = {
        source: real
          ? `engagement logs: ${opts.eventFiles.map((f) => path.basename(f)).join(', ')}`
          : 'simulator (src/ml/simulate, documented in src/ml/README.md)',
        corpusPins: corpus.pins.length,
        pinEmbeddings: corpus.hasEmbeddings,
        seed: opts.seed,
        trainUsers: real ? opts.eventFiles.length : opts.trainUsers,
        exploreRate: real ? 0 : opts.exploreRate,
        diverseUsers: real ? false : opts.diverseUsers,
        personaLikeTrainUsers: real ? 0 : opts.personaUsers,
        validationTags: opts.validationTags === true,
        validPersonaUsers: opts.validPersonaUsers ?? null,
        heldOutTags:
          'tags whose FNV-1a hash is 0 mod 4 never define a training user (src/ml/simulate/tag-split.ts)',
        trainLists: train.length,
        trainRows: train.reduce((n, l) => n + l.size, 0),
        validUsers: opts.validUsers,
        validPools: valid.length,
        evalUsersPerGenerator: opts.evalUsers,
        poolSize: POOL_SIZE,
        labels: 'per shown page: save 3 > click 1–2 (by dwell) > none 0 > hide −1',
      };
      return {
        model: result.model,
        train: result,
        evaluations,
        backend,
        data,
        trainMs,
        totalMs: Date.now() - started,
      };
    },
  );
}

export interface AblationRun {
  mlpRetrained: ModelWeights;
  sequenceWithoutHistory: SequenceModelWeights;
  ms: number;
}

/**
 * The ablation models, on the same lists as the shipped model (same seed and options): the old
 * MLP architecture retrained on them, and the sequence architecture trained without any history.
 * Separate from runSequenceTraining so a long run never holds the shipped model back.
 */
export async function runAblations(opts: SequencePipelineOptions): Promise<AblationRun> {
  return withData(opts, async ({ train, valid }) => {
    const started = Date.now();
    opts.log('ablation: the sequence model trained without history');
    const sequenceWithoutHistory = (
      await trainSequenceRanker(train, valid, {
        ...sequenceOptions(opts, '[no history] '),
        dropHistory: true,
      })
    ).model;
    opts.log('baseline: the old MLP architecture retrained on the same lists');
    const mlpTrain = asRankedLists(train);
    const mlpValid = asRankedLists(valid);
    const mlpRetrained = (
      await trainRanker(mlpTrain, mlpValid, featureStats(mlpTrain), {
        ...DEFAULT_TRAIN_OPTIONS,
        seed: opts.seed,
        onEpoch: (e) =>
          opts.log(`[mlp] epoch ${e.epoch}: valid ${e.validNdcg.toFixed(4)} (${e.ms} ms)`),
      })
    ).model;
    return { mlpRetrained, sequenceWithoutHistory, ms: Date.now() - started };
  });
}

/** bench/baselines: the ablation models, tagged with the shipped model's version. */
export function writeAblations(run: AblationRun, version: string): string[] {
  fs.mkdirSync(BASELINE_DIR, { recursive: true });
  const mlpFile = path.join(BASELINE_DIR, MLP_RETRAINED_FILE);
  fs.writeFileSync(mlpFile, `${JSON.stringify({ version, ...weightsToJson(run.mlpRetrained) })}\n`);
  const seqFile = path.join(BASELINE_DIR, SEQUENCE_NO_HISTORY_FILE);
  fs.writeFileSync(
    seqFile,
    `${JSON.stringify({ version, ...sequenceWeightsToJson(run.sequenceWithoutHistory) })}\n`,
  );
  return [mlpFile, seqFile];
}

export function describeArchitecture(model: SequenceModelWeights): string {
  const hidden = model.mlp.map((l) => l.outputSize);
  return (
    `TransAct-style sequence reranker: ${model.heads.length} attention heads from each candidate over its last ` +
    `${SEQUENCE_INPUT_SIGNATURE.sequenceLength} engagement events (pin embedding, category slot, colour bucket, action type, ` +
    `dwell, recency; hides included), logits = learned ${model.projection}-d query/key projection + learned weights on ` +
    'cosine / same category / same colour + a learned per-action-type and recency bias, softmax with a learned sink; ' +
    'each head reads back the attended action mix and similarities; 8 pooled channels (category and colour share, ' +
    'hide category, similarity density, max cosine to a positive and to a hide, category weight, history size); ' +
    "the candidate features, with how its tags meet the history pins' (tag_affinity, tag_hidden: shares of the " +
    "positive and hide weight on pins with each tag, weighted by the tag's specificity and rarity in the list); " +
    (hasListContext(model)
      ? '2 list-level context channels (rank-weighted means over the scored list of the max cosine to a positive and of the similarity density: how close the list already is to the history); '
      : '') +
    'MLP ' +
    `${[model.mlp[0]?.inputSize, ...hidden].join(' → ')} (ReLU). score = −log_rank + clip(1e4 · events, 0, 1) · MLP, ` +
    'so an empty history gives exactly the server order.'
  );
}

export function writeSequenceArtifacts(
  run: SequenceRun,
  opts: SequencePipelineOptions,
  outDir: string,
): { card: Record<string, unknown>; files: string[]; bytes: number } {
  const onnxBytes = buildSequenceOnnxModel(run.model, {
    docString: 'Inspo on-device sequence reranker',
  });
  const version = `reranker-${createHash('sha256').update(onnxBytes).digest('hex').slice(0, 12)}`;
  const headline = (g: GeneratorEval) => ({
    generator: g.generator,
    users: g.users,
    impressions: g.impressions,
    pool: g.pool,
    page: { withHistory: g.page.withHistory, gains: g.page.gains },
  });
  const card = {
    version,
    createdAt: new Date().toISOString(),
    kind: run.model.kind,
    featureNames: [...CANDIDATE_FEATURE_NAMES],
    /** The first input (what older card readers look for); the graph takes all of inputNames. */
    inputName: SEQUENCE_INPUT_NAMES[0],
    inputNames: [...SEQUENCE_INPUT_NAMES],
    inputSignature: SEQUENCE_INPUT_SIGNATURE,
    outputName: SEQUENCE_OUTPUT_NAME,
    opset: ONNX_OPSET,
    parameters: sequenceParameterCount(run.model),
    modelBytes: onnxBytes.length,
    architecture: describeArchitecture(run.model),
    data: run.data,
    metrics: {
      k: 10,
      note: 'NDCG@10 on held-out users, reranking the top 300 server candidates of each query (pool) and, for reference, the first page of 30; withHistory = lists whose user had ≥ 1 positive action before. bench/results/rerank-offline-eval.json has every ablation.',
      generators: run.evaluations.map(headline),
    },
    training: {
      framework: `TensorFlow.js (${run.backend} backend)`,
      loss:
        'pairwise logistic (RankNet) within each shown page, with a training-only per-position bias term for position bias' +
        (opts.model.titlePairWeight
          ? `, plus title pairs (weight ${opts.model.titlePairWeight}) between equally labelled pins whose query–title match differs`
          : ''),
      optimizer: `Adam lr ${DEFAULT_SEQUENCE_OPTIONS.learningRate}${opts.model.lrSchedule === 'cosine' ? ' (cosine schedule down to 5 %)' : ''}, L2 ${DEFAULT_SEQUENCE_OPTIONS.l2} on projections and MLP weights, ${DEFAULT_SEQUENCE_OPTIONS.batchLists} lists per step`,
      epochs: opts.epochs,
      bestEpoch: run.train.bestEpoch,
      validPoolNdcgAt10: Math.round(run.train.validNdcg * 1e4) / 1e4,
      epochLog: run.train.epochs,
      trainMs: run.trainMs,
      totalMs: run.totalMs,
    },
    intendedUse:
      'Reorders a query’s candidate pool (the top 300–500 server results) on the device from the local engagement log. With no history it keeps the server order exactly.',
    limitations: [
      'Trained on simulated users (latent interests, position-biased clicks, half of the pages exploring the pool); real behaviour will differ.',
      'Evaluated against simulated relevance grades, on held-out users of the training simulator and of a second, differently built generator (held-out tags, cascade clicks).',
      `Sees the last ${SEQUENCE_INPUT_SIGNATURE.sequenceLength} events and the ${SEQUENCE_INPUT_SIGNATURE.categorySlots} most recent categories of the history; older engagement is ignored.`,
      'Scores each candidate on its own: when the query already is the taste (a persona searching the very tag it likes), reordering by similarity to the history costs NDCG there (src/ml/README.md, Evaluation).',
    ],
  };
  fs.mkdirSync(outDir, { recursive: true });
  const onnxFile = path.join(outDir, 'reranker.onnx');
  const cardFile = path.join(outDir, 'model-card.json');
  const weightsFile = path.join(outDir, 'reranker-weights.json');
  fs.writeFileSync(onnxFile, onnxBytes);
  fs.writeFileSync(cardFile, `${JSON.stringify(card, null, 2)}\n`);
  fs.writeFileSync(
    weightsFile,
    `${JSON.stringify({
      version,
      featureNames: [...CANDIDATE_FEATURE_NAMES],
      headInputNames: headInputNames(
        run.model.heads.length,
        CANDIDATE_FEATURE_NAMES,
        hasListContext(run.model),
      ),
      ...sequenceWeightsToJson(run.model),
    })}\n`,
  );
  const files = [onnxFile, cardFile, weightsFile];
  return { card, files, bytes: onnxBytes.length };
}
