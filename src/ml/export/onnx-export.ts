/**
 * Writes the reranker as an ONNX graph built by hand with onnx-proto: per hidden layer
 * MatMul → Add → Relu, then MatMul → Add; with a server prior (reference-scorer.ts) the
 * output is gated and added to −w · log_rank (Gather, Mul, Clip, Mul, Add); finally Reshape to
 * [N]. Input `features` float32
 * [N, FEATURE_COUNT] (N dynamic), output `scores` float32 [N]. No timestamps in the bytes, so the
 * same weights always give the same file.
 */
import onnxProto from 'onnx-proto';
import type { DenseLayer, ModelWeights } from '@/ranking/reference-scorer';
import {
  encodeOnnxModel,
  floatTensor,
  floatValueInfo,
  int64Tensor,
  intAttribute,
} from '@/server/visual/image-model/onnx-graph';

export const INPUT_NAME = 'features';
export const OUTPUT_NAME = 'scores';
const BATCH_DIM = 'N';

export const PRIOR_NAMES = {
  rankIndex: 'prior.rank_index',
  /** Stored negated: the graph multiplies by it. */
  rankWeight: 'prior.neg_rank_weight',
  historyIndex: 'prior.history_index',
  gateScale: 'prior.gate_scale',
  zero: 'prior.zero',
  one: 'prior.one',
} as const;

const scalarFloat = (name: string, value: number) => floatTensor(name, [], Float32Array.of(value));

export interface OnnxExportOptions {
  featureNames: readonly string[];
  /** Free text stored in the model (e.g. the model card's version). */
  docString?: string;
  metadata?: Record<string, string>;
}

export function buildOnnxModel(model: ModelWeights, opts: OnnxExportOptions): Uint8Array {
  const first = model.layers[0];
  if (!first) throw new Error('model has no layers');
  if (first.inputSize !== opts.featureNames.length) {
    throw new Error(
      `first layer takes ${first.inputSize} inputs but there are ${opts.featureNames.length} features`,
    );
  }
  const nodes: onnxProto.onnx.INodeProto[] = [];
  const initializers: onnxProto.onnx.ITensorProto[] = [];
  let current = INPUT_NAME;
  model.layers.forEach((layer: DenseLayer, k) => {
    const w = `layer${k}.weight`;
    const b = `layer${k}.bias`;
    initializers.push(floatTensor(w, [layer.inputSize, layer.outputSize], layer.weight));
    initializers.push(floatTensor(b, [layer.outputSize], layer.bias));
    nodes.push({
      opType: 'MatMul',
      input: [current, w],
      output: [`layer${k}.matmul`],
      name: `layer${k}_matmul`,
    });
    nodes.push({
      opType: 'Add',
      input: [`layer${k}.matmul`, b],
      output: [`layer${k}.linear`],
      name: `layer${k}_add`,
    });
    current = `layer${k}.linear`;
    if (layer.activation === 'relu') {
      nodes.push({
        opType: 'Relu',
        input: [current],
        output: [`layer${k}.relu`],
        name: `layer${k}_relu`,
      });
      current = `layer${k}.relu`;
    }
  });
  const prior = model.prior;
  if (prior) {
    // Names are read back by onnx-read.ts.
    initializers.push(int64Tensor(PRIOR_NAMES.rankIndex, [prior.rankFeature]));
    initializers.push(scalarFloat(PRIOR_NAMES.rankWeight, -prior.rankWeight));
    initializers.push(int64Tensor(PRIOR_NAMES.historyIndex, [prior.historyFeature]));
    initializers.push(scalarFloat(PRIOR_NAMES.gateScale, prior.gateScale));
    initializers.push(scalarFloat(PRIOR_NAMES.zero, 0));
    initializers.push(scalarFloat(PRIOR_NAMES.one, 1));
    const gather = (name: string, index: string) =>
      nodes.push({
        opType: 'Gather',
        input: [INPUT_NAME, index],
        output: [name],
        name: `${name}_gather`,
        attribute: [intAttribute('axis', 1)],
      });
    gather('prior.rank', PRIOR_NAMES.rankIndex);
    nodes.push({
      opType: 'Mul',
      input: ['prior.rank', PRIOR_NAMES.rankWeight],
      output: ['prior.base'],
      name: 'prior_base',
    });
    gather('prior.history', PRIOR_NAMES.historyIndex);
    nodes.push({
      opType: 'Mul',
      input: ['prior.history', PRIOR_NAMES.gateScale],
      output: ['prior.gate_raw'],
      name: 'gate_scale',
    });
    nodes.push({
      opType: 'Clip',
      input: ['prior.gate_raw', PRIOR_NAMES.zero, PRIOR_NAMES.one],
      output: ['prior.gate'],
      name: 'gate_clip',
    });
    nodes.push({
      opType: 'Mul',
      input: ['prior.gate', current],
      output: ['prior.adjust'],
      name: 'gate_apply',
    });
    nodes.push({
      opType: 'Add',
      input: ['prior.base', 'prior.adjust'],
      output: ['prior.score'],
      name: 'prior_add',
    });
    current = 'prior.score';
  }
  initializers.push(int64Tensor('scores_shape', [-1]));
  nodes.push({
    opType: 'Reshape',
    input: [current, 'scores_shape'],
    output: [OUTPUT_NAME],
    name: 'to_scores',
  });

  const graph: onnxProto.onnx.IGraphProto = {
    name: 'inspo_reranker',
    node: nodes,
    initializer: initializers,
    input: [floatValueInfo(INPUT_NAME, [BATCH_DIM, first.inputSize])],
    output: [floatValueInfo(OUTPUT_NAME, [BATCH_DIM])],
  };
  return encodeOnnxModel(graph, {
    producerName: 'inspo-train',
    producerVersion: '1',
    docString: opts.docString,
    metadata: { feature_names: JSON.stringify(opts.featureNames), ...opts.metadata },
  });
}
