/**
 * Offline evaluation of rankings on held-out simulated users: mean NDCG@10 against the
 * simulator's graded relevance for the server order, two heuristics and the model, over all
 * impressions, over those with history, and with the history removed ("no-history users").
 */
import { FEATURE_COUNT, FEATURE_INDEX, type FeatureName } from '@/ranking/feature-spec';
import { referenceScores, type ModelWeights } from '@/ranking/reference-scorer';
import type { RankedList } from '../train/dataset';
import { ndcgAtK, orderByScore } from './ndcg';

export const EVAL_K = 10;
/** Heuristic = server_score + HEURISTIC_WEIGHT × attention_similarity (cosine to recent engagements). */
export const HEURISTIC_WEIGHT = 1;

export type Scorer = (list: RankedList) => ArrayLike<number>;

const column = (list: RankedList, name: FeatureName): Float32Array =>
  Float32Array.from(
    { length: list.size },
    (_, r) => list.features[r * FEATURE_COUNT + FEATURE_INDEX[name]] as number,
  );

export const serverScorer: Scorer = (l) => Float32Array.from({ length: l.size }, (_, r) => -r);

export const cosineHeuristic: Scorer = (l) => {
  const server = column(l, 'server_score');
  const sim = column(l, 'attention_similarity');
  return server.map((s, r) => s + HEURISTIC_WEIGHT * (sim[r] as number));
};

/** Same blend with category affinity: the stronger baseline while pins have no embeddings. */
export const categoryHeuristic: Scorer = (l) => {
  const server = column(l, 'server_score');
  const cat = column(l, 'category_affinity');
  return server.map((s, r) => s + HEURISTIC_WEIGHT * (cat[r] as number));
};

export const modelScorer =
  (model: ModelWeights): Scorer =>
  (l) =>
    referenceScores(model, l.features, l.size);

export function meanNdcgOf(
  lists: readonly RankedList[],
  scorer: Scorer,
): { ndcg: number; lists: number } {
  let sum = 0;
  let n = 0;
  for (const l of lists) {
    if (!l.grades) continue;
    const v = ndcgAtK(l.grades, orderByScore(scorer(l)), EVAL_K);
    if (v === null) continue;
    sum += v;
    n++;
  }
  return { ndcg: n === 0 ? 0 : round(sum / n), lists: n };
}

const round = (x: number): number => Math.round(x * 1e4) / 1e4;
const relative = (x: number, base: number): number => (base === 0 ? 0 : round((x - base) / base));

export interface SliceReport {
  lists: number;
  server: number;
  cosineHeuristic: number;
  categoryHeuristic: number;
  model: number;
  /** (model − server) / server. */
  modelVsServer: number;
  modelVsCosineHeuristic: number;
  modelVsCategoryHeuristic: number;
}

function slice(lists: readonly RankedList[], model: ModelWeights): SliceReport {
  const server = meanNdcgOf(lists, serverScorer);
  const cos = meanNdcgOf(lists, cosineHeuristic).ndcg;
  const cat = meanNdcgOf(lists, categoryHeuristic).ndcg;
  const m = meanNdcgOf(lists, modelScorer(model)).ndcg;
  return {
    lists: server.lists,
    server: server.ndcg,
    cosineHeuristic: cos,
    categoryHeuristic: cat,
    model: m,
    modelVsServer: relative(m, server.ndcg),
    modelVsCosineHeuristic: relative(m, cos),
    modelVsCategoryHeuristic: relative(m, cat),
  };
}

export interface OfflineEvalReport {
  k: number;
  /** Every held-out impression with the history the user had built by then. */
  all: SliceReport;
  /** Impressions where the user had at least one positive action before. */
  withHistory: SliceReport;
  /** The same impressions scored with the history removed: the model must not beat or lose to the server by > 1 %. */
  noHistory: SliceReport;
}

export function offlineEval(
  model: ModelWeights,
  lists: readonly RankedList[],
  noHistoryLists: readonly RankedList[],
): OfflineEvalReport {
  return {
    k: EVAL_K,
    all: slice(lists, model),
    withHistory: slice(
      lists.filter((l) => l.historyPositives > 0),
      model,
    ),
    noHistory: slice(noHistoryLists, model),
  };
}
