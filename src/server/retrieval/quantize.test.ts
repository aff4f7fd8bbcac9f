import { describe, expect, it } from 'vitest';
import { dequantizeInt8, quantizeInt8 } from '@/ranking/embedding';
import { blobOf, cosineInt8, float32FromBlob, int8FromBlob, normalizeVector } from './quantize';

describe('int8 quantization of a normalized vector', () => {
  it('keeps a unit vector within 1 % of unit length', () => {
    const unit = normalizeVector([3, -1, 4, 1, -5, 9, 2, -6])!;
    const decoded = dequantizeInt8(quantizeInt8(unit));
    expect(Math.abs(Math.hypot(...decoded) - 1)).toBeLessThan(0.01);
  });
});

describe('normalizeVector', () => {
  it('scales to unit length; the zero vector has no direction', () => {
    expect(Array.from(normalizeVector([3, 4])!)).toEqual([Math.fround(0.6), Math.fround(0.8)]);
    expect(normalizeVector([0, 0])).toBeNull();
  });
});

describe('encodings', () => {
  it('round-trips BLOBs, including unaligned ones', () => {
    const f = Float32Array.from([0.5, -0.25]);
    const unaligned = new Uint8Array(9);
    unaligned.set(blobOf(f), 1);
    expect(Array.from(float32FromBlob(unaligned.subarray(1)))).toEqual([0.5, -0.25]);
    expect(Array.from(int8FromBlob(blobOf(Int8Array.from([-3, 4]))))).toEqual([-3, 4]);
  });

  it('cosineInt8 compares a unit query with a code as directions', () => {
    const q = Float32Array.from([1, 0]);
    expect(cosineInt8(q, Int8Array.from([50, 50]))).toBeCloseTo(Math.SQRT1_2, 12);
    expect(cosineInt8(q, Int8Array.from([0, 0, 0, 9]), 2)).toBe(0);
    expect(cosineInt8(q, Int8Array.from([0, 0]))).toBe(0);
  });
});
