import { describe, expect, it } from 'vitest';
import {
  base64ToBytes,
  bytesToBase64,
  cosine,
  decodeEmbedding,
  decodeUnitEmbeddingInto,
  EMBEDDING_DIM,
  encodeEmbedding,
  normalized,
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
