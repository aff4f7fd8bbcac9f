import { describe, expect, it } from 'vitest';
import {
  fixtureCandidates,
  fixtureHistory,
  FIXTURE_NOW_MS,
  FIXTURE_QUERY,
  syntheticSequenceModel,
} from '../../../bench/lib/rerank-fixtures';
import { buildSequenceInputs, packSequenceInputs } from '@/ranking/sequence-inputs';
import { sequenceScores, sequenceWeightsToJson } from '@/ranking/sequence-scorer';
import { CANDIDATE_FEATURE_NAMES } from '@/ranking/sequence-spec';
import card from '../../../public/models/model-card.json';
import shipped from '../../../public/models/reranker-weights.json';
import { loadReferenceEngine, referenceWeightsFromJson } from './reference-engine';

const model = syntheticSequenceModel(3);
const json = {
  version: 'm-test',
  featureNames: [...CANDIDATE_FEATURE_NAMES],
  ...sequenceWeightsToJson(model),
};
const inputs = buildSequenceInputs({
  candidates: fixtureCandidates(40),
  history: fixtureHistory(FIXTURE_NOW_MS),
  nowMs: FIXTURE_NOW_MS,
  query: FIXTURE_QUERY,
});

describe('referenceWeightsFromJson', () => {
  it('reads the version and the weights', () => {
    const read = referenceWeightsFromJson(json);
    expect(read.modelVersion).toBe('m-test');
    expect(sequenceScores(read.model, inputs)).toEqual(sequenceScores(model, inputs));
  });

  it('refuses another model kind and other candidate features, naming the difference', () => {
    expect(() => referenceWeightsFromJson({ kind: 'mlp' })).toThrow(/not a sequence model/);
    const renamed: string[] = [...CANDIDATE_FEATURE_NAMES];
    renamed[2] = 'colour_affinity';
    expect(() => referenceWeightsFromJson({ ...json, featureNames: renamed })).toThrow(
      /feature #2 is "colour_affinity", this app expects "semantic_score"/,
    );
  });

  it('reads the shipped weights file, whose version is the model card’s', () => {
    const read = referenceWeightsFromJson(shipped);
    expect(read.modelVersion).toBe(card.version);
    expect(sequenceScores(read.model, inputs).every(Number.isFinite)).toBe(true);
  });
});

describe('loadReferenceEngine', () => {
  it('scores packed inputs exactly as the reference scorer does', async () => {
    const engine = await loadReferenceEngine(Promise.resolve(json), performance.now() - 5);
    expect(engine.modelVersion).toBe('m-test');
    expect(engine.loadMs).toBeGreaterThanOrEqual(5);
    expect(engine.readyAt).toBeGreaterThan(0);
    const { scores, ms } = engine.score(packSequenceInputs(inputs), inputs.rows);
    expect(scores).toEqual(sequenceScores(model, inputs));
    expect(ms).toBeGreaterThanOrEqual(0);
    expect(() => engine.score(new Float32Array(3), inputs.rows)).toThrow(/packed input values/);
  });

  it('fails with the weights’ own failure', async () => {
    await expect(
      loadReferenceEngine(Promise.reject(new Error('/w.json: HTTP 404'))),
    ).rejects.toThrow('/w.json: HTTP 404');
    await expect(loadReferenceEngine(Promise.resolve({ kind: 'mlp' }))).rejects.toThrow(
      /not a sequence model/,
    );
  });
});
