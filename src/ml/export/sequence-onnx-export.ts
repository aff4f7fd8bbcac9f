/**
 * Writes the sequence reranker (src/ranking/sequence-scorer.ts) as an ONNX graph built by hand
 * with onnx-proto, opset 17, the computation of sequenceForward step for step: Slice the inputs
 * into their parts, Gemm for the candidate × event similarities and the projected attention
 * logits, Add of −1e9 · (1 − valid) to mask padding, Concat of a sink logit and Softmax over
 * [events…, sink], MatMul / ReduceSum for what each head reads back, the pooled channels, the MLP
 * (MatMul → Add → Relu), and the gated server-rank prior. Inputs `features` [N, 9], `items`
 * [N, 60], `history` [64, 70]; output `scores` [N]. Initializers are named after the weights, so
 * readSequenceOnnx can read them back. No timestamps: the same weights give the same bytes.
 */
import onnxProto from 'onnx-proto';
import { EMBEDDING_DIM } from '@/ranking/embedding';
import {
  DENSITY_SHARPNESS,
  MASK_NEGATIVE,
  MODEL_KIND,
  SHARE_EPSILON,
  CONTEXT_DECAY,
  hasListContext,
  headInputWidth,
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
  SEQUENCE_INPUT_NAMES,
  SEQUENCE_LENGTH,
  SEQUENCE_OUTPUT_NAME,
} from '@/ranking/sequence-spec';
import {
  encodeOnnxModel,
  floatTensor,
  floatValueInfo,
  int64Tensor,
  intAttribute,
  intsAttribute,
  tensorFloats,
} from '@/server/visual/image-model/onnx-graph';

const { onnx } = onnxProto;
const BATCH_DIM = 'N';
const FLOAT = onnx.AttributeProto.AttributeType.FLOAT;

export interface SequenceOnnxOptions {
  docString?: string;
  metadata?: Record<string, string>;
}

class GraphBuilder {
  readonly nodes: onnxProto.onnx.INodeProto[] = [];
  readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly constants = new Map<string, string>();
  private count = 0;

  node(
    opType: string,
    inputs: string[],
    attribute: onnxProto.onnx.IAttributeProto[] = [],
    name?: string,
  ): string {
    const out = name ?? `t${this.count++}_${opType.toLowerCase()}`;
    this.nodes.push({ opType, input: inputs, output: [out], name: `${out}_node`, attribute });
    return out;
  }

  weight(name: string, dims: number[], values: Float32Array): string {
    this.initializers.push(floatTensor(name, dims, values));
    return name;
  }

  scalar(value: number): string {
    const key = `f${value}`;
    let name = this.constants.get(key);
    if (!name) {
      name = `const.f${this.constants.size}`;
      this.initializers.push(floatTensor(name, [], Float32Array.of(value)));
      this.constants.set(key, name);
    }
    return name;
  }

  ints(values: number[]): string {
    const key = `i${values.join(',')}`;
    let name = this.constants.get(key);
    if (!name) {
      name = `const.i${this.constants.size}`;
      this.initializers.push(int64Tensor(name, values));
      this.constants.set(key, name);
    }
    return name;
  }

  /** Columns [start, end) of a 2-D tensor. */
  columns(input: string, start: number, end: number): string {
    return this.node('Slice', [input, this.ints([start]), this.ints([end]), this.ints([1])]);
  }

  /** A [K, 1] column as a [1, K] row. */
  row(column: string): string {
    return this.node('Reshape', [column, this.ints([1, -1])]);
  }

  gemmT(a: string, b: string, alpha = 1): string {
    return this.node(
      'Gemm',
      [a, b],
      [intAttribute('transB', 1), { name: 'alpha', type: FLOAT, f: alpha }],
    );
  }

  add = (a: string, b: string) => this.node('Add', [a, b]);
  sub = (a: string, b: string) => this.node('Sub', [a, b]);
  mul = (a: string, b: string) => this.node('Mul', [a, b]);
  div = (a: string, b: string) => this.node('Div', [a, b]);
  matmul = (a: string, b: string) => this.node('MatMul', [a, b]);
  rowSum = (a: string) =>
    this.node('ReduceSum', [a, this.ints([1])], [intAttribute('keepdims', 1)]);
  rowMax = (a: string) =>
    this.node('ReduceMax', [a], [intsAttribute('axes', [1]), intAttribute('keepdims', 1)]);
  clip = (a: string, lo: number, hi: number) =>
    this.node('Clip', [a, this.scalar(lo), this.scalar(hi)]);
  log1p = (a: string) => this.node('Log', [this.add(a, this.scalar(1))]);
}

export function buildSequenceOnnxModel(
  model: SequenceModelWeights,
  opts: SequenceOnnxOptions = {},
): Uint8Array {
  const first = model.mlp[0];
  const context = hasListContext(model);
  if (!first || (first.inputSize !== headInputWidth(model.heads.length) && !context))
    throw new Error('the MLP does not take the head input');
  const g = new GraphBuilder();
  const [FEATURES, ITEMS, HISTORY] = SEQUENCE_INPUT_NAMES;
  const P = model.projection;
  const meta = ITEM_WIDTH;

  const candEmb = g.columns(ITEMS, ITEM_LAYOUT.embedding.start, ITEM_LAYOUT.embedding.end);
  const candCat = g.columns(ITEMS, ITEM_LAYOUT.category.start, ITEM_LAYOUT.category.end);
  const candCol = g.columns(ITEMS, ITEM_LAYOUT.colour.start, ITEM_LAYOUT.colour.end);
  const histEmb = g.columns(HISTORY, ITEM_LAYOUT.embedding.start, ITEM_LAYOUT.embedding.end);
  const histCat = g.columns(HISTORY, ITEM_LAYOUT.category.start, ITEM_LAYOUT.category.end);
  const histCol = g.columns(HISTORY, ITEM_LAYOUT.colour.start, ITEM_LAYOUT.colour.end);
  const histMeta = g.columns(HISTORY, meta, meta + EVENT_META_COUNT);
  const metaColumn = (name: keyof typeof EVENT_META_INDEX) =>
    g.columns(HISTORY, meta + EVENT_META_INDEX[name], meta + EVENT_META_INDEX[name] + 1);
  const validRow = g.row(metaColumn('valid'));
  const hideRow = g.row(metaColumn('hide'));
  const posWeight = metaColumn('positive_weight');
  const hideWeight = metaColumn('hide_weight');

  const cos = g.gemmT(candEmb, histEmb);
  const cat = g.gemmT(candCat, histCat);
  const col = g.gemmT(candCol, histCol);
  const big = g.scalar(MASK_NEGATIVE);
  const one = g.scalar(1);
  const maskBias = g.mul(g.sub(validRow, one), big);

  const parts: string[] = [FEATURES];
  model.heads.forEach((head, h) => {
    const wq = g.weight(`head${h}.query`, [EMBEDDING_DIM, P], head.query);
    const wk = g.weight(`head${h}.key`, [EMBEDDING_DIM, P], head.key);
    const pair = (k: number) =>
      g.weight(`head${h}.pair${k}`, [], Float32Array.of(head.pair[k] as number));
    const event = g.weight(`head${h}.event`, [1, EVENT_META_COUNT], head.event);
    const sinkW = g.weight(`head${h}.sink`, [CANDIDATE_FEATURE_COUNT, 1], head.sink);
    const sinkB = g.weight(`head${h}.sink_bias`, [1], Float32Array.of(head.sinkBias));
    const q = g.matmul(candEmb, wq);
    const k = g.matmul(histEmb, wk);
    const projected = g.gemmT(q, k, 1 / Math.sqrt(P));
    const pairLogit = g.add(g.add(g.mul(cos, pair(0)), g.mul(cat, pair(1))), g.mul(col, pair(2)));
    const eventLogit = g.add(g.gemmT(event, histMeta), maskBias);
    const logits = g.add(g.add(projected, pairLogit), eventLogit);
    const sink = g.node('Gemm', [FEATURES, sinkW, sinkB]);
    const all = g.node('Concat', [logits, sink], [intAttribute('axis', 1)]);
    const attention = g.node('Softmax', [all], [intAttribute('axis', 1)], `head${h}.attention`);
    const onEvents = g.columns(attention, 0, SEQUENCE_LENGTH);
    parts.push(
      g.matmul(onEvents, histMeta),
      g.rowSum(g.mul(onEvents, cos)),
      g.rowSum(g.mul(onEvents, cat)),
      g.rowSum(g.mul(onEvents, col)),
    );
  });
  const totalPositive = g.add(
    g.node('ReduceSum', [posWeight], [intAttribute('keepdims', 1)]),
    g.scalar(SHARE_EPSILON),
  );
  const positiveBias = g.mul(g.sub(g.sub(validRow, hideRow), one), big);
  const hideBias = g.mul(g.sub(hideRow, one), big);
  const kernel = g.node('Exp', [g.mul(g.sub(cos, one), g.scalar(DENSITY_SHARPNESS))]);
  const density = g.log1p(g.matmul(kernel, posWeight));
  const maxPositive = g.clip(g.rowMax(g.add(cos, positiveBias)), -1, 1);
  const logRank = g.columns(
    FEATURES,
    CANDIDATE_FEATURE_INDEX.log_rank,
    CANDIDATE_FEATURE_INDEX.log_rank + 1,
  );
  parts.push(
    g.div(g.matmul(cat, posWeight), totalPositive),
    g.log1p(g.matmul(cat, hideWeight)),
    g.div(g.matmul(col, posWeight), totalPositive),
    density,
    maxPositive,
    g.clip(g.rowMax(g.add(cos, hideBias)), -1, 1),
    g.log1p(g.matmul(cat, posWeight)),
    // A [N, 1] column of the history size: 0 · log_rank + the [1, 1] scalar, broadcast.
    g.add(
      g.mul(logRank, g.scalar(0)),
      g.div(
        g.log1p(g.node('ReduceSum', [validRow], [intAttribute('keepdims', 1)])),
        g.scalar(Math.log(SEQUENCE_LENGTH + 1)),
      ),
    ),
  );
  if (context) {
    // Rank-weighted means over the candidates (axis 0), broadcast back to [N, 1].
    const w = g.node('Exp', [g.mul(logRank, g.scalar(-CONTEXT_DECAY))]);
    const sumRows = (a: string) =>
      g.node('ReduceSum', [a, g.ints([0])], [intAttribute('keepdims', 1)]);
    const sumW = sumRows(w);
    const zeros = g.mul(logRank, g.scalar(0));
    for (const v of [maxPositive, density])
      parts.push(g.add(zeros, g.div(sumRows(g.mul(w, v)), sumW)));
  }
  let current = g.node('Concat', parts, [intAttribute('axis', 1)], 'head_input');
  model.mlp.forEach((layer, k) => {
    const w = g.weight(`mlp${k}.weight`, [layer.inputSize, layer.outputSize], layer.weight);
    const b = g.weight(`mlp${k}.bias`, [layer.outputSize], layer.bias);
    current = g.add(g.matmul(current, w), b);
    if (layer.activation === 'relu') current = g.node('Relu', [current]);
  });
  const base = g.mul(
    logRank,
    g.weight('prior.neg_rank_weight', [], Float32Array.of(-model.prior.rankWeight)),
  );
  const events = g.node('ReduceSum', [validRow], [intAttribute('keepdims', 1)]);
  const gate = g.clip(
    g.mul(events, g.weight('prior.gate_scale', [], Float32Array.of(model.prior.gateScale))),
    0,
    1,
  );
  const score = g.add(base, g.mul(gate, current));
  g.node('Reshape', [score, g.ints([-1])], [], SEQUENCE_OUTPUT_NAME);

  const graph: onnxProto.onnx.IGraphProto = {
    name: 'inspo_sequence_reranker',
    node: g.nodes,
    initializer: g.initializers,
    input: [
      floatValueInfo(FEATURES, [BATCH_DIM, CANDIDATE_FEATURE_COUNT]),
      floatValueInfo(ITEMS, [BATCH_DIM, ITEM_WIDTH]),
      floatValueInfo(HISTORY, [SEQUENCE_LENGTH, EVENT_WIDTH]),
    ],
    output: [floatValueInfo(SEQUENCE_OUTPUT_NAME, [BATCH_DIM])],
  };
  const metadata = {
    model_kind: MODEL_KIND,
    projection: String(P),
    heads: String(model.heads.length),
    ...opts.metadata,
  };
  return encodeOnnxModel(graph, {
    producerName: 'inspo-train',
    producerVersion: '2',
    docString: opts.docString,
    metadata,
  });
}

export interface SequenceOnnxInfo {
  model: SequenceModelWeights;
  opset: number;
  inputNames: string[];
  outputName: string;
  metadata: Record<string, string>;
  opTypes: string[];
}

/** Reads the weights back from a file buildSequenceOnnxModel wrote (by initializer name). */
export function readSequenceOnnx(bytes: Uint8Array): SequenceOnnxInfo {
  const proto = onnx.ModelProto.decode(bytes);
  const graph = proto.graph;
  if (!graph) throw new Error('no graph');
  const metadata = Object.fromEntries(
    (proto.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? '']),
  );
  if (metadata.model_kind !== MODEL_KIND) throw new Error(`not a ${MODEL_KIND} model`);
  const init = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  const need = (name: string): Float32Array => {
    const t = init.get(name);
    if (!t) throw new Error(`missing initializer ${name}`);
    return tensorFloats(t);
  };
  const P = Number(metadata.projection);
  const H = Number(metadata.heads);
  const heads = Array.from({ length: H }, (_, h) => ({
    query: need(`head${h}.query`),
    key: need(`head${h}.key`),
    pair: Float32Array.from([0, 1, 2], (k) => need(`head${h}.pair${k}`)[0] as number),
    event: need(`head${h}.event`),
    sink: need(`head${h}.sink`),
    sinkBias: need(`head${h}.sink_bias`)[0] as number,
  }));
  const mlp = [];
  for (let k = 0; init.has(`mlp${k}.weight`); k++) {
    const t = init.get(`mlp${k}.weight`) as onnxProto.onnx.ITensorProto;
    const [inputSize, outputSize] = (t.dims ?? []).map(Number) as [number, number];
    mlp.push({
      inputSize,
      outputSize,
      weight: tensorFloats(t),
      bias: need(`mlp${k}.bias`),
      activation: init.has(`mlp${k + 1}.weight`) ? ('relu' as const) : ('linear' as const),
    });
  }
  return {
    model: {
      kind: MODEL_KIND,
      projection: P,
      heads,
      mlp,
      prior: {
        rankWeight: -(need('prior.neg_rank_weight')[0] as number),
        gateScale: need('prior.gate_scale')[0] as number,
      },
    },
    opset: Number(proto.opsetImport?.find((o) => !o.domain)?.version ?? 0),
    inputNames: (graph.input ?? []).map((i) => i.name ?? ''),
    outputName: graph.output?.[0]?.name ?? '',
    metadata,
    opTypes: [...new Set((graph.node ?? []).map((n) => n.opType ?? ''))].sort(),
  };
}
