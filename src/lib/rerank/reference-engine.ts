/**
 * The TS reference scorer (src/ranking/sequence-scorer.ts) as an engine for the first page of a
 * return visit: the same weights as public/models/reranker.onnx (the trainer writes both; parity
 * is tested to 1e-4), read from reranker-weights.json, scored on the calling thread.
 *
 * Why it exists: onnxruntime-web needs ~1 s after page load (runtime fetch, WebAssembly compile,
 * session creation, warm-up) before it scores anything, longer than a first page may wait. This
 * needs one small JSON file and a few milliseconds of JavaScript for a 300-candidate pool
 * (bench/fresh-load-personalization.ts measures both paths). onnxruntime takes over as soon as it
 * is ready (first-page-scorer.ts).
 *
 * The weights come as parsed JSON (first-page-scorer.ts fetches them while this chunk loads).
 */
import { unpackSequenceInputs } from '@/ranking/sequence-inputs';
import {
  isSequenceModelJson,
  sequenceScores,
  sequenceWeightsFromJson,
  type SequenceModelWeights,
} from '@/ranking/sequence-scorer';
import { CANDIDATE_FEATURE_NAMES } from '@/ranking/sequence-spec';
import { describeFeatureMismatch } from './model-card';

export interface ReferenceEngine {
  /** The weights file's model version (the model card's), '' when the file has none. */
  readonly modelVersion: string;
  /** From the start of loading to ready (weights fetched, parsed and checked), ms. */
  readonly loadMs: number;
  /** performance.now() when it became ready (ms since the page's time origin). */
  readonly readyAt: number;
  /** Scores the packed inputs (sequence-inputs.ts) on this thread. Throws on a layout mismatch. */
  score(packed: Float32Array, rows: number): { scores: Float32Array; ms: number };
}

/**
 * Reads and checks a weights file: a sequence model whose candidate features are this app's, with
 * shapes that fit (sequenceWeightsFromJson). Anything else throws with the reason.
 */
export function referenceWeightsFromJson(json: unknown): {
  model: SequenceModelWeights;
  modelVersion: string;
} {
  if (!isSequenceModelJson(json)) throw new Error('the weights file is not a sequence model');
  const { featureNames, version } = json as { featureNames?: unknown; version?: unknown };
  if (Array.isArray(featureNames)) {
    const names = featureNames.map(String);
    if (names.join('\n') !== CANDIDATE_FEATURE_NAMES.join('\n'))
      throw new Error(describeFeatureMismatch(names, CANDIDATE_FEATURE_NAMES));
  }
  return {
    model: sequenceWeightsFromJson(json),
    modelVersion: typeof version === 'string' ? version : '',
  };
}

export async function loadReferenceEngine(
  weights: Promise<unknown>,
  started: number = performance.now(),
): Promise<ReferenceEngine> {
  const { model, modelVersion } = referenceWeightsFromJson(await weights);
  const readyAt = performance.now();
  return {
    modelVersion,
    loadMs: readyAt - started,
    readyAt,
    score(packed, rows) {
      const scoring = performance.now();
      const scores = sequenceScores(model, unpackSequenceInputs(packed, rows));
      return { scores, ms: performance.now() - scoring };
    },
  };
}
