/**
 * Offline evaluation of the sequence reranker against every baseline, on graded lists from
 * either behaviour generator: mean NDCG@10 of the server order, two heuristics, the old MLP (as
 * shipped, and retrained on the same data when given), the sequence model with the history
 * removed (same weights, gate open) and with it, over all lists and over lists whose user had at
 * least one positive action; plus a cold-start check (empty history → exactly the server order).
 */
import { FEATURE_COUNT, FEATURE_INDEX, type FeatureName } from '@/ranking/feature-spec';
import { referenceScores, type ModelWeights } from '@/ranking/reference-scorer';
import {
  sequenceForward,
  sequenceScores,
  type SequenceModelWeights,
} from '@/ranking/sequence-scorer';
import {
  EVENT_META_INDEX,
  EVENT_META_NAMES,
  EVENT_WIDTH,
  ITEM_WIDTH,
  SEQUENCE_LENGTH,
} from '@/ranking/sequence-spec';
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

export interface AttentionProfile {
  lists: number;
  /** Per head: mean attention mass on each action type and on the sink, over every candidate. */
  heads: {
    byType: Record<'click' | 'dwell' | 'save' | 'hide' | 'sink', number>;
    /** Mass per type / the type's share of the events seen: > 1 = the head prefers that type. */
    liftByType: Record<'click' | 'dwell' | 'save' | 'hide', number>;
    /** Mean attention mass by event age. */
    byAge: Record<'session' | 'day' | 'week' | 'older', number>;
  }[];
  /** The learned logit bias per event column (the per-action-type and recency weighting). */
  eventBias: Record<string, number>[];
  /** The learned weight on cosine, same category and same colour in each head's logits. */
  pairWeights: { cos: number; category: number; colour: number }[];
}

const TYPES = ['click', 'dwell', 'save', 'hide'] as const;

/** What the heads attend to on real lists (with history): a look inside the model for the README. */
export function attentionProfile(
  model: SequenceModelWeights,
  lists: readonly SeqList[],
  maxLists = 300,
): AttentionProfile {
  const H = model.heads.length;
  const mass = Array.from({ length: H }, () => new Map<string, number>());
  const ageMass = Array.from({ length: H }, () => new Map<string, number>());
  const typeCount = new Map<string, number>();
  let events = 0;
  let rows = 0;
  let used = 0;
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  for (const l of lists) {
    if (used >= maxLists) break;
    if (l.historyPositives === 0) continue;
    used++;
    const x = sequenceInputsFor(l);
    const { attention } = sequenceForward(model, x, { keepAttention: true });
    const types: string[] = [];
    const ages: string[] = [];
    for (let e = 0; e < SEQUENCE_LENGTH; e++) {
      const meta = e * EVENT_WIDTH + ITEM_WIDTH;
      const type = TYPES.find((t) => x.history[meta + EVENT_META_INDEX[t]] === 1) ?? 'padding';
      types.push(type);
      const recency = x.history[meta + EVENT_META_INDEX.recency] as number;
      const session = x.history[meta + EVENT_META_INDEX.session] as number;
      // recency = 2^(−age / 3 days), session = exp(−age / 30 min).
      ages.push(
        session > Math.exp(-1)
          ? 'session'
          : recency > 2 ** (-1 / 3)
            ? 'day'
            : recency > 2 ** (-7 / 3)
              ? 'week'
              : 'older',
      );
      if (type !== 'padding') {
        add(typeCount, type, 1);
        events++;
      }
    }
    for (let r = 0; r < x.rows; r++) {
      rows++;
      for (let h = 0; h < H; h++) {
        const base = (r * H + h) * (SEQUENCE_LENGTH + 1);
        for (let e = 0; e < SEQUENCE_LENGTH; e++) {
          const a = attention![base + e] as number;
          if (a === 0 || types[e] === 'padding') continue;
          add(mass[h] as Map<string, number>, types[e] as string, a);
          add(ageMass[h] as Map<string, number>, ages[e] as string, a);
        }
        add(mass[h] as Map<string, number>, 'sink', attention![base + SEQUENCE_LENGTH] as number);
      }
    }
  }
  const r4 = (v: number) => Math.round(v * 1e4) / 1e4;
  return {
    lists: used,
    heads: mass.map((m, h) => {
      const total = TYPES.reduce((s, t) => s + (m.get(t) ?? 0), 0);
      return {
        byType: {
          click: r4((m.get('click') ?? 0) / Math.max(1, rows)),
          dwell: r4((m.get('dwell') ?? 0) / Math.max(1, rows)),
          save: r4((m.get('save') ?? 0) / Math.max(1, rows)),
          hide: r4((m.get('hide') ?? 0) / Math.max(1, rows)),
          sink: r4((m.get('sink') ?? 0) / Math.max(1, rows)),
        },
        liftByType: Object.fromEntries(
          TYPES.map((t) => {
            const share = (typeCount.get(t) ?? 0) / Math.max(1, events);
            return [t, share === 0 || total === 0 ? 0 : r4((m.get(t) ?? 0) / total / share)];
          }),
        ) as AttentionProfile['heads'][number]['liftByType'],
        byAge: Object.fromEntries(
          (['session', 'day', 'week', 'older'] as const).map((k) => [
            k,
            r4(((ageMass[h] as Map<string, number>).get(k) ?? 0) / Math.max(1, rows)),
          ]),
        ) as AttentionProfile['heads'][number]['byAge'],
      };
    }),
    eventBias: model.heads.map((head) =>
      Object.fromEntries(EVENT_META_NAMES.map((n, i) => [n, r4(head.event[i] as number)])),
    ),
    pairWeights: model.heads.map((head) => ({
      cos: r4(head.pair[0] as number),
      category: r4(head.pair[1] as number),
      colour: r4(head.pair[2] as number),
    })),
  };
}
