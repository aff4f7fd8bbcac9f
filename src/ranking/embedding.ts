/**
 * The one owner of the pin-embedding wire format (`Candidate.embedding`): base64 of EMBEDDING_DIM
 * int8 values, each the unit-norm vector's component × 127, rounded and clamped to ±127. The
 * server encodes with it (src/server/retrieval stores the same int8 codes in the index), the
 * browser and the trainer decode with it. Plain TypeScript (no atob, no Buffer) so it runs
 * unchanged in the browser, in a worker and in Node.
 */

/** Every embedding in the index and on the wire has this many dimensions. */
export const EMBEDDING_DIM = 32;
/** A unit vector's component v is sent as round(v × EMBEDDING_SCALE). */
export const EMBEDDING_SCALE = 127;

/** round(v × 127), clamped to [-127, 127] (never -128: the code stays symmetric). No normalization. */
export function quantizeInt8(v: ArrayLike<number>): Int8Array {
  const out = new Int8Array(v.length);
  for (let i = 0; i < v.length; i++) {
    out[i] = Math.max(
      -EMBEDDING_SCALE,
      Math.min(EMBEDDING_SCALE, Math.round((v[i] as number) * EMBEDDING_SCALE)),
    );
  }
  return out;
}

/** The int8 codes back as floats, code / 127. */
export function dequantizeInt8(q: Int8Array): Float32Array {
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) out[i] = (q[i] as number) / EMBEDDING_SCALE;
  return out;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Char code → 6-bit value; -1 for characters outside base64 (url-safe '-' and '_' accepted too). */
const DECODE_TABLE: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  table['-'.charCodeAt(0)] = 62;
  table['_'.charCodeAt(0)] = 63;
  return table;
})();

/** Decodes standard or url-safe base64, padded or not. Throws on any other character. */
export function base64ToBytes(b64: string): Uint8Array {
  let end = b64.length;
  while (end > 0 && b64.charCodeAt(end - 1) === 61 /* '=' */) end--;
  if (end % 4 === 1) throw new Error('invalid base64: impossible length');
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const code = b64.charCodeAt(i);
    const value = code < 128 ? (DECODE_TABLE[code] as number) : -1;
    if (value < 0) throw new Error(`invalid base64 character at ${i}`);
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = i + 1 < bytes.length ? (bytes[i + 1] as number) : 0;
    const c = i + 2 < bytes.length ? (bytes[i + 2] as number) : 0;
    const n = (a << 16) | (b << 8) | c;
    out += ALPHABET[(n >> 18) & 63];
    out += ALPHABET[(n >> 12) & 63];
    out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? ALPHABET[n & 63] : '=';
  }
  return out;
}

/** The int8 codes as base64 (two's complement bytes): the wire form of `Candidate.embedding`. */
export function int8ToBase64(q: Int8Array): string {
  return bytesToBase64(new Uint8Array(q.buffer, q.byteOffset, q.byteLength));
}

/** base64 → the int8 codes, whatever their number. Throws on malformed base64. */
export function base64ToInt8(b64: string): Int8Array {
  const bytes = base64ToBytes(b64);
  return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** base64 int8 → Float32Array of value / 127, whatever its length. Throws on malformed base64. */
export function decodeEmbedding(b64: string): Float32Array {
  return dequantizeInt8(base64ToInt8(b64));
}

/** Like decodeEmbedding, but null for null, malformed or wrong-length input: features treat it as missing. */
export function tryDecodeEmbedding(b64: string | null | undefined): Float32Array | null {
  if (!b64) return null;
  try {
    const v = decodeEmbedding(b64);
    return v.length === EMBEDDING_DIM ? v : null;
  } catch {
    return null;
  }
}

/**
 * The hot-path decoder: base64 int8 straight into `out` (length EMBEDDING_DIM) as the raw integer
 * components, no allocation. Returns 1 / |raw| (so raw × that is the unit vector), or 0 for null,
 * malformed, wrong-length or zero input (then `out` is undefined). Full quads of base64 are
 * decoded four characters at a time: this runs for every candidate of every page.
 */
export function decodeRawEmbeddingInto(
  b64: string | null | undefined,
  out: Float32Array | Float64Array,
): number {
  if (!b64) return 0;
  let end = b64.length;
  while (end > 0 && b64.charCodeAt(end - 1) === 61 /* '=' */) end--;
  if (Math.floor((end * 3) / 4) !== out.length) return 0;
  let o = 0;
  let norm = 0;
  const quads = end - (end % 4);
  for (let i = 0; i < quads; i += 4) {
    const c0 = b64.charCodeAt(i);
    const c1 = b64.charCodeAt(i + 1);
    const c2 = b64.charCodeAt(i + 2);
    const c3 = b64.charCodeAt(i + 3);
    // Characters outside base64 (table value -1, or beyond ASCII) make the whole embedding invalid.
    const v0 = c0 < 128 ? (DECODE_TABLE[c0] as number) : -1;
    const v1 = c1 < 128 ? (DECODE_TABLE[c1] as number) : -1;
    const v2 = c2 < 128 ? (DECODE_TABLE[c2] as number) : -1;
    const v3 = c3 < 128 ? (DECODE_TABLE[c3] as number) : -1;
    if ((v0 | v1 | v2 | v3) < 0) return 0;
    const n = (v0 << 18) | (v1 << 12) | (v2 << 6) | v3;
    // Sign-extend each byte: int8 two's complement.
    const b0 = (n << 8) >> 24;
    const b1 = (n << 16) >> 24;
    const b2 = (n << 24) >> 24;
    out[o] = b0;
    out[o + 1] = b1;
    out[o + 2] = b2;
    o += 3;
    norm += b0 * b0 + b1 * b1 + b2 * b2;
  }
  // The tail (1–3 characters after the last full quad: 0–2 bytes).
  let buffer = 0;
  let bits = 0;
  for (let i = quads; i < end; i++) {
    const code = b64.charCodeAt(i);
    const value = code < 128 ? (DECODE_TABLE[code] as number) : -1;
    if (value < 0) return 0;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      const byte = (buffer >> bits) & 0xff;
      const v = byte > 127 ? byte - 256 : byte;
      out[o++] = v;
      norm += v * v;
    }
  }
  if (o !== out.length || norm === 0) return 0;
  return 1 / Math.sqrt(norm);
}

/**
 * Like decodeRawEmbeddingInto, but leaves the unit vector in `out`. False (and `out` undefined)
 * for null, malformed, wrong-length or zero input.
 */
export function decodeUnitEmbeddingInto(
  b64: string | null | undefined,
  out: Float32Array | Float64Array,
): boolean {
  const inv = decodeRawEmbeddingInto(b64, out);
  if (inv === 0) return false;
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) * inv;
  return true;
}

/**
 * Normalizes a vector, then quantizes it to the wire format (the zero vector encodes as zeros).
 * Used by tests, personas and the simulator; the server quantizes its stored unit vectors with
 * quantizeInt8 and sends them with int8ToBase64, the same two steps.
 */
export function encodeEmbedding(vector: ArrayLike<number>): string {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += (vector[i] as number) ** 2;
  norm = Math.sqrt(norm) || 1;
  const unit = new Float64Array(vector.length);
  for (let i = 0; i < vector.length; i++) unit[i] = (vector[i] as number) / norm;
  return int8ToBase64(quantizeInt8(unit));
}

/** Cosine similarity; 0 when either vector is all zeros or the lengths differ. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  if (na === 0 || nb === 0) return 0;
  return dot / Math.sqrt(na * nb);
}

/** A unit-length copy; null for a zero vector. */
export function normalized(v: ArrayLike<number>): Float32Array | null {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += (v[i] as number) ** 2;
  if (norm === 0) return null;
  const inv = 1 / Math.sqrt(norm);
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = (v[i] as number) * inv;
  return out;
}
