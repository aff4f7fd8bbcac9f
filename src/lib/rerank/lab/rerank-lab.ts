/**
 * The rerank lab page (rerank-lab.html): exposes the app's own reranker to
 * Playwright as `window.rerankLab`, for the parity specs (raw model scores on a
 * forced EP) and the latency bench (feature building + scoring + ordering of
 * 500 candidates). Not linked from the app; harmless to ship (no data, no API calls).
 */
import type { EngagementEvent } from '@/ranking/engagement';
import { buildFeatureMatrix, type RankingCandidate } from '@/ranking/features';
import { orderByScore } from '../rank-order';
import { getRerankController, type RerankerStatus } from '../rerank-main';

/** Raw scoring is not a page render: give the model all the time it needs. */
const UNBOUNDED_BUDGET_MS = 120_000;

export interface RerankLab {
  /** Resolves once the reranker is ready or has failed. */
  ready(): Promise<RerankerStatus>;
  status(): RerankerStatus;
  score(features: number[], rows: number): Promise<{ ep: string; scores: number[]; ms: number }>;
  /** Times `runs` full reranks (features + model + order) of the same candidates; ms per run. */
  timeRerank(options: {
    candidates: RankingCandidate[];
    history: EngagementEvent[];
    nowMs: number;
    query: string;
    runs: number;
    warmupRuns: number;
  }): Promise<{ ep: string; samples: number[]; featureMs: number[]; modelMs: number[] }>;
}

declare global {
  interface Window {
    rerankLab?: RerankLab;
  }
}

const controller = getRerankController();
const statusElement = document.getElementById('status');
controller.status.subscribe((s) => {
  if (statusElement) statusElement.textContent = JSON.stringify(s, null, 2);
});

async function scoreOnce(features: Float32Array, rows: number) {
  const outcome = await controller.score({ features, rows, budgetMs: UNBOUNDED_BUDGET_MS });
  if (outcome.kind !== 'scored') throw new Error(`not scored: ${outcome.reason}`);
  return outcome;
}

window.rerankLab = {
  async ready() {
    await controller.warmUp();
    return controller.status.getState();
  },
  status: () => controller.status.getState(),
  async score(features, rows) {
    const outcome = await scoreOnce(Float32Array.from(features), rows);
    return { ep: outcome.info.ep, scores: Array.from(outcome.scores), ms: outcome.ms };
  },
  async timeRerank({ candidates, history, nowMs, query, runs, warmupRuns }) {
    const samples: number[] = [];
    const modelMs: number[] = [];
    const featureMs: number[] = [];
    let ep = '';
    for (let i = 0; i < warmupRuns + runs; i += 1) {
      const started = performance.now();
      const features = buildFeatureMatrix({ candidates, history, nowMs, query });
      const built = performance.now() - started;
      const outcome = await scoreOnce(features, candidates.length);
      orderByScore(outcome.scores);
      const elapsed = performance.now() - started;
      ep = outcome.info.ep;
      if (i >= warmupRuns) {
        samples.push(elapsed);
        modelMs.push(outcome.ms);
        featureMs.push(built);
      }
    }
    return { ep, samples, featureMs, modelMs };
  },
};
