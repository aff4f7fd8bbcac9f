/**
 * The sequence reranker's forward pass in plain TypeScript: exactly what
 * public/models/reranker.onnx computes (src/ml/export/sequence-onnx-export.ts builds the graph
 * from the same weights; the parity tests hold them to 1e-4). Inputs are sequence-inputs.ts's.
 *
 * For a candidate c and the events e of the history (newest first, padding masked out):
 *
 *   cos[c,e] = emb_c · emb_e,  cat[c,e] = same category slot,  col[c,e] = same colour bucket
 *   per head h (TransAct-style attention from the candidate over the events, plus a sink):
 *     logit[c,e] = (emb_c Wq_h)·(emb_e Wk_h)/√P + a_h·cos + b_h·cat + c_h·col + u_h·meta_e − 1e9·(1 − valid_e)
 *     sink[c]    = s_h · features_c + s0_h            (how much to attend to nothing)
 *     A = softmax over [events…, sink]
 *     out_h = [ Σ_e A·meta_e (action mix, recency, …), Σ_e A·cos, Σ_e A·cat, Σ_e A·col ]
 *   pooled = [ positive weight in c's category / all positive weight, ln(1 + hide weight in c's category),
 *              positive weight in c's colour bucket / all positive weight,
 *              ln(1 + Σ_e positive_weight_e · exp((cos − 1) / 0.1)),
 *              max cos to a positive event, max cos to a hidden pin (both clipped to [−1, 1]),
 *              ln(1 + positive weight in c's category), ln(1 + Σ valid) / ln(1 + K) ]
 *   context (models trained with it; MLP input width says so): the same two numbers for the whole
 *            list, rank-weighted means over its candidates with w_c = (1 + rank_c)^−1.5 (the
 *            server's head dominates, on a page or a pool alike) of max cos to a positive event and
 *            of ln(1 + density): how close the list already is to the history ("the pool already
 *            is the taste"), which one candidate on its own cannot see
 *   head   = MLP([features_c, out_1 … out_H, pooled, context])
 *   score  = −rankWeight · log_rank + clip(gateScale · Σ_e valid_e, 0, 1) · head
 *
 * With no event the gate is shut and the score falls with the server rank alone: cold start is
 * exactly the server's order, by construction.
 */
import { EMBEDDING_DIM } from './embedding';
import type { DenseLayer } from './reference-scorer';
import {
  CANDIDATE_FEATURE_COUNT,
  CANDIDATE_FEATURE_INDEX,
  EVENT_META_COUNT,
  EVENT_META_INDEX,
  EVENT_META_NAMES,
  EVENT_WIDTH,
  ITEM_LAYOUT,
  ITEM_WIDTH,
  SEQUENCE_LENGTH,
} from './sequence-spec';
import type { SequenceInputs } from './sequence-inputs';

export const MODEL_KIND = 'sequence-attention-v1';
/** Pairwise channels each head mixes into its logits and reads back: cosine, same category, same colour. */
export const PAIR_CHANNELS = ['cos', 'category', 'colour'] as const;
export const POOLED_NAMES = [
  'category_share',
  'hide_category',
  'colour_share',
  'similarity_density',
  'max_positive_similarity',
  'max_hide_similarity',
  /** ln(1 + positive weight in the candidate's category): how much, not what share. */
  'category_weight',
  /** ln(1 + events in the window) / ln(1 + SEQUENCE_LENGTH): how much history there is at all. */
  'history_events',
] as const;
/**
 * List-level context channels (optional: a model has them when its MLP is wider by their count).
 * The same value for every candidate of the list scored together.
 */
export const CONTEXT_NAMES = ['pool_positive_similarity', 'pool_density'] as const;
/** Context weight of a candidate: exp(−CONTEXT_DECAY · log_rank) = (1 + rank)^−1.5. */
export const CONTEXT_DECAY = 1.5 * Math.log(101);
/** The masked-out logit: exp(−1e9 − max) is exactly 0 in float32. */
export const MASK_NEGATIVE = 1e9;
export const DENSITY_SHARPNESS = 10;
export const SHARE_EPSILON = 1e-6;
export const HEAD_OUTPUT_WIDTH = EVENT_META_COUNT + PAIR_CHANNELS.length;

export interface AttentionHead {
  /** EMBEDDING_DIM × projection, row-major. */
  query: Float32Array;
  key: Float32Array;
  /** One weight per PAIR_CHANNELS entry. */
  pair: Float32Array;
  /** Logit bias per event column (EVENT_META_NAMES): the learned per-action-type weighting. */
  event: Float32Array;
  /** CANDIDATE_FEATURE_COUNT weights and a bias: the sink's logit. */
  sink: Float32Array;
  sinkBias: number;
}

export interface SequenceModelWeights {
  kind: typeof MODEL_KIND;
  /** P: width of the learned query/key projection. */
  projection: number;
  heads: AttentionHead[];
  /** Input width headInputWidth(heads.length), output 1. */
  mlp: DenseLayer[];
  prior: { rankWeight: number; gateScale: number };
}

export const headInputWidth = (heads: number, context = false): number =>
  CANDIDATE_FEATURE_COUNT +
  heads * HEAD_OUTPUT_WIDTH +
  POOLED_NAMES.length +
  (context ? CONTEXT_NAMES.length : 0);

/** Whether the model reads the list-level context channels (its MLP input says so). */
export const hasListContext = (model: SequenceModelWeights): boolean =>
  model.mlp[0]?.inputSize === headInputWidth(model.heads.length, true);

/** Names of the MLP's input columns, for explanations and the model card. */
export function headInputNames(
  heads: number,
  featureNames: readonly string[],
  context = false,
): string[] {
  const names = [...featureNames];
  for (let h = 0; h < heads; h++) {
    for (const m of EVENT_META_NAMES) names.push(`head${h}.${m}`);
    for (const p of PAIR_CHANNELS) names.push(`head${h}.${p}`);
  }
  return [...names, ...POOLED_NAMES, ...(context ? CONTEXT_NAMES : [])];
}

export function sequenceParameterCount(model: SequenceModelWeights): number {
  let n = 0;
  for (const h of model.heads)
    n += h.query.length + h.key.length + h.pair.length + h.event.length + h.sink.length + 1;
  for (const l of model.mlp) n += l.weight.length + l.bias.length;
  return n;
}

export interface SequenceForwardOptions {
  /**
   * Evaluation only: open the gate whatever the history ("the same model without history" scores
   * an empty history with the gate open). The ONNX graph has no such switch.
   */
  forceGate?: boolean;
  /** Keep each head's attention over [events…, sink] per row: rows × heads × (K + 1). */
  keepAttention?: boolean;
}

export interface SequenceForward {
  scores: Float32Array;
  /** rows × heads × (SEQUENCE_LENGTH + 1), when asked for. */
  attention: Float32Array | null;
  /** rows × headInputWidth: the MLP's input, when attention was asked for. */
  headInputs: Float32Array | null;
}

function checkShapes(model: SequenceModelWeights, x: SequenceInputs): void {
  if (x.features.length !== x.rows * CANDIDATE_FEATURE_COUNT)
    throw new Error(`features has ${x.features.length} values for ${x.rows} rows`);
  if (x.items.length !== x.rows * ITEM_WIDTH)
    throw new Error(`items has ${x.items.length} values for ${x.rows} rows`);
  if (x.history.length !== SEQUENCE_LENGTH * EVENT_WIDTH)
    throw new Error(
      `history has ${x.history.length} values, expected ${SEQUENCE_LENGTH} × ${EVENT_WIDTH}`,
    );
  const first = model.mlp[0];
  const H = model.heads.length;
  if (!first || (first.inputSize !== headInputWidth(H) && !hasListContext(model)))
    throw new Error('the MLP does not take the head input');
}

/** Scores every row; see the file comment for the computation. */
export function sequenceForward(
  model: SequenceModelWeights,
  x: SequenceInputs,
  opts: SequenceForwardOptions = {},
): SequenceForward {
  checkShapes(model, x);
  const K = SEQUENCE_LENGTH;
  const D = EMBEDDING_DIM;
  const P = model.projection;
  const H = model.heads.length;
  const N = x.rows;
  const hist = x.history;
  const META = ITEM_WIDTH;
  const valid = new Float64Array(K);
  const hide = new Float64Array(K);
  const posW = new Float64Array(K);
  const hideW = new Float64Array(K);
  let validCount = 0;
  let sumPos = 0;
  for (let e = 0; e < K; e++) {
    const row = e * EVENT_WIDTH + META;
    valid[e] = hist[row + EVENT_META_INDEX.valid] as number;
    hide[e] = hist[row + EVENT_META_INDEX.hide] as number;
    posW[e] = hist[row + EVENT_META_INDEX.positive_weight] as number;
    hideW[e] = hist[row + EVENT_META_INDEX.hide_weight] as number;
    validCount += valid[e] as number;
    sumPos += posW[e] as number;
  }
  // Per head: projected keys (K × P) and the event-only part of the logit (u·meta − mask).
  const scale = 1 / Math.sqrt(P);
  const keys = model.heads.map((head) => {
    const out = new Float64Array(K * P);
    for (let e = 0; e < K; e++)
      for (let p = 0; p < P; p++) {
        let s = 0;
        for (let d = 0; d < D; d++)
          s += (hist[e * EVENT_WIDTH + d] as number) * (head.key[d * P + p] as number);
        out[e * P + p] = s;
      }
    return out;
  });
  const eventLogits = model.heads.map((head) => {
    const out = new Float64Array(K);
    for (let e = 0; e < K; e++) {
      let s = 0;
      for (let m = 0; m < EVENT_META_COUNT; m++)
        s += (head.event[m] as number) * (hist[e * EVENT_WIDTH + META + m] as number);
      out[e] = s + ((valid[e] as number) - 1) * MASK_NEGATIVE;
    }
    return out;
  });

  // Events whose row is all zero (padding) have cos = cat = col = 0, a zero key and the logit
  // ZERO_ROW_LOGIT, and add nothing to any sum: they are counted in the softmax's normalizer only.
  // Skipping them keeps the result exact and makes short histories cheap.
  const active: number[] = [];
  for (let e = 0; e < K; e++) {
    const row = e * EVENT_WIDTH;
    for (let c = 0; c < EVENT_WIDTH; c++)
      if (hist[row + c] !== 0) {
        active.push(e);
        break;
      }
  }
  const A = active.length;
  const zeroRows = K - A;
  const ZERO_ROW_LOGIT = -MASK_NEGATIVE;
  const histEmb = new Float64Array(A * D);
  const histMeta = new Float64Array(A * EVENT_META_COUNT);
  active.forEach((e, a) => {
    for (let d = 0; d < D; d++) histEmb[a * D + d] = hist[e * EVENT_WIDTH + d] as number;
    for (let m = 0; m < EVENT_META_COUNT; m++)
      histMeta[a * EVENT_META_COUNT + m] = hist[e * EVENT_WIDTH + META + m] as number;
  });

  const historyEvents = Math.log(validCount + 1) / Math.log(SEQUENCE_LENGTH + 1);
  const context = hasListContext(model);
  const width = headInputWidth(H, context);
  const attention = opts.keepAttention ? new Float32Array(N * H * (K + 1)) : null;
  const headInputs = new Float32Array(N * width);
  const cos = new Float64Array(A);
  const cat = new Float64Array(A);
  const col = new Float64Array(A);
  const q = new Float64Array(P);
  const weights = new Float64Array(A);
  const catStart = ITEM_LAYOUT.category.start;
  const colStart = ITEM_LAYOUT.colour.start;
  const catEnd = ITEM_LAYOUT.category.end;
  const colEnd = ITEM_LAYOUT.colour.end;
  const nonZero: number[] = [];
  for (let r = 0; r < N; r++) {
    const item = r * ITEM_WIDTH;
    // The candidate's category and colour columns are one-hot (or empty): dot only their non-zeros.
    nonZero.length = 0;
    for (let d = catStart; d < catEnd; d++) if (x.items[item + d] !== 0) nonZero.push(d);
    const catNonZero = nonZero.length;
    for (let d = colStart; d < colEnd; d++) if (x.items[item + d] !== 0) nonZero.push(d);
    for (let a = 0; a < A; a++) {
      const ev = (active[a] as number) * EVENT_WIDTH;
      let c0 = 0;
      for (let d = 0; d < D; d++)
        c0 += (x.items[item + d] as number) * (histEmb[a * D + d] as number);
      let c1 = 0;
      let c2 = 0;
      for (let z = 0; z < nonZero.length; z++) {
        const d = nonZero[z] as number;
        const v = (x.items[item + d] as number) * (hist[ev + d] as number);
        if (z < catNonZero) c1 += v;
        else c2 += v;
      }
      cos[a] = c0;
      cat[a] = c1;
      col[a] = c2;
    }
    const xi = r * width;
    const feat = r * CANDIDATE_FEATURE_COUNT;
    for (let f = 0; f < CANDIDATE_FEATURE_COUNT; f++)
      headInputs[xi + f] = x.features[feat + f] as number;
    let o = CANDIDATE_FEATURE_COUNT;
    model.heads.forEach((head, h) => {
      for (let p = 0; p < P; p++) {
        let s = 0;
        for (let d = 0; d < D; d++)
          s += (x.items[item + d] as number) * (head.query[d * P + p] as number);
        q[p] = s;
      }
      const hk = keys[h] as Float64Array;
      const el = eventLogits[h] as Float64Array;
      const pa = head.pair[0] as number;
      const pb = head.pair[1] as number;
      const pc = head.pair[2] as number;
      let sink = head.sinkBias;
      for (let f = 0; f < CANDIDATE_FEATURE_COUNT; f++)
        sink += (head.sink[f] as number) * (x.features[feat + f] as number);
      let max = zeroRows > 0 ? Math.max(sink, ZERO_ROW_LOGIT) : sink;
      for (let a = 0; a < A; a++) {
        const e = active[a] as number;
        let s = 0;
        for (let p = 0; p < P; p++) s += (q[p] as number) * (hk[e * P + p] as number);
        const l =
          s * scale +
          pa * (cos[a] as number) +
          pb * (cat[a] as number) +
          pc * (col[a] as number) +
          (el[e] as number);
        weights[a] = l;
        if (l > max) max = l;
      }
      const zeroWeight = zeroRows > 0 ? Math.exp(ZERO_ROW_LOGIT - max) : 0;
      const sinkWeight = Math.exp(sink - max);
      let z = sinkWeight + zeroRows * zeroWeight;
      for (let a = 0; a < A; a++) {
        const v = Math.exp((weights[a] as number) - max);
        weights[a] = v;
        z += v;
      }
      for (let a = 0; a < A; a++) weights[a] = (weights[a] as number) / z;
      if (attention) {
        const base = (r * H + h) * (K + 1);
        if (zeroWeight > 0) attention.fill(zeroWeight / z, base, base + K);
        for (let a = 0; a < A; a++) attention[base + (active[a] as number)] = weights[a] as number;
        attention[base + K] = sinkWeight / z;
      }
      for (let m = 0; m < EVENT_META_COUNT; m++) {
        let s = 0;
        for (let a = 0; a < A; a++)
          s += (weights[a] as number) * (histMeta[a * EVENT_META_COUNT + m] as number);
        headInputs[xi + o + m] = s;
      }
      o += EVENT_META_COUNT;
      let sc = 0;
      let sk = 0;
      let so = 0;
      for (let a = 0; a < A; a++) {
        const w = weights[a] as number;
        sc += w * (cos[a] as number);
        sk += w * (cat[a] as number);
        so += w * (col[a] as number);
      }
      headInputs[xi + o] = sc;
      headInputs[xi + o + 1] = sk;
      headInputs[xi + o + 2] = so;
      o += PAIR_CHANNELS.length;
    });
    let catPos = 0;
    let catHide = 0;
    let colPos = 0;
    // Every all-zero row adds exp(−DENSITY_SHARPNESS) · 0 to the density: nothing.
    let density = 0;
    let maxPos = -MASK_NEGATIVE;
    let maxHide = -MASK_NEGATIVE;
    for (let a = 0; a < A; a++) {
      const e = active[a] as number;
      const ce = cos[a] as number;
      catPos += (cat[a] as number) * (posW[e] as number);
      catHide += (cat[a] as number) * (hideW[e] as number);
      colPos += (col[a] as number) * (posW[e] as number);
      density += Math.exp((ce - 1) * DENSITY_SHARPNESS) * (posW[e] as number);
      const isPos = (valid[e] as number) - (hide[e] as number);
      if (isPos === 1 && ce > maxPos) maxPos = ce;
      if (hide[e] === 1 && ce > maxHide) maxHide = ce;
    }
    // o is the first pooled column; the context (if any) follows the pooled ones.
    headInputs[xi + o] = catPos / (sumPos + SHARE_EPSILON);
    headInputs[xi + o + 1] = Math.log(catHide + 1);
    headInputs[xi + o + 2] = colPos / (sumPos + SHARE_EPSILON);
    headInputs[xi + o + 3] = Math.log(density + 1);
    headInputs[xi + o + 4] = Math.max(-1, Math.min(1, maxPos));
    headInputs[xi + o + 5] = Math.max(-1, Math.min(1, maxHide));
    headInputs[xi + o + 6] = Math.log(catPos + 1);
    headInputs[xi + o + 7] = historyEvents;
  }
  if (context) {
    const o = width - CONTEXT_NAMES.length;
    const pooled = o - POOLED_NAMES.length;
    let sumW = 0;
    let sumSim = 0;
    let sumDensity = 0;
    for (let r = 0; r < N; r++) {
      const w = Math.exp(
        -CONTEXT_DECAY *
          (x.features[r * CANDIDATE_FEATURE_COUNT + CANDIDATE_FEATURE_INDEX.log_rank] as number),
      );
      sumW += w;
      sumSim += w * (headInputs[r * width + pooled + 4] as number);
      sumDensity += w * (headInputs[r * width + pooled + 3] as number);
    }
    for (let r = 0; r < N; r++) {
      headInputs[r * width + o] = sumSim / sumW;
      headInputs[r * width + o + 1] = sumDensity / sumW;
    }
  }
  const head = mlpForward(model.mlp, headInputs, N);
  const gate = opts.forceGate ? 1 : Math.max(0, Math.min(1, validCount * model.prior.gateScale));
  const scores = new Float32Array(N);
  const f = Math.fround;
  const negRank = f(-model.prior.rankWeight);
  for (let r = 0; r < N; r++) {
    const base = f(
      (x.features[r * CANDIDATE_FEATURE_COUNT + CANDIDATE_FEATURE_INDEX.log_rank] as number) *
        negRank,
    );
    scores[r] = f(base + f(gate * (head[r] as number)));
  }
  return { scores, attention, headInputs: opts.keepAttention ? headInputs : null };
}

function mlpForward(
  layers: readonly DenseLayer[],
  input: Float32Array,
  rows: number,
): Float64Array {
  let current: Float64Array | Float32Array = input;
  for (const layer of layers) {
    const next = new Float64Array(rows * layer.outputSize);
    for (let r = 0; r < rows; r++) {
      const inOffset = r * layer.inputSize;
      const outOffset = r * layer.outputSize;
      for (let o = 0; o < layer.outputSize; o++) {
        let sum = layer.bias[o] as number;
        for (let i = 0; i < layer.inputSize; i++)
          sum +=
            (current[inOffset + i] as number) * (layer.weight[i * layer.outputSize + o] as number);
        next[outOffset + o] = layer.activation === 'relu' ? Math.max(0, sum) : sum;
      }
    }
    current = next;
  }
  const last = layers[layers.length - 1];
  if (!last || last.outputSize !== 1) throw new Error('the MLP must end in one output');
  return current as Float64Array;
}

export const sequenceScores = (
  model: SequenceModelWeights,
  x: SequenceInputs,
  opts: SequenceForwardOptions = {},
): Float32Array => sequenceForward(model, x, opts).scores;

/** JSON form (public/models/reranker-weights.json). */
export interface SequenceModelJson {
  kind: typeof MODEL_KIND;
  projection: number;
  heads: {
    query: number[];
    key: number[];
    pair: number[];
    event: number[];
    sink: number[];
    sinkBias: number;
  }[];
  mlp: {
    inputSize: number;
    outputSize: number;
    weight: number[];
    bias: number[];
    activation: DenseLayer['activation'];
  }[];
  prior: { rankWeight: number; gateScale: number };
}

export function sequenceWeightsToJson(model: SequenceModelWeights): SequenceModelJson {
  return {
    kind: model.kind,
    projection: model.projection,
    heads: model.heads.map((h) => ({
      query: Array.from(h.query),
      key: Array.from(h.key),
      pair: Array.from(h.pair),
      event: Array.from(h.event),
      sink: Array.from(h.sink),
      sinkBias: h.sinkBias,
    })),
    mlp: model.mlp.map((l) => ({
      inputSize: l.inputSize,
      outputSize: l.outputSize,
      weight: Array.from(l.weight),
      bias: Array.from(l.bias),
      activation: l.activation,
    })),
    prior: { ...model.prior },
  };
}

export function isSequenceModelJson(json: unknown): json is SequenceModelJson {
  return (
    typeof json === 'object' && json !== null && (json as { kind?: unknown }).kind === MODEL_KIND
  );
}

export function sequenceWeightsFromJson(json: SequenceModelJson): SequenceModelWeights {
  if (json.kind !== MODEL_KIND) throw new Error(`not a ${MODEL_KIND} model`);
  const P = json.projection;
  const heads = json.heads.map((h, i) => {
    if (h.query.length !== EMBEDDING_DIM * P || h.key.length !== EMBEDDING_DIM * P)
      throw new Error(`head ${i}: projections are not ${EMBEDDING_DIM} × ${P}`);
    if (h.pair.length !== PAIR_CHANNELS.length || h.event.length !== EVENT_META_COUNT)
      throw new Error(`head ${i}: pair or event weights have the wrong length`);
    if (h.sink.length !== CANDIDATE_FEATURE_COUNT)
      throw new Error(`head ${i}: sink weights have the wrong length`);
    return {
      query: Float32Array.from(h.query),
      key: Float32Array.from(h.key),
      pair: Float32Array.from(h.pair),
      event: Float32Array.from(h.event),
      sink: Float32Array.from(h.sink),
      sinkBias: Math.fround(h.sinkBias),
    };
  });
  const mlp = json.mlp.map((l) => {
    if (l.weight.length !== l.inputSize * l.outputSize || l.bias.length !== l.outputSize)
      throw new Error(`layer ${l.inputSize}→${l.outputSize} has mismatched weight/bias sizes`);
    return { ...l, weight: Float32Array.from(l.weight), bias: Float32Array.from(l.bias) };
  });
  return { kind: MODEL_KIND, projection: P, heads, mlp, prior: { ...json.prior } };
}

/** What explanations take away from the history: every event of these types at once. */
export const HISTORY_GROUPS = {
  'history: opens': ['click', 'dwell'],
  'history: saves': ['save'],
  'history: hides': ['hide'],
} as const satisfies Record<string, readonly (keyof typeof EVENT_META_INDEX)[]>;

/**
 * Per-row contributions by occlusion: for each candidate feature, score − score with that column
 * set to `baseline` (e.g. the page's mean); for each HISTORY_GROUPS entry, score − score with
 * those events removed from the history (padding). Not exact attribution (the attention and the
 * MLP interact), but it says which inputs moved a card. rows × names.length values.
 */
export function sequenceContributions(
  model: SequenceModelWeights,
  x: SequenceInputs,
  baseline: ArrayLike<number>,
  featureNames: readonly string[],
): { names: string[]; values: Float32Array } {
  const base = sequenceScores(model, x);
  const names = [...featureNames, ...Object.keys(HISTORY_GROUPS)];
  const values = new Float32Array(x.rows * names.length);
  const record = (k: number, probe: Float32Array) => {
    for (let r = 0; r < x.rows; r++)
      values[r * names.length + k] = (base[r] as number) - (probe[r] as number);
  };
  for (let f = 0; f < CANDIDATE_FEATURE_COUNT; f++) {
    const features = x.features.slice();
    for (let r = 0; r < x.rows; r++)
      features[r * CANDIDATE_FEATURE_COUNT + f] = baseline[f] as number;
    record(f, sequenceScores(model, { ...x, features }));
  }
  Object.values(HISTORY_GROUPS).forEach((types, g) => {
    const history = x.history.slice();
    let removed = 0;
    for (let e = 0; e < SEQUENCE_LENGTH; e++) {
      const row = e * EVENT_WIDTH;
      if (types.some((t) => history[row + ITEM_WIDTH + EVENT_META_INDEX[t]] === 1)) {
        history.fill(0, row, row + EVENT_WIDTH);
        removed++;
      }
    }
    // Removing every event would shut the gate: compare against the history-free model instead.
    const left = x.events - removed;
    record(
      CANDIDATE_FEATURE_COUNT + g,
      removed === 0
        ? base
        : sequenceScores(model, { ...x, history, events: left }, { forceGate: left === 0 }),
    );
  });
  return { names, values };
}
