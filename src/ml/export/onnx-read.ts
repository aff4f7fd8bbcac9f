/**
 * Reads an exported reranker back into ModelWeights (for the parity test, which then checks the
 * TS reference scorer against onnxruntime on the very weights the file holds). Accepts only the
 * graph shape onnx-export.ts writes.
 */
import onnxProto from 'onnx-proto';
import type { DenseLayer, ModelWeights } from '@/ranking/reference-scorer';
import { tensorFloats } from '@/server/visual/image-model/onnx-graph';
import { PRIOR_NAMES } from './onnx-export';

const { onnx } = onnxProto;

function int64s(t: onnxProto.onnx.ITensorProto): number[] {
  if (t.dataType !== onnx.TensorProto.DataType.INT64) throw new Error(`${t.name} is not int64`);
  const raw = t.rawData;
  if (!raw) return (t.int64Data ?? []).map(Number);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  return Array.from({ length: raw.byteLength / 8 }, (_, i) =>
    Number(view.getBigInt64(i * 8, true)),
  );
}

export interface OnnxModelInfo {
  model: ModelWeights;
  opset: number;
  inputName: string;
  outputName: string;
  metadata: Record<string, string>;
}

export function readOnnxModel(bytes: Uint8Array): OnnxModelInfo {
  const proto = onnx.ModelProto.decode(bytes);
  const graph = proto.graph;
  if (!graph) throw new Error('no graph');
  const init = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  const layers: DenseLayer[] = [];
  const nodes = graph.node ?? [];
  const mlpNodes = nodes.filter(
    (n) => !(n.name ?? '').startsWith('prior_') && !(n.output?.[0] ?? '').startsWith('prior.'),
  );
  for (let i = 0; i < mlpNodes.length; i++) {
    const node = mlpNodes[i] as onnxProto.onnx.INodeProto;
    if (node.opType !== 'MatMul') continue;
    const wt = init.get(node.input?.[1] ?? '');
    const add = mlpNodes[i + 1];
    const bt = init.get(add?.input?.[1] ?? '');
    if (!wt || !bt || add?.opType !== 'Add')
      throw new Error(`unexpected graph around node ${node.name}`);
    const dims = (wt.dims ?? []).map(Number);
    layers.push({
      inputSize: dims[0] as number,
      outputSize: dims[1] as number,
      weight: tensorFloats(wt),
      bias: tensorFloats(bt),
      activation: mlpNodes[i + 2]?.opType === 'Relu' ? 'relu' : 'linear',
    });
  }
  const model: ModelWeights = { layers };
  const rankIndex = init.get(PRIOR_NAMES.rankIndex);
  if (rankIndex) {
    const need = (name: string) => {
      const t = init.get(name);
      if (!t) throw new Error(`missing initializer ${name}`);
      return t;
    };
    model.prior = {
      rankFeature: int64s(rankIndex)[0] as number,
      rankWeight: -(tensorFloats(need(PRIOR_NAMES.rankWeight))[0] as number),
      historyFeature: int64s(need(PRIOR_NAMES.historyIndex))[0] as number,
      gateScale: tensorFloats(need(PRIOR_NAMES.gateScale))[0] as number,
    };
  }
  const opset = Number(proto.opsetImport?.find((o) => !o.domain)?.version ?? 0);
  return {
    model,
    opset,
    inputName: graph.input?.[0]?.name ?? '',
    outputName: graph.output?.[0]?.name ?? '',
    metadata: Object.fromEntries(
      (proto.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? '']),
    ),
  };
}
