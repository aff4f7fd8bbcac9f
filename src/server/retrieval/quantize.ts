/**
 * Server-only vector math and SQLite BLOB encodings. The int8 code and its base64 wire form
 * (`Candidate.embedding`) belong to src/ranking/embedding.ts, shared with the browser: the index
 * stores quantizeInt8 codes and the engine sends them with int8ToBase64 from there.
 */

/** v / ‖v‖ as float32, or null for the zero vector (it has no direction). */
export function normalizeVector(v: ArrayLike<number>): Float32Array | null {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += v[i]! ** 2;
  if (!(norm > 0)) return null;
  const inv = 1 / Math.sqrt(norm);
  return Float32Array.from({ length: v.length }, (_, i) => v[i]! * inv);
}

/** Raw bytes of a typed array as a Buffer view (SQLite BLOB), no copy. */
export const blobOf = (v: Int8Array | Float32Array): Buffer =>
  Buffer.from(v.buffer, v.byteOffset, v.byteLength);

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
export function cosineInt8(
  query: Float32Array,
  code: Int8Array,
  offset = 0,
  dim = query.length,
): number {
  let dot = 0;
  let norm = 0;
  for (let i = 0; i < dim; i++) {
    const c = code[offset + i]!;
    dot += query[i]! * c;
    norm += c * c;
  }
  return norm > 0 ? dot / Math.sqrt(norm) : 0;
}
