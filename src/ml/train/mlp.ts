/**
 * The reranker: a small MLP over standardized features, gated on history and added to the
 * server-rank prior (src/ranking/reference-scorer.ts), trained with a pairwise (RankNet) loss
 * within each impression list. Weights are initialized from the seeded PRNG and lists are
 * shuffled with it, so a seed reproduces the same model.
 */
import { FEATURE_COUNT, FEATURE_INDEX } from '@/ranking/feature-spec';
import {
  referenceScores,
  type DenseLayer,
  type ModelWeights,
  type ServerPrior,
} from '@/ranking/reference-scorer';
import { ndcgAtK, orderByScore } from '../eval/ndcg';
import { createRng } from '../simulate/prng';
import type { FeatureStats, RankedList } from './dataset';
import { tf } from './tfjs-backend';

export interface TrainOptions {
  hidden: number[];
  epochs: number;
  /** Lists per gradient step. */
  batchLists: number;
  learningRate: number;
  /** L2 penalty on weights (not biases). */
  l2: number;
  seed: number;
  /**
   * Learn a per-rank bias during training only (PAL-style; never exported), so the MLP does not
   * have to explain "people click what is on top" with its features: clicks are position-biased.
   */
  positionBias?: boolean;
  onEpoch?: (info: { epoch: number; loss: number; validNdcg: number; ms: number }) => void;
}

export const DEFAULT_TRAIN_OPTIONS: Omit<TrainOptions, 'seed'> = {
  hidden: [64, 32],
  epochs: 12,
  batchLists: 64,
  learningRate: 0.003,
  l2: 1e-4,
  positionBias: true,
};

/**
 * The prior: score falls by 1 per unit of log_rank (so by 1 from rank 0 to rank 100), and the
 * gate is fully open from the first event (history_size ≥ ~0.17 then).
 */
export const SERVER_PRIOR: ServerPrior = {
  rankFeature: FEATURE_INDEX.log_rank,
  rankWeight: 1,
  historyFeature: FEATURE_INDEX.history_size,
  gateScale: 1e4,
};

export interface TrainResult {
  /** Standardization folded into the first layer: takes raw features, as the ONNX graph does. */
  model: ModelWeights;
  bestEpoch: number;
  validNdcg: number;
  epochs: { epoch: number; loss: number; validNdcg: number; ms: number }[];
}

const NDCG_K = 10;

/** Mean NDCG@10 of a model over lists, against grades when known, else the (non-negative) labels. */
export function meanNdcg(model: ModelWeights, lists: readonly RankedList[]): number {
  let sum = 0;
  let n = 0;
  for (const l of lists) {
    const gains = l.grades ?? l.labels.map((y) => Math.max(0, y));
    const v = ndcgAtK(gains, orderByScore(referenceScores(model, l.features, l.size)), NDCG_K);
    if (v === null) continue;
    sum += v;
    n++;
  }
  return n === 0 ? 0 : sum / n;
}

/** x_std = (x − mean) / std folded into layer 1: W' = W / std, b' = b − (mean / std) · W. */
export function foldStandardization(
  layers: DenseLayer[],
  stats: FeatureStats,
  prior?: ServerPrior,
): ModelWeights {
  const [first, ...rest] = layers;
  if (!first) throw new Error('no layers');
  const weight = new Float32Array(first.weight.length);
  const bias = Float32Array.from(first.bias);
  for (let i = 0; i < first.inputSize; i++) {
    const s = stats.std[i] as number;
    const m = stats.mean[i] as number;
    for (let o = 0; o < first.outputSize; o++) {
      const w = first.weight[i * first.outputSize + o] as number;
      weight[i * first.outputSize + o] = w / s;
      bias[o] = (bias[o] as number) - (m / s) * w;
    }
  }
  return { layers: [{ ...first, weight, bias }, ...rest], ...(prior ? { prior } : {}) };
}

function standardize(lists: readonly RankedList[], stats: FeatureStats): Float32Array[] {
  return lists.map((l) => {
    const out = new Float32Array(l.features.length);
    for (let k = 0; k < out.length; k++) {
      const f = k % FEATURE_COUNT;
      out[k] = ((l.features[k] as number) - (stats.mean[f] as number)) / (stats.std[f] as number);
    }
    return out;
  });
}

export async function trainRanker(
  train: readonly RankedList[],
  valid: readonly RankedList[],
  stats: FeatureStats,
  opts: TrainOptions,
): Promise<TrainResult> {
  const rng = createRng(opts.seed);
  const sizes = [FEATURE_COUNT, ...opts.hidden, 1];
  const vars: { w: tf.Variable; b: tf.Variable }[] = [];
  for (let k = 0; k < sizes.length - 1; k++) {
    const fanIn = sizes[k] as number;
    const fanOut = sizes[k + 1] as number;
    const scale = Math.sqrt(2 / fanIn); // He initialization for ReLU layers
    const init = Float32Array.from({ length: fanIn * fanOut }, () => rng.normal() * scale);
    vars.push({
      w: tf.variable(tf.tensor2d(init, [fanIn, fanOut])),
      b: tf.variable(tf.zeros([fanOut])),
    });
  }
  const maxLen = Math.max(...train.map((l) => l.size));
  const positionBias = opts.positionBias ? tf.variable(tf.zeros([1, maxLen])) : null;
  const standardized = standardize(train, stats);
  const optimizer = tf.train.adam(opts.learningRate);

  const forward = (x: tf.Tensor2D): tf.Tensor2D => {
    let h: tf.Tensor2D = x;
    vars.forEach(({ w, b }, k) => {
      h = tf.add(tf.matMul(h, w as tf.Tensor2D), b);
      if (k < vars.length - 1) h = tf.relu(h);
    });
    return h;
  };

  const snapshot = (): DenseLayer[] =>
    vars.map(({ w, b }, k) => ({
      inputSize: sizes[k] as number,
      outputSize: sizes[k + 1] as number,
      weight: Float32Array.from(w.dataSync()),
      bias: Float32Array.from(b.dataSync()),
      activation: k < vars.length - 1 ? 'relu' : 'linear',
    }));

  let best: { model: ModelWeights; epoch: number; ndcg: number } | null = null;
  const epochs: TrainResult['epochs'] = [];
  const order = train.map((_, i) => i);
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    const started = Date.now();
    rng.shuffle(order);
    let lossSum = 0;
    let steps = 0;
    for (let start = 0; start < order.length; start += opts.batchLists) {
      const batch = order.slice(start, start + opts.batchLists);
      const B = batch.length;
      const x = new Float32Array(B * maxLen * FEATURE_COUNT);
      const base = new Float32Array(B * maxLen);
      const gate = new Float32Array(B * maxLen);
      const pairs = new Float32Array(B * maxLen * maxLen);
      batch.forEach((li, b) => {
        const list = train[li] as RankedList;
        x.set(standardized[li] as Float32Array, b * maxLen * FEATURE_COUNT);
        for (let i = 0; i < list.size; i++) {
          const row = i * FEATURE_COUNT;
          base[b * maxLen + i] =
            -SERVER_PRIOR.rankWeight * (list.features[row + SERVER_PRIOR.rankFeature] as number);
          const history = list.features[row + SERVER_PRIOR.historyFeature] as number;
          gate[b * maxLen + i] = Math.max(0, Math.min(1, SERVER_PRIOR.gateScale * history));
          for (let j = 0; j < list.size; j++) {
            // Pair (i, j) says "i above j": the user preferred i.
            if ((list.labels[i] as number) > (list.labels[j] as number))
              pairs[(b * maxLen + i) * maxLen + j] = 1;
          }
        }
      });
      const pairCount = pairs.reduce((a, v) => a + v, 0);
      if (pairCount === 0) continue;
      const loss = optimizer.minimize(
        () =>
          tf.tidy(() => {
            const xt = tf.tensor2d(x, [B * maxLen, FEATURE_COUNT]);
            const mlp = tf.reshape(forward(xt), [B, maxLen]);
            const personal = tf.add(
              tf.tensor2d(base, [B, maxLen]),
              tf.mul(tf.tensor2d(gate, [B, maxLen]), mlp),
            );
            const s = positionBias ? tf.add(personal, positionBias) : personal;
            const diff = tf.sub(tf.expandDims(s, 2), tf.expandDims(s, 1));
            const pt = tf.tensor3d(pairs, [B, maxLen, maxLen]);
            const ranknet = tf.div(tf.sum(tf.mul(pt, tf.softplus(tf.neg(diff)))), pairCount);
            const penalty = vars.reduce<tf.Scalar>(
              (acc, v) => tf.add(acc, tf.sum(tf.square(v.w))),
              tf.scalar(0),
            );
            return tf.add(ranknet, tf.mul(penalty, opts.l2)) as tf.Scalar;
          }),
        true,
      );
      if (loss) {
        lossSum += (await loss.data())[0] as number;
        loss.dispose();
      }
      steps++;
    }
    const model = foldStandardization(snapshot(), stats, SERVER_PRIOR);
    const validNdcg = meanNdcg(model, valid);
    const info = { epoch, loss: lossSum / Math.max(1, steps), validNdcg, ms: Date.now() - started };
    epochs.push(info);
    opts.onEpoch?.(info);
    if (!best || validNdcg > best.ndcg) best = { model, epoch, ndcg: validNdcg };
  }
  for (const v of vars) {
    v.w.dispose();
    v.b.dispose();
  }
  positionBias?.dispose();
  optimizer.dispose();
  if (!best) throw new Error('no training epochs ran');
  return { model: best.model, bestEpoch: best.epoch, validNdcg: best.ndcg, epochs };
}
