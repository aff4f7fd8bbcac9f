import { describe, expect, it } from 'vitest';
import {
  base64ToBytes,
  base64ToInt8,
  bytesToBase64,
  cosine,
  decodeEmbedding,
  decodeRawEmbeddingInto,
  decodeUnitEmbeddingInto,
  dequantizeInt8,
  EMBEDDING_DIM,
  EMBEDDING_SCALE,
  encodeEmbedding,
  int8ToBase64,
  normalized,
  quantizeInt8,
  tryDecodeEmbedding,
} from './embedding';

describe('base64', () => {
  it('decodes standard base64 with padding', () => {
    expect(Array.from(base64ToBytes('AQL/'))).toEqual([1, 2, 255]);
    expect(Array.from(base64ToBytes('AQI='))).toEqual([1, 2]);
    expect(Array.from(base64ToBytes('AQ=='))).toEqual([1]);
  });

  it('accepts url-safe characters and missing padding', () => {
    expect(Array.from(base64ToBytes('-_8'))).toEqual([251, 255]);
    expect(Array.from(base64ToBytes('AQI'))).toEqual([1, 2]);
  });

  it('rejects characters outside the alphabet and impossible lengths', () => {
    expect(() => base64ToBytes('AQ*=')).toThrow('invalid base64 character at 2');
    expect(() => base64ToBytes('A')).toThrow('impossible length');
  });

  it('round-trips every byte value', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(bytesToBase64(bytes.subarray(0, 3))).toBe('AAEC');
    expect(Array.from(base64ToBytes(bytesToBase64(bytes)))).toEqual(Array.from(bytes));
  });
});

describe('decodeEmbedding', () => {
  it('reads int8 values and divides by 127', () => {
    // bytes 1, 2, 255 → int8 1, 2, -1
    expect(Array.from(decodeEmbedding('AQL/'))).toEqual(
      [1 / 127, 2 / 127, -1 / 127].map(Math.fround),
    );
    // 0x7f = 127 → 1, 0x81 = -127 → -1
    expect(Array.from(decodeEmbedding(bytesToBase64(Uint8Array.of(0x7f, 0x81))))).toEqual([1, -1]);
  });

  it('tryDecodeEmbedding gives null for null, malformed or wrong-length input', () => {
    expect(tryDecodeEmbedding(null)).toBeNull();
    expect(tryDecodeEmbedding('')).toBeNull();
    expect(tryDecodeEmbedding('***')).toBeNull();
    expect(tryDecodeEmbedding('AQL/')).toBeNull();
    expect(tryDecodeEmbedding(bytesToBase64(new Uint8Array(EMBEDDING_DIM)))?.length).toBe(
      EMBEDDING_DIM,
    );
  });
});

describe('decodeUnitEmbeddingInto', () => {
  it('decodes into the given array scaled to unit length', () => {
    const out = new Float32Array(2);
    expect(decodeUnitEmbeddingInto(bytesToBase64(Uint8Array.of(3, 256 - 4)), out)).toBe(true);
    expect(Array.from(out)).toEqual([0.6, -0.8].map(Math.fround));
  });

  it('refuses null, malformed, wrong-length and zero vectors', () => {
    const out = new Float32Array(2);
    expect(decodeUnitEmbeddingInto(null, out)).toBe(false);
    expect(decodeUnitEmbeddingInto('A*E=', out)).toBe(false);
    expect(decodeUnitEmbeddingInto('AQL/', out)).toBe(false);
    expect(decodeUnitEmbeddingInto('AAA=', out)).toBe(false);
  });
});

describe('decodeRawEmbeddingInto', () => {
  it('leaves the int8 components and returns 1 / their norm', () => {
    const out = new Float64Array(5);
    const bytes = Uint8Array.of(3, 256 - 4, 127, 256 - 128, 0);
    const inv = decodeRawEmbeddingInto(bytesToBase64(bytes), out);
    expect(Array.from(out)).toEqual([3, -4, 127, -128, 0]);
    expect(inv).toBeCloseTo(1 / Math.sqrt(9 + 16 + 127 ** 2 + 128 ** 2), 15);
  });

  it('decodes every length the same as the byte-wise decoder (full quads and the tail)', () => {
    for (let n = 1; n <= 9; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 53 + 7) & 0xff);
      const out = new Float64Array(n);
      expect(decodeRawEmbeddingInto(bytesToBase64(bytes), out)).toBeGreaterThan(0);
      expect(Array.from(out)).toEqual(Array.from(bytes, (b) => (b > 127 ? b - 256 : b)));
    }
  });

  it('returns 0 for null, malformed (also beyond ASCII), wrong-length and zero vectors', () => {
    const out = new Float64Array(3);
    expect(decodeRawEmbeddingInto(null, out)).toBe(0);
    expect(decodeRawEmbeddingInto('AQ*D', out)).toBe(0);
    expect(decodeRawEmbeddingInto('AQ\u00e9D', out)).toBe(0);
    expect(decodeRawEmbeddingInto('AQID', new Float64Array(2))).toBe(0);
    expect(decodeRawEmbeddingInto('AAAA', out)).toBe(0);
  });
});

describe('encodeEmbedding', () => {
  it('normalizes then quantizes to round(v × 127)', () => {
    // (3, 4) / 5 = (0.6, 0.8) → (76.2, 101.6) → (76, 102)
    expect(Array.from(base64ToBytes(encodeEmbedding([3, 4])))).toEqual([76, 102]);
    expect(Array.from(base64ToBytes(encodeEmbedding([0, -2])))).toEqual([0, 256 - 127]);
  });
});

describe('cosine', () => {
  it('is the normalized dot product, and 0 for zero vectors or mismatched lengths', () => {
    expect(cosine([1, 0], [0, 1])).toBe(0);
    expect(cosine([1, 2], [2, 4])).toBeCloseTo(1, 12);
    expect(cosine([1, 0], [-1, 0])).toBe(-1);
    expect(cosine([1, 1], [1, 0])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(cosine([0, 0], [1, 0])).toBe(0);
    expect(cosine([1, 0], [1, 0, 0])).toBe(0);
  });

  it('normalized scales to unit length, null for zero', () => {
    expect(Array.from(normalized([3, 4]) ?? [])).toEqual([0.6, 0.8].map(Math.fround));
    expect(normalized([0, 0])).toBeNull();
  });
});

describe('int8 codes', () => {
  it('quantizeInt8 rounds v × 127 and clamps to ±127 (never -128)', () => {
    expect(Array.from(quantizeInt8([0.6, -0.8, 1.5, -2, 0.002, -0.004]))).toEqual([
      76, -102, 127, -127, 0, -1,
    ]);
  });

  it('dequantizeInt8 decodes as code / 127', () => {
    expect(Array.from(dequantizeInt8(Int8Array.from([127, -127, 0])))).toEqual([1, -1, 0]);
  });

  it('int8ToBase64 writes the two’s complement bytes, also of a subarray', () => {
    expect(int8ToBase64(Int8Array.from([1, -1, 127]))).toBe('Af9/');
    expect(int8ToBase64(Int8Array.from([9, 1, -1, 127]).subarray(1))).toBe('Af9/');
  });
});

/** The server's path (quantizeInt8 → int8ToBase64) against the browser's decoders. */
describe('wire format round trip', () => {
  // Deterministic, spread over [-1, 1] in every component (no PRNG needed).
  const unitVectors = Array.from({ length: 50 }, (_, j) =>
    normalized(Array.from({ length: EMBEDDING_DIM }, (_, i) => Math.sin(j * 7.3 + i * 1.9)))!,
  );

  it('float → int8 → base64 → float stays within 1/127 per component', () => {
    for (const v of unitVectors) {
      const wire = int8ToBase64(quantizeInt8(v));
      expect(wire).toHaveLength(44);
      const decoded = decodeEmbedding(wire);
      expect(decoded).toHaveLength(EMBEDDING_DIM);
      for (let i = 0; i < EMBEDDING_DIM; i++) {
        // Rounding alone is within 0.5 / 127; the bound the format promises is one step.
        expect(Math.abs(decoded[i]! - v[i]!)).toBeLessThanOrEqual(1 / EMBEDDING_SCALE);
      }
      expect(Array.from(tryDecodeEmbedding(wire)!)).toEqual(Array.from(decoded));
      const unit = new Float32Array(EMBEDDING_DIM);
      expect(decodeUnitEmbeddingInto(wire, unit)).toBe(true);
      expect(cosine(unit, v)).toBeGreaterThan(0.999);
    }
  });

  it('encodeEmbedding is normalize + quantizeInt8 + int8ToBase64', () => {
    const raw = Array.from({ length: EMBEDDING_DIM }, (_, i) => (i % 5) - 2.5);
    expect(encodeEmbedding(raw)).toBe(int8ToBase64(quantizeInt8(normalized(raw)!)));
    expect(encodeEmbedding(new Array<number>(EMBEDDING_DIM).fill(0))).toBe(
      int8ToBase64(new Int8Array(EMBEDDING_DIM)),
    );
  });

  it('round-trips every int8 code exactly, byte for byte', () => {
    const codes = Int8Array.from({ length: 256 }, (_, i) => i - 128);
    const wire = int8ToBase64(codes);
    expect(Array.from(base64ToInt8(wire))).toEqual(Array.from(codes));
    const raw = new Float64Array(256);
    expect(decodeRawEmbeddingInto(wire, raw)).toBeGreaterThan(0);
    expect(Array.from(raw)).toEqual(Array.from(codes));
    for (let n = 1; n <= EMBEDDING_DIM; n++) {
      const part = codes.subarray(100, 100 + n);
      expect(Array.from(base64ToInt8(int8ToBase64(part)))).toEqual(Array.from(part));
    }
  });

  it('rejects bad base64 and wrong lengths the same way on every decoder', () => {
    const good = int8ToBase64(quantizeInt8(unitVectors[0]!));
    const bad = `${good.slice(0, 10)}*${good.slice(11)}`;
    expect(() => base64ToInt8(bad)).toThrow('invalid base64 character at 10');
    expect(() => decodeEmbedding(bad)).toThrow('invalid base64 character at 10');
    expect(() => base64ToInt8('A')).toThrow('impossible length');
    expect(tryDecodeEmbedding(bad)).toBeNull();
    const out = new Float32Array(EMBEDDING_DIM);
    expect(decodeRawEmbeddingInto(bad, out)).toBe(0);
    expect(decodeUnitEmbeddingInto(bad, out)).toBe(false);
    // One int8 too few or too many: base64 decodes, but the embedding is not one.
    const short = int8ToBase64(new Int8Array(EMBEDDING_DIM - 1).fill(5));
    const long = int8ToBase64(new Int8Array(EMBEDDING_DIM + 1).fill(5));
    expect(base64ToInt8(short)).toHaveLength(EMBEDDING_DIM - 1);
    expect(decodeEmbedding(long)).toHaveLength(EMBEDDING_DIM + 1);
    for (const wrong of [short, long]) {
      expect(tryDecodeEmbedding(wrong)).toBeNull();
      expect(decodeRawEmbeddingInto(wrong, out)).toBe(0);
      expect(decodeUnitEmbeddingInto(wrong, out)).toBe(false);
    }
  });
});
