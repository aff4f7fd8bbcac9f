/**
 * Parity of the 21-feature MLP's export (the baseline the sequence reranker replaced; its weights
 * live in bench/baselines): the ONNX graph run by onnxruntime-node gives the TS reference scorer's
 * scores (max abs diff ≤ 1e-4) on fixed inputs. The shipped model's parity is
 * sequence-parity.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type { EngagementEvent } from '@/ranking/engagement';
import { encodeEmbedding, EMBEDDING_DIM } from '@/ranking/embedding';
import { buildFeatureMatrix } from '@/ranking/feature-matrix';
import {
  FEATURE_COUNT,
  FEATURE_INDEX,
  FEATURE_NAMES,
  type RankingCandidate,
} from '@/ranking/feature-spec';
import {
  parameterCount,
  referenceScores,
  weightsFromJson,
  type ModelWeights,
} from '@/ranking/reference-scorer';
import { ONNX_OPSET } from '@/server/visual/image-model/onnx-graph';
import { createRng } from '../simulate/prng';
import { buildOnnxModel, INPUT_NAME, OUTPUT_NAME } from './onnx-export';
import { readOnnxModel } from './onnx-read';

const TOLERANCE = 1e-4;
const BASELINE_FILE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'bench',
  'baselines',
  'mlp-reranker-0fcf090690e9.weights.json',
);

async function ortScores(
  bytes: Uint8Array,
  features: Float32Array,
  rows: number,
): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const out = await session.run({
      [INPUT_NAME]: new ort.Tensor('float32', features, [rows, FEATURE_COUNT]),
    });
    const scores = out[OUTPUT_NAME];
    if (!scores) throw new Error('no scores output');
    expect(scores.dims).toEqual([rows]);
    return scores.data as Float32Array;
  } finally {
    await session.release();
  }
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
};

/** Fixed inputs: real feature rows from a small page and history, plus seeded rows over [−3, 3]. */
function fixedInputs(randomRows: number): { features: Float32Array; rows: number } {
  const rng = createRng(20_250_601);
  const vector = () => encodeEmbedding(Array.from({ length: EMBEDDING_DIM }, () => rng.normal()));
  const candidates: RankingCandidate[] = Array.from({ length: 12 }, (_, i) => ({
    id: `c${i}`,
    title: i % 3 === 0 ? 'Red apple' : 'Pear',
    category: i % 2 === 0 ? 'Food' : 'Animals',
    dominantColor: i % 2 === 0 ? '#ff2200' : '#224466',
    popularity: (i % 5) / 5,
    serverScore: 20 - i,
    lexicalScore: 10 - i / 2,
    semanticScore: Math.cos(i),
    embedding: i === 3 ? null : vector(),
  }));
  const history: EngagementEvent[] = Array.from({ length: 6 }, (_, i) => ({
    v: 1,
    type: (['click', 'save', 'dwell', 'hide'] as const)[i % 4] as EngagementEvent['type'],
    pinId: `c${i * 2}`,
    at: 1_750_000_000_000 - i * 3_600_000,
    query: 'apple',
    dwellMs: 12_000,
    category: i % 2 === 0 ? 'Food' : 'Animals',
    dominantColor: '#ff0000',
    embedding: vector(),
  }));
  const real = buildFeatureMatrix({
    candidates,
    history,
    nowMs: 1_750_000_000_000,
    query: 'red apple',
  });
  const noHistory = buildFeatureMatrix({
    candidates,
    history: [],
    nowMs: 1_750_000_000_000,
    query: 'red apple',
  });
  const random = Float32Array.from(
    { length: randomRows * FEATURE_COUNT },
    () => rng.next() * 6 - 3,
  );
  const features = new Float32Array(real.length + noHistory.length + random.length);
  features.set(real, 0);
  features.set(noHistory, real.length);
  features.set(random, real.length + noHistory.length);
  return { features, rows: features.length / FEATURE_COUNT };
}

function syntheticModel(): ModelWeights {
  const rng = createRng(7);
  const sizes = [FEATURE_COUNT, 8, 4, 1];
  return {
    layers: sizes.slice(1).map((out, k) => ({
      inputSize: sizes[k] as number,
      outputSize: out,
      weight: Float32Array.from({ length: (sizes[k] as number) * out }, () => rng.normal() * 0.5),
      bias: Float32Array.from({ length: out }, () => rng.normal() * 0.1),
      activation: k < sizes.length - 2 ? ('relu' as const) : ('linear' as const),
    })),
    prior: {
      rankFeature: FEATURE_INDEX.log_rank,
      rankWeight: 1,
      historyFeature: FEATURE_INDEX.history_size,
      gateScale: 1e4,
    },
  };
}

describe('ONNX export', () => {
  it('writes the graph the brief fixes and reads back the same weights', () => {
    const model = syntheticModel();
    const info = readOnnxModel(buildOnnxModel(model, { featureNames: FEATURE_NAMES }));
    expect(info.opset).toBe(ONNX_OPSET);
    expect([info.inputName, info.outputName]).toEqual(['features', 'scores']);
    expect(JSON.parse(info.metadata.feature_names ?? '[]')).toEqual([...FEATURE_NAMES]);
    expect(info.model).toEqual(model);
  });

  it('is deterministic', () => {
    const a = buildOnnxModel(syntheticModel(), { featureNames: FEATURE_NAMES });
    const b = buildOnnxModel(syntheticModel(), { featureNames: FEATURE_NAMES });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('onnxruntime-node matches the reference scorer on a synthetic model', async () => {
    const model = syntheticModel();
    const { features, rows } = fixedInputs(200);
    const ref = referenceScores(model, features, rows);
    const got = await ortScores(
      buildOnnxModel(model, { featureNames: FEATURE_NAMES }),
      features,
      rows,
    );
    expect(maxAbsDiff(got, ref)).toBeLessThanOrEqual(TOLERANCE);
    // Without history the gate is shut: scores fall with the server rank alone.
    const noHistory = Array.from(got.subarray(12, 24));
    expect(noHistory).toEqual([...noHistory].sort((x, y) => y - x));
  });

  it('accepts any batch size (N is dynamic)', async () => {
    const bytes = buildOnnxModel(syntheticModel(), { featureNames: FEATURE_NAMES });
    for (const rows of [1, 500]) {
      const { features } = fixedInputs(rows);
      const slice = features.subarray(features.length - rows * FEATURE_COUNT);
      expect(
        maxAbsDiff(
          await ortScores(bytes, slice, rows),
          referenceScores(syntheticModel(), slice, rows),
        ),
      ).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});

describe('the shipped MLP baseline (bench/baselines)', () => {
  const json = JSON.parse(fs.readFileSync(BASELINE_FILE, 'utf8'));
  const model = weightsFromJson(json);

  it('is the 21-feature MLP, 3,521 parameters, for this code’s features', () => {
    expect(json.featureNames).toEqual([...FEATURE_NAMES]);
    expect(parameterCount(model)).toBe(3521);
  });

  it('exported again, onnxruntime-node matches the reference scorer within 1e-4', async () => {
    const { features, rows } = fixedInputs(100);
    const got = await ortScores(
      buildOnnxModel(model, { featureNames: FEATURE_NAMES }),
      features,
      rows,
    );
    expect(maxAbsDiff(got, referenceScores(model, features, rows))).toBeLessThanOrEqual(TOLERANCE);
  });
});
