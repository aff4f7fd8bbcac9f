import { describe, expect, it } from 'vitest';
import {
  featureContributions,
  parameterCount,
  referenceScores,
  weightsFromJson,
  weightsToJson,
  type ModelWeights,
} from './reference-scorer';

// 2 → 2 (ReLU) → 1. Row-major [in, out]: W1 = [[1, −1], [2, 0]].
const mlp: ModelWeights = {
  layers: [
    {
      inputSize: 2,
      outputSize: 2,
      weight: Float32Array.of(1, -1, 2, 0),
      bias: Float32Array.of(0, 0.5),
      activation: 'relu',
    },
    {
      inputSize: 2,
      outputSize: 1,
      weight: Float32Array.of(1, -2),
      bias: Float32Array.of(0.25),
      activation: 'linear',
    },
  ],
};
const gated: ModelWeights = {
  ...mlp,
  prior: { rankFeature: 0, rankWeight: 1, historyFeature: 1, gateScale: 10 },
};

describe('referenceScores', () => {
  it('computes the MLP by hand', () => {
    // [1, 1] → [3, −0.5] → ReLU [3, 0] → 3 + 0.25;  [0, −1] → [−2, 0.5] → [0, 0.5] → −1 + 0.25
    expect(Array.from(referenceScores(mlp, Float32Array.of(1, 1, 0, -1), 2))).toEqual([
      3.25, -0.75,
    ]);
    expect(parameterCount(mlp)).toBe(4 + 2 + 2 + 1);
  });

  it('adds the gated server prior', () => {
    // [1, 1]: −1 · 1 + clip(10 · 1, 0, 1) · 3.25;  [0.5, 0]: −0.5 + 0 · mlp;  [0.5, 0.05]: gate 0.5, mlp([0.5, 0.05]) = 0.6 + 0.25
    const scores = referenceScores(gated, Float32Array.of(1, 1, 0.5, 0, 0.5, 0.05), 3);
    expect(scores[0]).toBe(2.25);
    expect(scores[1]).toBe(-0.5);
    expect(scores[2]).toBeCloseTo(-0.5 + 0.5 * 0.85, 6);
  });

  it('clips the gate to [0, 1]', () => {
    // history −1 → gate 0 (not −10): score = −rank
    expect(Array.from(referenceScores(gated, Float32Array.of(2, -1), 1))).toEqual([-2]);
  });

  it('rejects inputs of the wrong size', () => {
    expect(() => referenceScores(mlp, new Float32Array(3), 2)).toThrow('expected 2 × 2');
  });

  it('explains a score by occlusion against a baseline', () => {
    // score([1, 1]) = 3.25; x0 = 0: [0, 1] → [2, 0.5] → 2 − 1 + 0.25 = 1.25; x1 = 0: [1, 0] → [1, −0.5] → 1.25;
    // x1 = 2 (baseline above the value): [1, 2] → [5, −0.5] → 5.25, a negative contribution
    expect(Array.from(featureContributions(mlp, Float32Array.of(1, 1), [0, 0]))).toEqual([2, 2]);
    expect(Array.from(featureContributions(mlp, Float32Array.of(1, 1), [1, 2]))).toEqual([0, -2]);
  });

  it('round-trips through JSON', () => {
    const back = weightsFromJson(JSON.parse(JSON.stringify(weightsToJson(gated))));
    expect(back).toEqual(gated);
    expect(() =>
      weightsFromJson({
        layers: [{ inputSize: 2, outputSize: 1, weight: [1], bias: [0], activation: 'linear' }],
      }),
    ).toThrow('mismatched');
  });
});
