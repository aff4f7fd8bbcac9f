/**
 * The rerank lab page (rerank-lab.html): exposes the app's own reranker to
 * Playwright as `window.rerankLab`, for the parity specs (raw model scores on a
 * forced EP) and the latency bench (rerankPage, what every grid page goes
 * through: feature building, scoring in the worker, ordering, for 500 candidates).
 * Not linked from the app; harmless to ship (no data, no API calls).
 */
import type { EngagementEvent } from '@/ranking/engagement';
import type { EpMeasurement } from '../ep-choice';
import type { RankingCandidate } from '@/ranking/feature-spec';
import { getRerankController, type RerankerStatus } from '../rerank-main';
import { rerankPage } from '../rerank-page';
import './image-lab';

/** Raw scoring is not a page render: give the model all the time it needs. */
const UNBOUNDED_BUDGET_MS = 120_000;

export interface RerankLab {
  /** Resolves once the reranker is ready or has failed. */
  ready(): Promise<RerankerStatus>;
  status(): RerankerStatus;
  /** Measures both EPs now (what `auto` does in the background after a personalized page). */
  measureEp(): Promise<EpMeasurement | null>;
  score(features: number[], rows: number): Promise<{ ep: string; scores: number[]; ms: number }>;
  /** Times `runs` reranks of the same page (rerankPage: features + model + order); ms per run. */
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
// Redrawn when the state changes, not on every inference: no DOM work inside the timed runs.
let shownState: RerankerStatus['state'] | null = null;
controller.status.subscribe((s) => {
  if (!statusElement || s.state === shownState) return;
  shownState = s.state;
  statusElement.textContent = JSON.stringify(s, null, 2);
});

window.rerankLab = {
  async ready() {
    await controller.warmUp();
    return controller.status.getState();
  },
  status: () => controller.status.getState(),
  measureEp: () => controller.measureEp(),
  async score(features, rows) {
    const outcome = await controller.score({
      features: Float32Array.from(features),
      rows,
      budgetMs: UNBOUNDED_BUDGET_MS,
    });
    if (outcome.kind !== 'scored') throw new Error(`not scored: ${outcome.reason}`);
    return { ep: outcome.info.ep, scores: Array.from(outcome.scores), ms: outcome.ms };
  },
  async timeRerank({ candidates, history, nowMs, query, runs, warmupRuns }) {
    const samples: number[] = [];
    const modelMs: number[] = [];
    const featureMs: number[] = [];
    let ep = '';
    // Each run parses its own copy, as each page arrives fresh from the network (response.json()):
    // nothing about the candidate objects (e.g. their strings' hashes) is left warm by the last run.
    const wire = JSON.stringify(candidates);
    for (let i = 0; i < warmupRuns + runs; i += 1) {
      const page = JSON.parse(wire) as RankingCandidate[];
      const started = performance.now();
      const result = await rerankPage(controller, {
        candidates: page,
        history,
        nowMs,
        query,
        budgetMs: UNBOUNDED_BUDGET_MS,
      });
      const elapsed = performance.now() - started;
      if (result.kind !== 'reordered') throw new Error(`not reranked: ${result.reason}`);
      // The lab's scorer is the plain controller: onnxruntime, never the TS reference.
      if (result.scoredBy.path !== 'ort')
        throw new Error('scored by the TS reference, not onnxruntime');
      ep = result.scoredBy.info.ep;
      if (i >= warmupRuns) {
        samples.push(elapsed);
        modelMs.push(result.inferenceMs);
        featureMs.push(result.featureMs);
      }
    }
    return { ep, samples, featureMs, modelMs };
  },
};
