/**
 * Converts a TF.js Keras layers model (model.json topology + weights) into an ONNX graph, up to
 * one layer, built by hand with onnx-proto. It knows exactly the layers a Keras MobileNetV2 is made
 * of (ZeroPadding2D, Conv2D, DepthwiseConv2D, BatchNormalization, ReLU, Add, AveragePooling2D,
 * Flatten) and refuses anything else by name, so a different network fails loudly instead of
 * converting wrongly.
 *
 * - Layout: the graph takes NCHW (ONNX's Conv layout); kernels are transposed from Keras's HWIO.
 * - ZeroPadding2D is folded into the next convolution's `pads` (asymmetric pads are allowed).
 * - Batch norm is folded into the convolution before it: W' = W · γ/√(σ²+ε) per output channel,
 *   b' = β − μ · γ/√(σ²+ε). Nothing of it is left at run time.
 * - Kernels that the TF.js file stores quantized (uint8, value = q · scale + min per tensor, with
 *   0 on the grid: min = −zp · scale) stay uint8 in the ONNX file: the graph computes
 *   (q − zp) · (scale · γ/√(σ²+ε)) on initializers only (Cast → Sub → Mul), which onnxruntime folds
 *   into plain float kernels when the session is created. The file is a quarter of the float32
 *   size, its weights are the ones TF.js decodes from the same bytes (to float32 rounding), and
 *   quantizing them again (fp16, int8) could only lose accuracy. Other kernels are folded here and
 *   stored as float32.
 *
 * Deterministic: the same inputs give the same bytes (no timestamps, fixed order).
 */
import onnxProto from 'onnx-proto';
import {
  encodeOnnxModel,
  floatTensor,
  floatValueInfo,
  intAttribute,
  intsAttribute,
  uint8Tensor,
} from './onnx-graph';

const { onnx } = onnxProto;

export interface KerasLayer {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  inbound_nodes: [string, number, number, unknown][][];
}

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { min: number; scale: number; dtype: string };
}

export interface KerasModelJson {
  modelTopology: { model_config: { config: { layers: KerasLayer[] } } };
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}

/** One weight tensor as the TF.js file holds it. */
export type StoredWeight =
  | { shape: number[]; kind: 'uint8'; q: Uint8Array; scale: number; min: number }
  | { shape: number[]; kind: 'float32'; values: Float32Array };

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Splits the concatenated weight bytes by the manifest (TF.js's weight format, no padding). */
export function readStoredWeights(
  json: KerasModelJson,
  data: Uint8Array,
): Map<string, StoredWeight> {
  const out = new Map<string, StoredWeight>();
  let offset = 0;
  for (const group of json.weightsManifest) {
    for (const spec of group.weights) {
      const n = product(spec.shape);
      if (spec.dtype !== 'float32')
        throw new Error(`weight ${spec.name}: dtype ${spec.dtype} is not supported`);
      if (spec.quantization) {
        if (spec.quantization.dtype !== 'uint8') {
          throw new Error(
            `weight ${spec.name}: ${spec.quantization.dtype} quantization is not supported`,
          );
        }
        out.set(spec.name, {
          shape: spec.shape,
          kind: 'uint8',
          q: data.slice(offset, offset + n),
          scale: spec.quantization.scale,
          min: spec.quantization.min,
        });
        offset += n;
      } else {
        const bytes = data.slice(offset, offset + 4 * n);
        out.set(spec.name, {
          shape: spec.shape,
          kind: 'float32',
          values: new Float32Array(bytes.buffer),
        });
        offset += 4 * n;
      }
    }
  }
  if (offset !== data.length)
    throw new Error(`weights manifest covers ${offset} bytes of ${data.length}`);
  return out;
}

/** Float values of a stored weight, computed as TF.js decodes them (q · scale + min, in float32). */
export function weightValues(w: StoredWeight): Float32Array {
  if (w.kind === 'float32') return w.values;
  const out = new Float32Array(w.q.length);
  for (let i = 0; i < w.q.length; i++) out[i] = w.q[i]! * w.scale + w.min;
  return out;
}

/**
 * Reorders a Keras kernel [kh, kw, in, out] (Conv2D) or [kh, kw, in, multiplier] (depthwise) into
 * ONNX's [out, in / group, kh, kw]; works on any typed array of the kernel's values.
 */
export function kerasKernelToOnnx<T extends Uint8Array | Float32Array>(
  values: T,
  shape: readonly number[],
  depthwise: boolean,
): { values: T; dims: number[] } {
  const [kh, kw, cin, cout] = shape as [number, number, number, number];
  const out = new (values.constructor as new (n: number) => T)(values.length);
  // Depthwise: output channel c·m + k comes from input channel c (group = in).
  const outChannels = depthwise ? cin * cout : cout;
  const inPerGroup = depthwise ? 1 : cin;
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++) {
          const src = ((y * kw + x) * cin + i) * cout + o;
          const oc = depthwise ? i * cout + o : o;
          const ic = depthwise ? 0 : i;
          out[((oc * inPerGroup + ic) * kh + y) * kw + x] = values[src]!;
        }
  return { values: out, dims: [outChannels, inPerGroup, kh, kw] };
}

interface PendingConv {
  layer: KerasLayer;
  input: string;
  pads: [number, number, number, number];
}

export interface ConvertOptions {
  /** The last layer kept: its output is the graph's output. */
  stopAt: string;
  inputName: string;
  outputName: string;
  /** Spatial input size (height = width) and channels. */
  inputSize: number;
  channels: number;
  graphName: string;
  docString?: string;
  metadata?: Record<string, string>;
}

/** The ONNX model bytes for the Keras network up to `stopAt`. */
export function kerasToOnnx(
  json: KerasModelJson,
  weights: Map<string, StoredWeight>,
  opts: ConvertOptions,
): Uint8Array {
  const layers = json.modelTopology.model_config.config.layers;
  const nodes: onnxProto.onnx.INodeProto[] = [];
  const initializers: onnxProto.onnx.ITensorProto[] = [];
  /** Keras layer name → the ONNX tensor holding its output. */
  const tensorOf = new Map<string, string>();
  const padsOf = new Map<string, { input: string; pads: [number, number, number, number] }>();
  const pendingConv = new Map<string, PendingConv>();
  const weight = (name: string): StoredWeight => {
    const w = weights.get(name);
    if (!w) throw new Error(`weight ${name} is missing`);
    return w;
  };
  const inboundOf = (layer: KerasLayer): string[] =>
    (layer.inbound_nodes[0] ?? []).map(([name]) => name);
  const inputTensor = (layerName: string, consumer: KerasLayer): string => {
    if (padsOf.has(layerName) || pendingConv.has(layerName)) {
      throw new Error(
        `${consumer.name} (${consumer.class_name}) reads ${layerName}, which only a convolution can take`,
      );
    }
    const t = tensorOf.get(layerName);
    if (t === undefined) throw new Error(`${consumer.name} reads ${layerName}, not converted yet`);
    return t;
  };
  const scalar = (name: string, value: number) => {
    initializers.push(floatTensor(name, [], Float32Array.of(value)));
    return name;
  };
  const zero = scalar('const.zero', 0);

  let reachedStop = false;
  for (const layer of layers) {
    const cfg = layer.config;
    const [inbound] = inboundOf(layer);
    switch (layer.class_name) {
      case 'InputLayer':
        tensorOf.set(layer.name, opts.inputName);
        break;
      case 'ZeroPadding2D': {
        const [[top, bottom], [left, right]] = cfg.padding as [[number, number], [number, number]];
        padsOf.set(layer.name, {
          input: inputTensor(inbound!, layer),
          pads: [top, left, bottom, right],
        });
        break;
      }
      case 'Conv2D':
      case 'DepthwiseConv2D': {
        const padded = padsOf.get(inbound!);
        const input = padded?.input ?? inputTensor(inbound!, layer);
        const pads: [number, number, number, number] = padded ? [...padded.pads] : [0, 0, 0, 0];
        if (cfg.padding === 'same') {
          const [kh, kw] = cfg.kernel_size as [number, number];
          const [sh, sw] = cfg.strides as [number, number];
          // TF's 'same' is symmetric only at stride 1 (a strided 'same' depends on the input size).
          if (sh !== 1 || sw !== 1)
            throw new Error(`${layer.name}: strided 'same' padding is not supported`);
          pads[0] += Math.floor((kh - 1) / 2);
          pads[1] += Math.floor((kw - 1) / 2);
          pads[2] += kh - 1 - Math.floor((kh - 1) / 2);
          pads[3] += kw - 1 - Math.floor((kw - 1) / 2);
        } else if (cfg.padding !== 'valid') {
          throw new Error(`${layer.name}: padding ${String(cfg.padding)} is not supported`);
        }
        if (cfg.activation !== 'linear')
          throw new Error(`${layer.name}: activation ${String(cfg.activation)} is not supported`);
        if (cfg.use_bias)
          throw new Error(`${layer.name}: a convolution with its own bias is not supported`);
        const dilation = cfg.dilation_rate as number[];
        if (dilation.some((d) => d !== 1))
          throw new Error(`${layer.name}: dilation is not supported`);
        pendingConv.set(layer.name, { layer, input, pads });
        break;
      }
      case 'BatchNormalization': {
        const conv = pendingConv.get(inbound!);
        if (!conv)
          throw new Error(
            `${layer.name}: batch norm is only folded into the convolution right before it`,
          );
        pendingConv.delete(inbound!);
        emitConv(conv, layer);
        break;
      }
      case 'ReLU': {
        const max = cfg.max_value as number | null;
        if ((cfg.negative_slope as number) !== 0 || (cfg.threshold as number) !== 0) {
          throw new Error(`${layer.name}: leaky or thresholded ReLU is not supported`);
        }
        const out = `${layer.name}.out`;
        if (max === null) {
          nodes.push({
            opType: 'Relu',
            input: [inputTensor(inbound!, layer)],
            output: [out],
            name: layer.name,
          });
        } else {
          const maxName = scalar(`${layer.name}.max`, max);
          nodes.push({
            opType: 'Clip',
            input: [inputTensor(inbound!, layer), zero, maxName],
            output: [out],
            name: layer.name,
          });
        }
        tensorOf.set(layer.name, out);
        break;
      }
      case 'Add': {
        const out = `${layer.name}.out`;
        nodes.push({
          opType: 'Add',
          input: inboundOf(layer).map((n) => inputTensor(n, layer)),
          output: [out],
          name: layer.name,
        });
        tensorOf.set(layer.name, out);
        break;
      }
      case 'AveragePooling2D': {
        if (cfg.padding !== 'valid')
          throw new Error(`${layer.name}: only 'valid' pooling is supported`);
        const out = `${layer.name}.out`;
        nodes.push({
          opType: 'AveragePool',
          input: [inputTensor(inbound!, layer)],
          output: [out],
          name: layer.name,
          attribute: [
            intsAttribute('kernel_shape', cfg.pool_size as number[]),
            intsAttribute('strides', cfg.strides as number[]),
          ],
        });
        tensorOf.set(layer.name, out);
        break;
      }
      case 'Flatten': {
        // [N, C, 1, 1] → [N, C]: the same order as Keras's flatten of [N, 1, 1, C].
        const out = `${layer.name}.out`;
        nodes.push({
          opType: 'Flatten',
          input: [inputTensor(inbound!, layer)],
          output: [out],
          name: layer.name,
          attribute: [intAttribute('axis', 1)],
        });
        tensorOf.set(layer.name, out);
        break;
      }
      default:
        throw new Error(`${layer.name}: layer type ${layer.class_name} is not supported`);
    }
    if (layer.name === opts.stopAt) {
      reachedStop = true;
      break;
    }
  }
  if (!reachedStop) throw new Error(`layer ${opts.stopAt} not found`);
  if (pendingConv.size > 0)
    throw new Error(`convolutions without batch norm: ${[...pendingConv.keys()].join(', ')}`);
  const last = tensorOf.get(opts.stopAt);
  if (last === undefined) throw new Error(`${opts.stopAt} has no output`);
  nodes.push({ opType: 'Identity', input: [last], output: [opts.outputName], name: 'output' });

  function emitConv(conv: PendingConv, bn: KerasLayer): void {
    const { layer } = conv;
    const depthwise = layer.class_name === 'DepthwiseConv2D';
    const kernel = weight(`${layer.name}/${depthwise ? 'depthwise_kernel' : 'kernel'}`);
    const eps = bn.config.epsilon as number;
    if (bn.config.center !== true || bn.config.scale !== true) {
      throw new Error(`${bn.name}: batch norm without centre or scale is not supported`);
    }
    const gamma = weightValues(weight(`${bn.name}/gamma`));
    const beta = weightValues(weight(`${bn.name}/beta`));
    const mean = weightValues(weight(`${bn.name}/moving_mean`));
    const variance = weightValues(weight(`${bn.name}/moving_variance`));
    const channels = gamma.length;
    const bias = new Float32Array(channels);
    for (let c = 0; c < channels; c++)
      bias[c] = beta[c]! - (mean[c]! * gamma[c]!) / Math.sqrt(variance[c]! + eps);
    const name = layer.name;
    let dims: number[];
    const foldScale = (c: number) => gamma[c]! / Math.sqrt(variance[c]! + eps);
    const zeroPoint = kernel.kind === 'uint8' ? -kernel.min / kernel.scale : NaN;
    if (kernel.kind === 'uint8' && Math.abs(zeroPoint - Math.round(zeroPoint)) < 1e-6) {
      // TF.js's quantizer puts 0 on the grid: min = −zp · scale with an integer zp, so
      // W' = (q · scale + min) · s = (q − zp) · (scale · s). q − zp is exact in float32 and the
      // per-channel factor is computed here in double: one rounding, no cancellation near 0.
      const reordered = kerasKernelToOnnx(kernel.q, kernel.shape, depthwise);
      dims = reordered.dims;
      if (dims[0] !== channels)
        throw new Error(`${bn.name}: ${channels} channels for ${dims[0]} filters`);
      const gain = Float32Array.from({ length: channels }, (_, c) => kernel.scale * foldScale(c));
      initializers.push(uint8Tensor(`${name}.q`, dims, reordered.values));
      initializers.push(floatTensor(`${name}.q_zero`, [], Float32Array.of(Math.round(zeroPoint))));
      initializers.push(floatTensor(`${bn.name}.gain`, [channels, 1, 1, 1], gain));
      nodes.push({
        opType: 'Cast',
        input: [`${name}.q`],
        output: [`${name}.qf`],
        name: `${name}_cast`,
        attribute: [intAttribute('to', onnx.TensorProto.DataType.FLOAT)],
      });
      nodes.push({
        opType: 'Sub',
        input: [`${name}.qf`, `${name}.q_zero`],
        output: [`${name}.qc`],
        name: `${name}_zero`,
      });
      nodes.push({
        opType: 'Mul',
        input: [`${name}.qc`, `${bn.name}.gain`],
        output: [`${name}.folded`],
        name: `${bn.name}_fold`,
      });
    } else {
      // Float weights (or a quantization without 0 on its grid): folded here, stored as float32.
      const values = kerasKernelToOnnx(weightValues(kernel), kernel.shape, depthwise);
      dims = values.dims;
      if (dims[0] !== channels)
        throw new Error(`${bn.name}: ${channels} channels for ${dims[0]} filters`);
      const per = values.values.length / channels;
      const folded = Float32Array.from(values.values, (v, i) => v * foldScale(Math.floor(i / per)));
      initializers.push(floatTensor(`${name}.folded`, dims, folded));
    }
    initializers.push(floatTensor(`${bn.name}.bias`, [channels], bias));
    const out = `${bn.name}.out`;
    const groupCount = depthwise ? (kernel.shape[2] as number) : 1;
    nodes.push({
      opType: 'Conv',
      input: [conv.input, `${name}.folded`, `${bn.name}.bias`],
      output: [out],
      name,
      attribute: [
        intsAttribute('kernel_shape', dims.slice(2)),
        intsAttribute('strides', layer.config.strides as number[]),
        intsAttribute('pads', conv.pads),
        intsAttribute('dilations', [1, 1]),
        intAttribute('group', groupCount),
      ],
    });
    tensorOf.set(bn.name, out);
  }

  const channelsOut = (() => {
    // The output's width: the channel count of the last layer with a weight, read off the initializers.
    const last = [...initializers].reverse().find((t) => t.name?.endsWith('.bias'));
    return Number(last?.dims?.[0] ?? 0);
  })();
  const graph: onnxProto.onnx.IGraphProto = {
    name: opts.graphName,
    node: nodes,
    initializer: initializers,
    input: [floatValueInfo(opts.inputName, ['N', opts.channels, opts.inputSize, opts.inputSize])],
    output: [floatValueInfo(opts.outputName, ['N', channelsOut])],
  };
  return encodeOnnxModel(graph, {
    producerName: 'inspo-image-model',
    producerVersion: '1',
    docString: opts.docString,
    metadata: opts.metadata,
  });
}
