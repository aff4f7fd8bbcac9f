import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { buildSequenceInputs, packSequenceInputs } from '@/ranking/sequence-inputs';
import { CANDIDATE_FEATURE_COUNT } from '@/ranking/sequence-spec';
import {
  fixtureCandidates,
  fixtureHistory,
  FIXTURE_NOW_MS,
} from '../../../bench/lib/rerank-fixtures';
import type { RerankController, RerankerStatus, ScoreOutcome } from './rerank-main';
import type { RerankerInfo } from './rerank-protocol';
import { rerankPage } from './rerank-page';

const INFO: RerankerInfo = {
  ep: 'wasm',
  choice: { kind: 'forced', ep: 'wasm' },
  modelVersion: 'm1',
  featureCount: CANDIDATE_FEATURE_COUNT,
  attempts: [{ ep: 'wasm', ok: true, ms: 5 }],
  loadMs: 10,
  thread: 'worker',
};

/** A controller that scores row i as i: the reranked order is the server order reversed. */
function fakeController(outcome?: ScoreOutcome) {
  const seen: { features: Float32Array; rows: number; budgetMs: number }[] = [];
  const controller: RerankController = {
    status: createStore<RerankerStatus>(() => ({ state: 'idle', preference: 'auto' })),
    warmUp: async () => undefined,
    measureEp: async () => null,
    score: async (request) => {
      seen.push({ ...request, features: request.features.slice() });
      return (
        outcome ?? {
          kind: 'scored',
          scores: Float32Array.from({ length: request.rows }, (_, i) => i),
          ms: 0.25,
          info: INFO,
        }
      );
    },
  };
  return { controller, seen };
}

const input = {
  candidates: fixtureCandidates(5),
  history: fixtureHistory(FIXTURE_NOW_MS),
  nowMs: FIXTURE_NOW_MS,
  query: 'red apple',
  budgetMs: 150,
};

describe('rerankPage', () => {
  it('scores the page’s packed sequence inputs within the budget and orders by score', async () => {
    const { controller, seen } = fakeController();
    const result = await rerankPage(controller, input);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.rows).toBe(5);
    expect(seen[0]!.budgetMs).toBe(150);
    expect(seen[0]!.features).toEqual(packSequenceInputs(buildSequenceInputs(input)));
    expect(result).toMatchObject({
      kind: 'reordered',
      order: [4, 3, 2, 1, 0],
      inferenceMs: 0.25,
      scoredBy: { path: 'ort', info: INFO },
      features: null,
    });
    expect(result.kind === 'reordered' && result.featureMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps a copy of the inputs only when asked (the original goes to the worker)', async () => {
    const { controller } = fakeController();
    const result = await rerankPage(controller, { ...input, keepFeatures: true });
    expect(result.kind === 'reordered' && result.features).toEqual(
      packSequenceInputs(buildSequenceInputs(input)),
    );
  });

  it('passes a server-order outcome through with its reason', async () => {
    const { controller } = fakeController({
      kind: 'server-order',
      reason: 'reranker is not ready',
    });
    expect(await rerankPage(controller, input)).toEqual({
      kind: 'server-order',
      reason: 'reranker is not ready',
    });
  });
});
