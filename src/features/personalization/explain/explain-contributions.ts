/**
 * Top feature contributions per card, for the debug panel. Loaded lazily.
 *
 * Method (occlusion), computed with the TS reference scorer on the model's own weights
 * (public/models/reranker-weights.json), which matches the ONNX graph to 1e-4 (see
 * e2e/rerank-parity.spec.ts):
 * - the sequence model (the shipped one): for each candidate feature, score(x) − score(x with the
 *   feature at the page's mean), and for opens, saves and hides, score − score with those events
 *   taken out of the history ("history: saves" = how much the saves moved the card);
 * - the older 21-feature MLP: the same occlusion for each of its features.
 * The page mean is the baseline because only differences between cards change their order: a
 * feature every card shares contributes nothing. It is an approximation (inputs interact through
 * the attention and the hidden layers, so contributions need not sum to the score), good enough to
 * show a reviewer why a card moved. Inputs that do not fit the weights give no explanation.
 */
import {
  featureContributions,
  weightsFromJson,
  type ModelWeights,
  type ModelWeightsJson,
} from '@/ranking/reference-scorer';
import { FEATURE_NAMES } from '@/ranking/feature-spec';
import { unpackSequenceInputs } from '@/ranking/sequence-inputs';
import {
  isSequenceModelJson,
  sequenceContributions,
  sequenceWeightsFromJson,
  type SequenceModelWeights,
} from '@/ranking/sequence-scorer';
import { CANDIDATE_FEATURE_COUNT, CANDIDATE_FEATURE_NAMES } from '@/ranking/sequence-spec';
import type { Contribution } from '../store/explain-store';

export const WEIGHTS_URL = `${import.meta.env.BASE_URL}models/reranker-weights.json`;
/** Contributions shown per card. */
export const TOP_CONTRIBUTIONS = 3;

type LoadedWeights =
  { kind: 'sequence'; model: SequenceModelWeights } | { kind: 'mlp'; model: ModelWeights };

let weights: Promise<LoadedWeights> | null = null;

function loadWeights(): Promise<LoadedWeights> {
  weights ??= fetch(WEIGHTS_URL)
    .then((response) => {
      if (!response.ok) throw new Error(`${WEIGHTS_URL}: HTTP ${response.status}`);
      return response.json() as Promise<unknown>;
    })
    .then((json): LoadedWeights =>
      isSequenceModelJson(json)
        ? { kind: 'sequence', model: sequenceWeightsFromJson(json) }
        : { kind: 'mlp', model: weightsFromJson(json as ModelWeightsJson) },
    )
    .catch((error: unknown) => {
      weights = null;
      throw error;
    });
  return weights;
}

export function columnMeans(
  features: Float32Array,
  rows: number,
  featureCount: number,
): Float32Array {
  const means = new Float32Array(featureCount);
  for (let r = 0; r < rows; r += 1)
    for (let j = 0; j < featureCount; j += 1) means[j]! += features[r * featureCount + j]! / rows;
  return means;
}

export function topContributions(
  values: ArrayLike<number>,
  names: readonly string[],
  k = TOP_CONTRIBUTIONS,
): Contribution[] {
  return Array.from({ length: values.length }, (_, j) => ({
    feature: names[j] ?? `#${j}`,
    value: values[j]!,
  }))
    .filter((c) => c.value !== 0)
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value))
    .slice(0, k);
}

export async function explainRows({
  features,
  rows,
  featureCount,
}: {
  /** What the model was given: the packed sequence inputs, or the MLP's feature matrix. */
  features: Float32Array;
  rows: number;
  featureCount: number;
}): Promise<{ ok: true; rows: Contribution[][] } | { ok: false; reason: string }> {
  let loaded: LoadedWeights;
  try {
    loaded = await loadWeights();
  } catch (error) {
    return { ok: false, reason: `no weights for explanations (${(error as Error).message})` };
  }
  if (loaded.kind === 'sequence') {
    let x;
    try {
      x = unpackSequenceInputs(features, rows);
    } catch (error) {
      return { ok: false, reason: `inputs do not fit the model (${(error as Error).message})` };
    }
    const baseline = columnMeans(x.features, rows, CANDIDATE_FEATURE_COUNT);
    const { names, values } = sequenceContributions(
      loaded.model,
      x,
      baseline,
      CANDIDATE_FEATURE_NAMES,
    );
    return {
      ok: true,
      rows: Array.from({ length: rows }, (_, r) =>
        topContributions(values.subarray(r * names.length, (r + 1) * names.length), names),
      ),
    };
  }
  if (features.length !== rows * featureCount || featureCount !== FEATURE_NAMES.length)
    return { ok: false, reason: 'inputs do not fit the model' };
  const baseline = columnMeans(features, rows, featureCount);
  const explained: Contribution[][] = [];
  for (let r = 0; r < rows; r += 1) {
    const row = features.subarray(r * featureCount, (r + 1) * featureCount);
    explained.push(
      topContributions(featureContributions(loaded.model, row, baseline), FEATURE_NAMES),
    );
  }
  return { ok: true, rows: explained };
}
