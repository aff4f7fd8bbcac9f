/**
 * The reranker's forward pass in plain TypeScript: exactly what public/models/reranker.onnx
 * computes. An MLP (MatMul → Add → Relu per hidden layer, MatMul → Add for the output) gives a
 * personal adjustment, which a gate opens only when there is history:
 *
 *   score = −rankWeight · x[log_rank] + clip(gateScale · x[history_size], 0, 1) · mlp(x)
 *
 * With an empty history the score falls with the server rank alone, so the order is exactly the
 * server's (clearing history restores it). The parity tests compare this with onnxruntime; the
 * debug panel uses it to explain a score.
 */

export type Activation = 'relu' | 'linear';

export interface DenseLayer {
  inputSize: number;
  outputSize: number;
  /** Row-major [inputSize, outputSize], as ONNX MatMul's right operand. */
  weight: Float32Array;
  bias: Float32Array;
  activation: Activation;
}

/** The gated residual around the MLP (see the file comment). */
export interface ServerPrior {
  /** Column of the feature matrix holding the (increasing) server-rank feature. */
  rankFeature: number;
  rankWeight: number;
  /** Column holding the history size (0 = no history). */
  historyFeature: number;
  gateScale: number;
}

export interface ModelWeights {
  layers: DenseLayer[];
  /** Absent: the score is the MLP's output alone. */
  prior?: ServerPrior;
}

export function parameterCount(model: ModelWeights): number {
  return model.layers.reduce((n, l) => n + l.weight.length + l.bias.length, 0);
}

/** Scores `rows` rows of a row-major feature matrix. Float32 rounding after each layer, as ONNX does. */
export function referenceScores(
  model: ModelWeights,
  features: Float32Array,
  rows: number,
): Float32Array {
  const first = model.layers[0];
  if (!first) throw new Error('model has no layers');
  if (features.length !== rows * first.inputSize) {
    throw new Error(
      `features has ${features.length} values; expected ${rows} × ${first.inputSize}`,
    );
  }
  let current = features;
  for (const layer of model.layers) {
    const next = new Float32Array(rows * layer.outputSize);
    for (let r = 0; r < rows; r++) {
      const inOffset = r * layer.inputSize;
      const outOffset = r * layer.outputSize;
      for (let o = 0; o < layer.outputSize; o++) {
        let sum = 0;
        for (let i = 0; i < layer.inputSize; i++) {
          sum +=
            (current[inOffset + i] as number) * (layer.weight[i * layer.outputSize + o] as number);
        }
        sum += layer.bias[o] as number;
        next[outOffset + o] = layer.activation === 'relu' ? Math.max(0, sum) : sum;
      }
    }
    current = next;
  }
  const last = model.layers[model.layers.length - 1] as DenseLayer;
  if (last.outputSize !== 1)
    throw new Error(`the last layer must have one output, not ${last.outputSize}`);
  const prior = model.prior;
  if (!prior) return current;
  // Each step rounded to float32, in the graph's order (Mul, Mul, Clip, Mul, Add).
  const f = Math.fround;
  const width = first.inputSize;
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const base = f((features[r * width + prior.rankFeature] as number) * f(-prior.rankWeight));
    const gate = Math.max(
      0,
      Math.min(1, f((features[r * width + prior.historyFeature] as number) * f(prior.gateScale))),
    );
    out[r] = f(base + f(gate * (current[r] as number)));
  }
  return out;
}

/**
 * Per-feature contribution to one row's score: score(x) − score(x with that feature set to its
 * baseline), e.g. the training mean. Occlusion, not exact attribution: good enough to show a
 * reviewer which features moved a card.
 */
export function featureContributions(
  model: ModelWeights,
  row: Float32Array,
  baseline: ArrayLike<number>,
): Float32Array {
  const f = row.length;
  const base = referenceScores(model, row, 1)[0] as number;
  const probes = new Float32Array(f * f);
  for (let k = 0; k < f; k++) {
    probes.set(row, k * f);
    probes[k * f + k] = baseline[k] as number;
  }
  const scores = referenceScores(model, probes, f);
  return scores.map((s) => base - s);
}

/** JSON form (public/models/reranker-weights.json) of ModelWeights. */
export interface ModelWeightsJson {
  layers: {
    inputSize: number;
    outputSize: number;
    weight: number[];
    bias: number[];
    activation: Activation;
  }[];
  prior?: ServerPrior;
}

export function weightsToJson(model: ModelWeights): ModelWeightsJson {
  return {
    layers: model.layers.map((l) => ({
      inputSize: l.inputSize,
      outputSize: l.outputSize,
      weight: Array.from(l.weight),
      bias: Array.from(l.bias),
      activation: l.activation,
    })),
    ...(model.prior ? { prior: { ...model.prior } } : {}),
  };
}

export function weightsFromJson(json: ModelWeightsJson): ModelWeights {
  return {
    layers: json.layers.map((l) => {
      if (l.weight.length !== l.inputSize * l.outputSize || l.bias.length !== l.outputSize) {
        throw new Error(`layer ${l.inputSize}→${l.outputSize} has mismatched weight/bias sizes`);
      }
      return { ...l, weight: Float32Array.from(l.weight), bias: Float32Array.from(l.bias) };
    }),
    ...(json.prior ? { prior: { ...json.prior } } : {}),
  };
}
