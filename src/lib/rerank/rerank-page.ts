/**
 * Reranks one list of candidates (a query's pool, or a page): the sequence model's inputs
 * (src/ranking/sequence-inputs.ts: candidate features, candidate items and the last 64 events) on
 * this thread, packed into one buffer; scores from the controller (the worker, within the budget);
 * and the display order. The scorer is the controller, or the app's page scorer, which hands a
 * page to the TS reference scorer while onnxruntime is still loading. The grid's pages go through this
 * (src/features/personalization/personalize-page.ts) and the rerank lab times it
 * (bench/rerank-latency-web.ts), so the benchmark measures the app's own path.
 */
import type { EngagementEvent } from '@/ranking/engagement';
import type { RankingCandidate } from '@/ranking/feature-spec';
import { buildSequenceInputs, packSequenceInputs } from '@/ranking/sequence-inputs';
import { errorReason } from './ep';
import type { PageScoreOutcome } from './first-page-scorer';
import { orderByScore } from './rank-order';
import type { RerankerInfo } from './rerank-protocol';

/** Who scored a page: onnxruntime-web (the controller), or the TS reference scorer and why. */
export type ScoredBy =
  { path: 'ort'; info: RerankerInfo } | { path: 'ts'; modelVersion: string; why: string };

/** The controller (rerank-main.ts), or the app's page scorer around it (first-page-scorer.ts). */
export interface Scorer {
  score(request: {
    features: Float32Array;
    rows: number;
    budgetMs: number;
  }): Promise<PageScoreOutcome>;
}

export interface PageRerankInput {
  /** In the server's order. */
  candidates: readonly RankingCandidate[];
  history: readonly EngagementEvent[];
  nowMs: number;
  /** '' for pages that answer no query (related pins). */
  query: string;
  budgetMs: number;
  /** Keep a copy of the model's packed inputs (they are transferred to the worker): for explanations. */
  keepFeatures?: boolean;
}

export type PageRerank =
  | {
      kind: 'reordered';
      /** Server indices in display order. */
      order: number[];
      scores: Float32Array;
      scoredBy: ScoredBy;
      /** Building the inputs on this thread. */
      featureMs: number;
      /** session.run (or the TS scorer's run), as the thread that ran it measured it. */
      inferenceMs: number;
      /** The packed inputs (sequence-inputs.ts: unpackSequenceInputs), when kept. */
      features: Float32Array | null;
    }
  | { kind: 'server-order'; reason: string };

export async function rerankPage(
  scorer: Scorer,
  { candidates, history, nowMs, query, budgetMs, keepFeatures = false }: PageRerankInput,
): Promise<PageRerank> {
  const started = performance.now();
  let features: Float32Array;
  try {
    features = packSequenceInputs(buildSequenceInputs({ candidates, history, nowMs, query }));
  } catch (error) {
    // A history the features cannot read: keep server order.
    return { kind: 'server-order', reason: `features failed: ${errorReason(error)}` };
  }
  const featureMs = performance.now() - started;
  const kept = keepFeatures ? features.slice() : null;
  const outcome = await scorer.score({ features, rows: candidates.length, budgetMs });
  if (outcome.kind === 'server-order') return outcome;
  return {
    kind: 'reordered',
    order: orderByScore(outcome.scores),
    scores: outcome.scores,
    scoredBy:
      outcome.kind === 'scored'
        ? { path: 'ort', info: outcome.info }
        : { path: 'ts', modelVersion: outcome.modelVersion, why: outcome.why },
    featureMs,
    inferenceMs: outcome.ms,
    features: kept,
  };
}
