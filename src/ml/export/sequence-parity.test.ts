/**
 * Parity of the sequence reranker: the ONNX graph (sequence-onnx-export.ts) run by
 * onnxruntime-node gives the TS reference scorer's scores (src/ranking/sequence-scorer.ts) within
 * 1e-4, on a seeded synthetic model and on the committed public/models/reranker.onnx; and an
 * empty history gives exactly the server order.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type { EngagementEvent } from '@/ranking/engagement';
import { buildSequenceInputs, type SequenceInputs } from '@/ranking/sequence-inputs';
import {
  hasListContext,
  isSequenceModelJson,
  sequenceParameterCount,
  sequenceScores,
  sequenceWeightsFromJson,
} from '@/ranking/sequence-scorer';
import {
  CANDIDATE_FEATURE_COUNT,
  CANDIDATE_FEATURE_NAMES,
  EVENT_WIDTH,
  ITEM_WIDTH,
  SEQUENCE_INPUT_NAMES,
  SEQUENCE_INPUT_SIGNATURE,
  SEQUENCE_LENGTH,
  SEQUENCE_OUTPUT_NAME,
} from '@/ranking/sequence-spec';
import {
  fixtureCandidates,
  fixtureHistory,
  FIXTURE_NOW_MS,
  FIXTURE_QUERY,
  sequenceParityInputs,
  syntheticSequenceModel,
} from '../../../bench/lib/rerank-fixtures';
import { checkModelCard } from '@/lib/rerank/model-card';
import { ONNX_OPSET } from '@/server/visual/image-model/onnx-graph';
import { buildSequenceOnnxModel, readSequenceOnnx } from './sequence-onnx-export';

const TOLERANCE = 1e-4;
const MODELS_DIR = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'public',
  'models',
);

async function ortScores(bytes: Uint8Array, x: SequenceInputs): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const [features, items, history] = SEQUENCE_INPUT_NAMES;
    const out = await session.run({
      [features]: new ort.Tensor('float32', x.features, [x.rows, CANDIDATE_FEATURE_COUNT]),
      [items]: new ort.Tensor('float32', x.items, [x.rows, ITEM_WIDTH]),
      [history]: new ort.Tensor('float32', x.history, [SEQUENCE_LENGTH, EVENT_WIDTH]),
    });
    const scores = out[SEQUENCE_OUTPUT_NAME];
    if (!scores) throw new Error('no scores output');
    expect(scores.dims).toEqual([x.rows]);
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

describe('sequence reranker export', () => {
  it('reads back the weights it wrote, with the graph the worker expects', () => {
    const model = syntheticSequenceModel();
    const info = readSequenceOnnx(buildSequenceOnnxModel(model));
    expect(info.opset).toBe(ONNX_OPSET);
    expect(info.inputNames).toEqual([...SEQUENCE_INPUT_NAMES]);
    expect(info.outputName).toBe(SEQUENCE_OUTPUT_NAME);
    expect(info.model).toEqual(model);
    expect(sequenceParameterCount(model)).toBeGreaterThan(0);
  });

  it('is deterministic', () => {
    const a = buildSequenceOnnxModel(syntheticSequenceModel());
    const b = buildSequenceOnnxModel(syntheticSequenceModel());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('onnxruntime-node matches the reference scorer within 1e-4 (real, partial, empty and random histories)', async () => {
    const model = syntheticSequenceModel();
    const bytes = buildSequenceOnnxModel(model);
    for (const x of sequenceParityInputs()) {
      const got = await ortScores(bytes, x);
      expect(maxAbsDiff(got, sequenceScores(model, x))).toBeLessThanOrEqual(TOLERANCE);
    }
  });

  it('with the list-level context channels too, whose value depends on the whole list', async () => {
    const model = syntheticSequenceModel(9, 2, 8, true);
    expect(hasListContext(model)).toBe(true);
    const bytes = buildSequenceOnnxModel(model);
    const [real] = sequenceParityInputs();
    for (const x of sequenceParityInputs()) {
      const got = await ortScores(bytes, x);
      expect(maxAbsDiff(got, sequenceScores(model, x))).toBeLessThanOrEqual(TOLERANCE);
    }
    // The head of the list sets the context: scoring the second half alone changes its scores.
    const x = real!;
    const half = Math.floor(x.rows / 2);
    const F = x.features.length / x.rows;
    const I = x.items.length / x.rows;
    const tail = {
      ...x,
      rows: x.rows - half,
      features: x.features.slice(half * F),
      items: x.items.slice(half * I),
    };
    const whole = sequenceScores(model, x).slice(half);
    const alone = sequenceScores(model, tail);
    expect(maxAbsDiff(await ortScores(bytes, tail), alone)).toBeLessThanOrEqual(TOLERANCE);
    expect(maxAbsDiff(whole, alone)).toBeGreaterThan(1e-3);
  });

  it('keeps the exact server order without history (cold start), in the graph and in TS', async () => {
    const model = syntheticSequenceModel(11);
    const x = buildSequenceInputs({
      candidates: fixtureCandidates(500),
      history: [],
      nowMs: FIXTURE_NOW_MS,
      query: FIXTURE_QUERY,
    });
    expect(x.events).toBe(0);
    for (const scores of [
      await ortScores(buildSequenceOnnxModel(model), x),
      sequenceScores(model, x),
    ]) {
      for (let r = 1; r < x.rows; r++) expect(scores[r]).toBeLessThan(scores[r - 1] as number);
    }
    // …while any one event lets the model reorder.
    const oneEvent: EngagementEvent[] = fixtureHistory(FIXTURE_NOW_MS).slice(-1);
    const personal = sequenceScores(
      model,
      buildSequenceInputs({
        ...x,
        candidates: fixtureCandidates(500),
        history: oneEvent,
        nowMs: FIXTURE_NOW_MS,
        query: FIXTURE_QUERY,
      }),
    );
    const ordered = Array.from(personal).every(
      (s, r) => r === 0 || s < (personal[r - 1] as number),
    );
    expect(ordered).toBe(false);
  });

  it('accepts any number of candidates (N is dynamic)', async () => {
    const model = syntheticSequenceModel(3);
    const bytes = buildSequenceOnnxModel(model);
    for (const n of [1, 2, 500]) {
      const x = buildSequenceInputs({
        candidates: fixtureCandidates(n),
        history: fixtureHistory(FIXTURE_NOW_MS),
        nowMs: FIXTURE_NOW_MS,
        query: FIXTURE_QUERY,
      });
      expect(maxAbsDiff(await ortScores(bytes, x), sequenceScores(model, x))).toBeLessThanOrEqual(
        TOLERANCE,
      );
    }
  });
});

describe('committed model (public/models)', () => {
  const bytes = new Uint8Array(fs.readFileSync(path.join(MODELS_DIR, 'reranker.onnx')));
  const card = JSON.parse(
    fs.readFileSync(path.join(MODELS_DIR, 'model-card.json'), 'utf8'),
  ) as Record<string, unknown>;
  const weightsJson = JSON.parse(
    fs.readFileSync(path.join(MODELS_DIR, 'reranker-weights.json'), 'utf8'),
  ) as unknown;
  const info = () => readSequenceOnnx(bytes);

  it('has a model card and weights file that match the graph and this code’s inputs', () => {
    expect(card.featureNames).toEqual([...CANDIDATE_FEATURE_NAMES]);
    const { inputNames, outputName, opset, model } = info();
    expect(card.inputNames).toEqual(inputNames);
    expect(card.inputName).toBe(inputNames[0]);
    // What the browser checks before it uses the model (src/lib/rerank/model-card.ts).
    expect(checkModelCard(card, CANDIDATE_FEATURE_NAMES, SEQUENCE_INPUT_SIGNATURE).ok).toBe(true);
    expect(card.outputName).toBe(outputName);
    expect(card.opset).toBe(opset);
    expect(card.parameters).toBe(sequenceParameterCount(model));
    expect(isSequenceModelJson(weightsJson)).toBe(true);
    expect((weightsJson as { version: string }).version).toBe(card.version);
  });

  it('onnxruntime-node matches the reference scorer (weights from the file, and from the weights JSON) within 1e-4', async () => {
    if (!isSequenceModelJson(weightsJson)) throw new Error('weights file is not a sequence model');
    const fromJson = sequenceWeightsFromJson(weightsJson);
    const { model } = info();
    for (const x of sequenceParityInputs()) {
      const got = await ortScores(bytes, x);
      expect(maxAbsDiff(got, sequenceScores(model, x))).toBeLessThanOrEqual(TOLERANCE);
      expect(maxAbsDiff(got, sequenceScores(fromJson, x))).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});
