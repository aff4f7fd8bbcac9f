/**
 * Top feature contributions per card, for the debug panel. Loaded lazily.
 *
 * Method (occlusion against the page mean): for each card and feature j,
 * contribution_j = score(x) − score(x with x_j replaced by the page's mean of
 * feature j), computed with the TS reference scorer on the model's own weights
 * (public/models/reranker-weights.json), which matches the ONNX graph to 1e-4
 * (see e2e/rerank-parity.spec.ts). The page mean is the baseline because only
 * differences between cards change their order: a feature every card shares
 * contributes nothing. It is an approximation (features interact through the
 * hidden layer, so contributions need not sum to the score), good enough to
 * show a reviewer why a card moved.
 */
import {
  featureContributions,
  weightsFromJson,
  type ModelWeights,
} from '@/ranking/reference-scorer';
import { FEATURE_NAMES } from '@/ranking/feature-spec';
import type { Contribution } from '../store/explain-store';

export const WEIGHTS_URL = `${import.meta.env.BASE_URL}models/reranker-weights.json`;
/** Contributions shown per card. */
export const TOP_CONTRIBUTIONS = 3;

let weights: Promise<ModelWeights> | null = null;

function loadWeights(): Promise<ModelWeights> {
  weights ??= fetch(WEIGHTS_URL)
    .then((response) => {
      if (!response.ok) throw new Error(`${WEIGHTS_URL}: HTTP ${response.status}`);
      return response.json();
    })
    .then(weightsFromJson)
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
  features: Float32Array;
  rows: number;
  featureCount: number;
}): Promise<{ ok: true; rows: Contribution[][] } | { ok: false; reason: string }> {
  let model: ModelWeights;
  try {
    model = await loadWeights();
  } catch (error) {
    return { ok: false, reason: `no weights for explanations (${(error as Error).message})` };
  }
  const baseline = columnMeans(features, rows, featureCount);
  const explained: Contribution[][] = [];
  for (let r = 0; r < rows; r += 1) {
    const row = features.subarray(r * featureCount, (r + 1) * featureCount);
    explained.push(topContributions(featureContributions(model, row, baseline), FEATURE_NAMES));
  }
  return { ok: true, rows: explained };
}
