/**
 * Vector encodings shared by the build, the engine and the wire format: unit vectors are
 * quantized to int8 as round(v × 127) (reranker brief: `Candidate.embedding` is base64 of
 * the 32 int8 values; decode v[i] / 127).
 */

/** Every embedding in the index has this many dimensions. */
export const EMBEDDING_DIM = 32;
export const INT8_SCALE = 127;

/** v / ‖v‖ as float32, or null for the zero vector (it has no direction). */
export function normalizeVector(v: ArrayLike<number>): Float32Array | null {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += v[i]! ** 2;
  if (!(norm > 0)) return null;
  const inv = 1 / Math.sqrt(norm);
  return Float32Array.from({ length: v.length }, (_, i) => v[i]! * inv);
}

/** round(v × 127), clamped to [-127, 127] (never -128: the code stays symmetric). */
export function quantizeInt8(v: ArrayLike<number>): Int8Array {
  return Int8Array.from({ length: v.length }, (_, i) =>
    Math.max(-INT8_SCALE, Math.min(INT8_SCALE, Math.round(v[i]! * INT8_SCALE))),
  );
}

export function dequantizeInt8(q: Int8Array): Float32Array {
  return Float32Array.from(q, (x) => x / INT8_SCALE);
}

/** The int8 bytes as base64 (Candidate.embedding). */
export const int8ToBase64 = (q: Int8Array): string => Buffer.from(q.buffer, q.byteOffset, q.byteLength).toString('base64');

/** Raw bytes of a typed array as a Buffer view (SQLite BLOB), no copy. */
export const blobOf = (v: Int8Array | Float32Array): Buffer => Buffer.from(v.buffer, v.byteOffset, v.byteLength);

/** A float32 BLOB back as a Float32Array (copied: SQLite's buffer may be unaligned). */
export function float32FromBlob(blob: Uint8Array): Float32Array {
  const out = new Float32Array(blob.byteLength / 4);
  new Uint8Array(out.buffer).set(blob);
  return out;
}

export function int8FromBlob(blob: Uint8Array): Int8Array {
  return new Int8Array(Uint8Array.from(blob).buffer);
}

/** Cosine of a unit float query with an int8 code (both taken as directions). */
export function cosineInt8(query: Float32Array, code: Int8Array, offset = 0, dim = query.length): number {
  let dot = 0;
  let norm = 0;
  for (let i = 0; i < dim; i++) {
    const c = code[offset + i]!;
    dot += query[i]! * c;
    norm += c * c;
  }
  return norm > 0 ? dot / Math.sqrt(norm) : 0;
}
