/**
 * The onnx-proto building blocks of every ONNX graph the project writes by hand: the image encoder
 * (keras-to-onnx.ts) and the reranker exports of src/ml, which import them from here (the server
 * never imports src/ml, so the one copy lives on this side). Tensors go into raw_data, little-endian
 * as ONNX requires; nothing here writes a timestamp, so the same graph always gives the same bytes.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export const ONNX_OPSET = 17;
/** IR version 8 is the newest onnx-proto 8 knows; it covers opset 17. */
export const ONNX_IR_VERSION = 8;

export function floatTensor(
  name: string,
  dims: number[],
  values: Float32Array,
): onnxProto.onnx.ITensorProto {
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return { name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: raw };
}

/** A one-dimensional int64 tensor (indices, shapes, axes). */
export function int64Tensor(name: string, values: number[]): onnxProto.onnx.ITensorProto {
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return { name, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, rawData: raw };
}

export const uint8Tensor = (
  name: string,
  dims: number[],
  values: Uint8Array,
): onnxProto.onnx.ITensorProto => ({
  name,
  dims,
  dataType: onnx.TensorProto.DataType.UINT8,
  rawData: values,
});

/** The float32 values of a tensor, from raw_data or float_data (what an exporter reads back). */
export function tensorFloats(t: onnxProto.onnx.ITensorProto): Float32Array {
  if (t.dataType !== onnx.TensorProto.DataType.FLOAT) throw new Error(`${t.name} is not float32`);
  const raw = t.rawData;
  if (!raw || raw.length === 0) return Float32Array.from(t.floatData ?? []);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  return Float32Array.from({ length: raw.byteLength / 4 }, (_, i) => view.getFloat32(i * 4, true));
}

export const intAttribute = (name: string, value: number): onnxProto.onnx.IAttributeProto => ({
  name,
  type: onnx.AttributeProto.AttributeType.INT,
  i: value,
});

export const intsAttribute = (name: string, values: number[]): onnxProto.onnx.IAttributeProto => ({
  name,
  type: onnx.AttributeProto.AttributeType.INTS,
  ints: values,
});

/** A float32 graph input or output; a string dimension is symbolic (the batch, 'N'). */
export const floatValueInfo = (
  name: string,
  dims: (number | string)[],
): onnxProto.onnx.IValueInfoProto => ({
  name,
  type: {
    tensorType: {
      elemType: onnx.TensorProto.DataType.FLOAT,
      shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
    },
  },
});

export interface OnnxModelOptions {
  producerName: string;
  producerVersion: string;
  docString?: string;
  metadata?: Record<string, string>;
}

/** The model file's bytes: the graph at ONNX_OPSET / ONNX_IR_VERSION, metadata in its key order. */
export function encodeOnnxModel(
  graph: onnxProto.onnx.IGraphProto,
  opts: OnnxModelOptions,
): Uint8Array {
  const proto = onnx.ModelProto.create({
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: opts.producerName,
    producerVersion: opts.producerVersion,
    docString: opts.docString ?? '',
    graph,
    metadataProps: Object.entries(opts.metadata ?? {}).map(([key, value]) => ({ key, value })),
  });
  return onnx.ModelProto.encode(proto).finish();
}
