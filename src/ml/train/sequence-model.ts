/**
 * Trains the sequence reranker (src/ranking/sequence-scorer.ts) with TensorFlow.js: the same
 * forward pass on batches of lists, a pairwise (RankNet) loss within each list plus a
 * training-only bias per display position (clicks are position-biased; the bias is never
 * exported), Adam. Weights are initialized from the seeded PRNG and lists shuffled with it, so a
 * seed reproduces the same model. The epoch with the best validation NDCG@10 is kept.
 */
import { EMBEDDING_DIM } from '@/ranking/embedding';
import {
  CONTEXT_DECAY,
  DENSITY_SHARPNESS,
  headInputWidth,
  MASK_NEGATIVE,
  MODEL_KIND,
  sequenceScores,
  SHARE_EPSILON,
  type SequenceModelWeights,
} from '@/ranking/sequence-scorer';
import {
  CANDIDATE_FEATURE_COUNT,
  CANDIDATE_FEATURE_INDEX,
  EVENT_META_COUNT,
  EVENT_META_INDEX,
  EVENT_WIDTH,
  ITEM_LAYOUT,
  ITEM_WIDTH,
  SEQUENCE_LENGTH,
} from '@/ranking/sequence-spec';
import { ndcgAtK, orderByScore } from '../eval/ndcg';
import { createRng } from '../simulate/prng';
import { sequenceInputsFor, type SeqList } from './sequence-dataset';
import { tf } from './tfjs-backend';

export interface SequenceTrainOptions {
  heads: number;
  projection: number;
  hidden: number[];
  epochs: number;
  batchLists: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** List-level context channels (sequence-scorer.ts CONTEXT_NAMES). */
  context?: boolean;
  /** Train as if no user had history, with the gate open (the "without history" ablation). */
  dropHistory?: boolean;
  /**
   * Weight of extra RankNet pairs between equally labelled pins of a list whose query–title match
   * differs (the better match above): "matches what I asked" keeps its order among pins the user
   * treated alike. 0 (default) = off.
   */
  titlePairWeight?: number;
  /** Which equally treated pins get title pairs: 'equal' labels (default) or 'positive' (both engaged). */
  titlePairs?: 'equal' | 'positive';
  /**
   * Learning-rate schedule over the whole run: 'constant' (default) or 'cosine' (from
   * learningRate down to 5 % of it at the last step; late epochs move the weights less, so the
   * epoch kept is less a matter of where the last noisy step landed).
   */
  lrSchedule?: 'constant' | 'cosine';
  /** Stop validating after this many lists (validation scores whole pools: it is the slow part). */
  onEpoch?: (info: SequenceEpoch) => void;
}

export interface SequenceEpoch {
  epoch: number;
  loss: number;
  validNdcg: number;
  ms: number;
}

export const DEFAULT_SEQUENCE_OPTIONS: Omit<SequenceTrainOptions, 'seed'> = {
  heads: 2,
  projection: 8,
  hidden: [32, 16],
  epochs: 5,
  batchLists: 64,
  learningRate: 0.003,
  l2: 1e-4,
};

export const SEQUENCE_PRIOR = { rankWeight: 1, gateScale: 1e4 };

export interface SequenceTrainResult {
  model: SequenceModelWeights;
  bestEpoch: number;
  validNdcg: number;
  epochs: SequenceEpoch[];
}

const NDCG_K = 10;
/** The cosine schedule ends at this share of the learning rate. */
const LR_FLOOR = 0.05;

/** Mean NDCG@10 of a model over graded lists with history (the others keep server order). */
export function meanSequenceNdcg(
  model: SequenceModelWeights,
  lists: readonly SeqList[],
  opts: { dropHistory?: boolean } = {},
): number {
  let sum = 0;
  let n = 0;
  for (const l of lists) {
    if (!l.grades) continue;
    const x = sequenceInputsFor(l, opts.dropHistory);
    const v = ndcgAtK(
      l.grades,
      orderByScore(sequenceScores(model, x, { forceGate: opts.dropHistory === true })),
      NDCG_K,
    );
    if (v === null) continue;
    sum += v;
    n++;
  }
  return n === 0 ? 0 : sum / n;
}

/** TensorFlow.js variables of the model (exported for the equivalence test). */
export interface Vars {
  heads: {
    query: tf.Variable;
    key: tf.Variable;
    pair: tf.Variable;
    event: tf.Variable;
    sink: tf.Variable;
    sinkBias: tf.Variable;
  }[];
  mlp: { w: tf.Variable; b: tf.Variable }[];
}

export function initVars(opts: SequenceTrainOptions): Vars {
  const rng = createRng(opts.seed);
  const normal = (n: number, s: number) => Float32Array.from({ length: n }, () => rng.normal() * s);
  const P = opts.projection;
  const heads = Array.from({ length: opts.heads }, (_, h) => {
    // Head 0 starts looking at positive actions, head 1 at hides ("hides as negatives"); the
    // rest of the per-type weighting is learned.
    const event = new Float32Array(EVENT_META_COUNT);
    event[EVENT_META_INDEX.hide] = h % 2 === 0 ? -2 : 2;
    return {
      query: tf.variable(tf.tensor2d(normal(EMBEDDING_DIM * P, 0.3), [EMBEDDING_DIM, P])),
      key: tf.variable(tf.tensor2d(normal(EMBEDDING_DIM * P, 0.3), [EMBEDDING_DIM, P])),
      pair: tf.variable(tf.tensor1d([4, 1, 0.5])),
      event: tf.variable(tf.tensor2d(event, [EVENT_META_COUNT, 1])),
      sink: tf.variable(tf.zeros([CANDIDATE_FEATURE_COUNT, 1])),
      sinkBias: tf.variable(tf.zeros([1])),
    };
  });
  const sizes = [headInputWidth(opts.heads, opts.context === true), ...opts.hidden, 1];
  const mlp = sizes.slice(1).map((out, k) => {
    const fanIn = sizes[k] as number;
    return {
      w: tf.variable(tf.tensor2d(normal(fanIn * out, Math.sqrt(2 / fanIn)), [fanIn, out])),
      b: tf.variable(tf.zeros([out])),
    };
  });
  return { heads, mlp };
}

export function snapshot(vars: Vars, opts: SequenceTrainOptions): SequenceModelWeights {
  const sizes = [headInputWidth(opts.heads, opts.context === true), ...opts.hidden, 1];
  return {
    kind: MODEL_KIND,
    projection: opts.projection,
    heads: vars.heads.map((h) => ({
      query: Float32Array.from(h.query.dataSync()),
      key: Float32Array.from(h.key.dataSync()),
      pair: Float32Array.from(h.pair.dataSync()),
      event: Float32Array.from(h.event.dataSync()),
      sink: Float32Array.from(h.sink.dataSync()),
      sinkBias: h.sinkBias.dataSync()[0] as number,
    })),
    mlp: vars.mlp.map(({ w, b }, k) => ({
      inputSize: sizes[k] as number,
      outputSize: sizes[k + 1] as number,
      weight: Float32Array.from(w.dataSync()),
      bias: Float32Array.from(b.dataSync()),
      activation: k < vars.mlp.length - 1 ? ('relu' as const) : ('linear' as const),
    })),
    prior: { ...SEQUENCE_PRIOR },
  };
}

export interface Batch {
  B: number;
  N: number;
  features: Float32Array;
  items: Float32Array;
  history: Float32Array;
  /** 1 where the gate is open (any event, or dropHistory). */
  gate: Float32Array;
  /** [B, N]: 1 for a list's candidates, 0 for the padding up to N (kept out of the context). */
  rowMask: Float32Array;
  pairs: Float32Array;
  pairCount: number;
}

const TITLE = CANDIDATE_FEATURE_INDEX.query_title_match;

export function assemble(
  lists: readonly SeqList[],
  N: number,
  dropHistory: boolean,
  titlePairWeight = 0,
  titlePairs: 'equal' | 'positive' = 'equal',
): Batch {
  const B = lists.length;
  const F = CANDIDATE_FEATURE_COUNT;
  const K = SEQUENCE_LENGTH;
  const features = new Float32Array(B * N * F);
  const items = new Float32Array(B * N * ITEM_WIDTH);
  const history = new Float32Array(B * K * EVENT_WIDTH);
  const gate = new Float32Array(B);
  const rowMask = new Float32Array(B * N);
  const pairs = new Float32Array(B * N * N);
  let pairCount = 0;
  lists.forEach((list, b) => {
    const x = sequenceInputsFor(list, dropHistory);
    features.set(x.features, b * N * F);
    items.set(x.items, b * N * ITEM_WIDTH);
    history.set(x.history, b * K * EVENT_WIDTH);
    gate[b] = dropHistory || x.events > 0 ? 1 : 0;
    rowMask.fill(1, b * N, b * N + list.size);
    const labels = list.labels as Float32Array;
    for (let i = 0; i < list.size; i++)
      for (let j = 0; j < list.size; j++)
        if ((labels[i] as number) > (labels[j] as number)) {
          pairs[(b * N + i) * N + j] = 1;
          pairCount++;
        } else if (
          titlePairWeight > 0 &&
          (titlePairs === 'positive'
            ? (labels[i] as number) > 0 && (labels[j] as number) > 0
            : labels[i] === labels[j]) &&
          (x.features[i * CANDIDATE_FEATURE_COUNT + TITLE] as number) >
            (x.features[j * CANDIDATE_FEATURE_COUNT + TITLE] as number)
        ) {
          pairs[(b * N + i) * N + j] = titlePairWeight;
          pairCount += titlePairWeight;
        }
  });
  return { B, N, features, items, history, gate, rowMask, pairs, pairCount };
}

/** The forward pass of sequence-scorer.ts on a batch: [B, N] scores. */
export function forward(vars: Vars, opts: SequenceTrainOptions, batch: Batch): tf.Tensor2D {
  const { B, N } = batch;
  const F = CANDIDATE_FEATURE_COUNT;
  const K = SEQUENCE_LENGTH;
  const D = EMBEDDING_DIM;
  const M = EVENT_META_COUNT;
  const P = opts.projection;
  const feats = tf.tensor3d(batch.features, [B, N, F]);
  const items = tf.tensor3d(batch.items, [B, N, ITEM_WIDTH]);
  const hist = tf.tensor3d(batch.history, [B, K, EVENT_WIDTH]);
  const cols = (t: tf.Tensor3D, start: number, end: number, rows: number) =>
    tf.slice(t, [0, 0, start], [B, rows, end - start]);
  const L = ITEM_LAYOUT;
  const ec = cols(items, L.embedding.start, L.embedding.end, N);
  const cc = cols(items, L.category.start, L.category.end, N);
  const oc = cols(items, L.colour.start, L.colour.end, N);
  const eh = cols(hist, L.embedding.start, L.embedding.end, K);
  const ch = cols(hist, L.category.start, L.category.end, K);
  const oh = cols(hist, L.colour.start, L.colour.end, K);
  const mh = cols(hist, ITEM_WIDTH, ITEM_WIDTH + M, K);
  const metaCol = (name: keyof typeof EVENT_META_INDEX) =>
    cols(hist, ITEM_WIDTH + EVENT_META_INDEX[name], ITEM_WIDTH + EVENT_META_INDEX[name] + 1, K);
  const validRow = tf.reshape(metaCol('valid'), [B, 1, K]);
  const hideRow = tf.reshape(metaCol('hide'), [B, 1, K]);
  const posW = metaCol('positive_weight');
  const hideW = metaCol('hide_weight');
  const cos = tf.matMul(ec, eh, false, true);
  const cat = tf.matMul(cc, ch, false, true);
  const col = tf.matMul(oc, oh, false, true);
  const maskBias = tf.mul(tf.sub(validRow, 1), MASK_NEGATIVE);
  const flatFeats = tf.reshape(feats, [B * N, F]);
  const parts: tf.Tensor[] = [feats];
  vars.heads.forEach((h) => {
    const q = tf.reshape(tf.matMul(tf.reshape(ec, [B * N, D]), h.query as tf.Tensor2D), [B, N, P]);
    const k = tf.reshape(tf.matMul(tf.reshape(eh, [B * K, D]), h.key as tf.Tensor2D), [B, K, P]);
    const projected = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(P));
    const pair = h.pair as tf.Tensor1D;
    const pairLogit = tf.add(
      tf.add(tf.mul(cos, tf.slice(pair, [0], [1])), tf.mul(cat, tf.slice(pair, [1], [1]))),
      tf.mul(col, tf.slice(pair, [2], [1])),
    );
    const eventLogit = tf.reshape(tf.matMul(tf.reshape(mh, [B * K, M]), h.event as tf.Tensor2D), [
      B,
      1,
      K,
    ]);
    const logits = tf.add(tf.add(projected, pairLogit), tf.add(eventLogit, maskBias));
    const sink = tf.reshape(tf.add(tf.matMul(flatFeats, h.sink as tf.Tensor2D), h.sinkBias), [
      B,
      N,
      1,
    ]);
    const attention = tf.softmax(tf.concat([logits, sink], 2));
    const onEvents = tf.slice(attention, [0, 0, 0], [B, N, K]);
    parts.push(
      tf.matMul(onEvents, mh),
      tf.sum(tf.mul(onEvents, cos), 2, true),
      tf.sum(tf.mul(onEvents, cat), 2, true),
      tf.sum(tf.mul(onEvents, col), 2, true),
    );
  });
  const totalPos = tf.add(tf.sum(posW, [1, 2], true), SHARE_EPSILON);
  const posBias = tf.mul(tf.sub(tf.sub(validRow, hideRow), 1), MASK_NEGATIVE);
  const hideBias = tf.mul(tf.sub(hideRow, 1), MASK_NEGATIVE);
  const kernel = tf.exp(tf.mul(tf.sub(cos, 1), DENSITY_SHARPNESS));
  parts.push(
    tf.div(tf.matMul(cat, posW), totalPos),
    tf.log1p(tf.matMul(cat, hideW)),
    tf.div(tf.matMul(col, posW), totalPos),
    tf.log1p(tf.matMul(kernel, posW)),
    tf.clipByValue(tf.max(tf.add(cos, posBias), 2, true), -1, 1),
    tf.clipByValue(tf.max(tf.add(cos, hideBias), 2, true), -1, 1),
    tf.log1p(tf.matMul(cat, posW)),
    tf.add(tf.zeros([B, N, 1]), tf.div(tf.log1p(tf.sum(validRow, [1, 2], true)), Math.log(K + 1))),
  );
  const logRank3 = tf.slice(feats, [0, 0, CANDIDATE_FEATURE_INDEX.log_rank], [B, N, 1]);
  if (opts.context) {
    // Rank-weighted means over the list's real rows (padding masked out), one value per list.
    const maxPos = parts[parts.length - 4] as tf.Tensor3D;
    const density = parts[parts.length - 5] as tf.Tensor3D;
    const w = tf.mul(
      tf.exp(tf.mul(logRank3, -CONTEXT_DECAY)),
      tf.tensor3d(batch.rowMask, [B, N, 1]),
    );
    const sumW = tf.sum(w, 1, true);
    const mean = (v: tf.Tensor3D) =>
      tf.add(tf.zeros([B, N, 1]), tf.div(tf.sum(tf.mul(w, v), 1, true), sumW));
    parts.push(mean(maxPos), mean(density));
  }
  let x: tf.Tensor2D = tf.reshape(tf.concat(parts, 2), [
    B * N,
    headInputWidth(opts.heads, opts.context === true),
  ]);
  vars.mlp.forEach(({ w, b }, k) => {
    x = tf.add(tf.matMul(x, w as tf.Tensor2D), b);
    if (k < vars.mlp.length - 1) x = tf.relu(x);
  });
  const head = tf.reshape(x, [B, N]);
  const logRank = tf.reshape(logRank3, [B, N]);
  const gate = tf.tensor2d(batch.gate, [B, 1]);
  return tf.add(tf.mul(logRank, -SEQUENCE_PRIOR.rankWeight), tf.mul(gate, head));
}

export async function trainSequenceRanker(
  train: readonly SeqList[],
  valid: readonly SeqList[],
  opts: SequenceTrainOptions,
): Promise<SequenceTrainResult> {
  const rng = createRng(opts.seed);
  const vars = initVars(opts);
  const N = Math.max(...train.map((l) => l.size));
  const positionBias = tf.variable(tf.zeros([1, N]));
  const optimizer = tf.train.adam(opts.learningRate);
  const weightVars = [...vars.heads.flatMap((h) => [h.query, h.key]), ...vars.mlp.map((l) => l.w)];
  // Lists without history (and without a gate to open) teach the model nothing.
  const usable = train.filter((l) => opts.dropHistory || l.historyEvents > 0);
  const order = usable.map((_, i) => i);
  let best: { model: SequenceModelWeights; epoch: number; ndcg: number } | null = null;
  const epochs: SequenceEpoch[] = [];
  const totalSteps = opts.epochs * Math.ceil(order.length / opts.batchLists);
  let step = 0;
  const setLearningRate = (lr: number) => {
    (optimizer as unknown as { learningRate: number }).learningRate = lr;
  };
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    const started = Date.now();
    rng.shuffle(order);
    let lossSum = 0;
    let steps = 0;
    for (let start = 0; start < order.length; start += opts.batchLists) {
      const lists = order.slice(start, start + opts.batchLists).map((i) => usable[i] as SeqList);
      const batch = assemble(
        lists,
        N,
        opts.dropHistory === true,
        opts.titlePairWeight ?? 0,
        opts.titlePairs,
      );
      if (opts.lrSchedule === 'cosine')
        setLearningRate(
          opts.learningRate *
            (LR_FLOOR + (1 - LR_FLOOR) * 0.5 * (1 + Math.cos((Math.PI * step) / totalSteps))),
        );
      step++;
      if (batch.pairCount === 0) continue;
      const loss = optimizer.minimize(
        () =>
          tf.tidy(() => {
            const s = tf.add(forward(vars, opts, batch), positionBias);
            const diff = tf.sub(tf.expandDims(s, 2), tf.expandDims(s, 1));
            const pairs = tf.tensor3d(batch.pairs, [batch.B, N, N]);
            const ranknet = tf.div(
              tf.sum(tf.mul(pairs, tf.softplus(tf.neg(diff)))),
              batch.pairCount,
            );
            const penalty = weightVars.reduce<tf.Scalar>(
              (acc, v) => tf.add(acc, tf.sum(tf.square(v))),
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
    const model = snapshot(vars, opts);
    const validNdcg = meanSequenceNdcg(model, valid, { dropHistory: opts.dropHistory });
    const info = { epoch, loss: lossSum / Math.max(1, steps), validNdcg, ms: Date.now() - started };
    epochs.push(info);
    opts.onEpoch?.(info);
    if (!best || validNdcg > best.ndcg) best = { model, epoch, ndcg: validNdcg };
  }
  for (const h of vars.heads) Object.values(h).forEach((v) => v.dispose());
  for (const l of vars.mlp) {
    l.w.dispose();
    l.b.dispose();
  }
  positionBias.dispose();
  optimizer.dispose();
  if (!best) throw new Error('no training epochs ran');
  return { model: best.model, bestEpoch: best.epoch, validNdcg: best.ndcg, epochs };
}
