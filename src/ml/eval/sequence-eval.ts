/**
 * Offline evaluation of the sequence reranker against every baseline, on graded lists from
 * either behaviour generator: mean NDCG@10 of the server order, two heuristics, the old MLP (as
 * shipped, and retrained on the same data when given), the sequence model with the history
 * removed (same weights, gate open) and with it, over all lists and over lists whose user had at
 * least one positive action; plus a cold-start check (empty history → exactly the server order).
 */
import { FEATURE_COUNT, FEATURE_INDEX, type FeatureName } from '@/ranking/feature-spec';
import { referenceScores, type ModelWeights } from '@/ranking/reference-scorer';
import { sequenceScores, type SequenceModelWeights } from '@/ranking/sequence-scorer';
import { mlpFeaturesFor, sequenceInputsFor, type SeqList } from '../train/sequence-dataset';
import { ndcgAtK, orderByScore } from './ndcg';

export const EVAL_K = 10;

export interface EvalModels {
  sequence: SequenceModelWeights;
  /** The old 21-feature MLP as shipped. */
  mlp: ModelWeights;
  /** The old MLP's architecture retrained on the same (pool-aware) data. */
  mlpRetrained?: ModelWeights;
  /** The sequence architecture trained without any history (ablation). */
  sequenceTrainedWithoutHistory?: SequenceModelWeights;
}

export const RANKERS = [
  'server',
  'cosineHeuristic',
  'categoryHeuristic',
  'mlp',
  'mlpRetrained',
  'sequenceTrainedWithoutHistory',
  'sequenceWithoutHistory',
  'sequence',
] as const;
export type Ranker = (typeof RANKERS)[number];

export interface SliceResult {
  lists: number;
  ndcg: Partial<Record<Ranker, number>>;
}

export interface EvalResult {
  k: number;
  all: SliceResult;
  withHistory: SliceResult;
  coldStart: { lists: number; exactServerOrder: number };
  /** Relative NDCG@10 gains on lists with history. */
  gains: {
    personalizationAlone: number;
    sequenceVsMlp: number;
    sequenceVsMlpRetrained: number | null;
    sequenceVsServer: number;
    mlpVsServer: number;
  };
}

const column = (features: Float32Array, rows: number, name: FeatureName): Float32Array =>
  Float32Array.from(
    { length: rows },
    (_, r) => features[r * FEATURE_COUNT + FEATURE_INDEX[name]] as number,
  );

/** Heuristic = server_score + the feature (cosine attention to recent engagements, or category affinity). */
function heuristic(features: Float32Array, rows: number, name: FeatureName): Float32Array {
  const server = column(features, rows, 'server_score');
  const extra = column(features, rows, name);
  return server.map((s, r) => s + (extra[r] as number));
}

const round = (x: number): number => Math.round(x * 1e4) / 1e4;
const relative = (x: number | undefined, base: number | undefined): number =>
  x === undefined || base === undefined || base === 0 ? 0 : round((x - base) / base);

function isServerOrder(scores: ArrayLike<number>): boolean {
  const order = orderByScore(scores);
  return order.every((v, i) => v === i);
}

export function evaluateSequence(
  lists: readonly SeqList[],
  models: EvalModels,
  opts: { coldStartLists?: number } = {},
): EvalResult {
  const sums = { all: new Map<Ranker, number>(), withHistory: new Map<Ranker, number>() };
  const counts = { all: 0, withHistory: 0 };
  const add = (slice: 'all' | 'withHistory', ranker: Ranker, v: number) =>
    sums[slice].set(ranker, (sums[slice].get(ranker) ?? 0) + v);
  let coldLists = 0;
  let coldExact = 0;
  const coldLimit = opts.coldStartLists ?? 300;
  for (const l of lists) {
    if (!l.grades) continue;
    const grades = l.grades;
    const ndcg = (scores: ArrayLike<number>) => ndcgAtK(grades, orderByScore(scores), EVAL_K);
    if (ndcg(Float32Array.from({ length: l.size }, (_, r) => -r)) === null) continue;
    const hasHistory = l.historyPositives > 0;
    const scored = new Map<Ranker, ArrayLike<number>>();
    scored.set(
      'server',
      Float32Array.from({ length: l.size }, (_, r) => -r),
    );
    const old = mlpFeaturesFor(l);
    scored.set('cosineHeuristic', heuristic(old, l.size, 'attention_similarity'));
    scored.set('categoryHeuristic', heuristic(old, l.size, 'category_affinity'));
    scored.set('mlp', referenceScores(models.mlp, old, l.size));
    if (models.mlpRetrained)
      scored.set('mlpRetrained', referenceScores(models.mlpRetrained, old, l.size));
    const empty = sequenceInputsFor(l, true);
    scored.set(
      'sequenceWithoutHistory',
      sequenceScores(models.sequence, empty, { forceGate: true }),
    );
    if (models.sequenceTrainedWithoutHistory)
      scored.set(
        'sequenceTrainedWithoutHistory',
        sequenceScores(models.sequenceTrainedWithoutHistory, empty, { forceGate: true }),
      );
    scored.set('sequence', sequenceScores(models.sequence, sequenceInputsFor(l)));
    if (coldLists < coldLimit) {
      coldLists++;
      if (isServerOrder(sequenceScores(models.sequence, empty))) coldExact++;
    }
    counts.all++;
    if (hasHistory) counts.withHistory++;
    for (const [ranker, scores] of scored) {
      const v = ndcg(scores) as number;
      add('all', ranker, v);
      if (hasHistory) add('withHistory', ranker, v);
    }
  }
  const slice = (name: 'all' | 'withHistory'): SliceResult => ({
    lists: counts[name],
    ndcg: Object.fromEntries(
      [...sums[name]].map(([r, s]) => [r, counts[name] === 0 ? 0 : round(s / counts[name])]),
    ),
  });
  const withHistory = slice('withHistory');
  const h = withHistory.ndcg;
  return {
    k: EVAL_K,
    all: slice('all'),
    withHistory,
    coldStart: { lists: coldLists, exactServerOrder: coldExact },
    gains: {
      personalizationAlone: relative(h.sequence, h.sequenceWithoutHistory),
      sequenceVsMlp: relative(h.sequence, h.mlp),
      sequenceVsMlpRetrained:
        h.mlpRetrained === undefined ? null : relative(h.sequence, h.mlpRetrained),
      sequenceVsServer: relative(h.sequence, h.server),
      mlpVsServer: relative(h.mlp, h.server),
    },
  };
}
