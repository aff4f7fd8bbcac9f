import { describe, expect, it } from 'vitest';
import { seededRandom } from '@/lib/random/seeded-random';
import { dotRows } from './dot-kernel';
import { EMBEDDING_DIM } from './embedding';

describe('dotRows', () => {
  it('is the dot product of the vector with each row', () => {
    const random = seededRandom(5);
    const rows = 7;
    const a = Float64Array.from({ length: EMBEDDING_DIM }, () => random() * 2 - 1);
    const b = Float64Array.from({ length: rows * EMBEDDING_DIM }, () => random() * 2 - 1);
    const out = new Float64Array(rows + 1).fill(-7);
    dotRows(a, b, rows, out);
    for (let j = 0; j < rows; j++) {
      let expected = 0;
      for (let i = 0; i < EMBEDDING_DIM; i++) expected += a[i]! * b[j * EMBEDDING_DIM + i]!;
      expect(out[j]).toBeCloseTo(expected, 12);
    }
    // Only `rows` outputs are written.
    expect(out[rows]).toBe(-7);
  });

  it('reads each component in its place (one-hot rows pick single components)', () => {
    const a = Float64Array.from({ length: EMBEDDING_DIM }, (_, i) => i + 1);
    const b = new Float64Array(EMBEDDING_DIM * EMBEDDING_DIM);
    for (let j = 0; j < EMBEDDING_DIM; j++) b[j * EMBEDDING_DIM + j] = 1;
    const out = new Float64Array(EMBEDDING_DIM);
    dotRows(a, b, EMBEDDING_DIM, out);
    expect(Array.from(out)).toEqual(Array.from(a));
  });
});
