import { describe, expect, it } from 'vitest';
import { encodeQuery } from './query-encoder';

const words = new Map([
  ['cat', Float32Array.from([1, 0])],
  ['dog', Float32Array.from([0, 1])],
]);

describe('encodeQuery', () => {
  it('is the normalized mean of the known words’ vectors; unknown words are skipped', () => {
    const q = encodeQuery('Cats and dogs, zebras', words)!;
    expect(q.known).toEqual(['cat', 'dog']);
    expect(Array.from(q.vector)).toEqual([Math.fround(Math.SQRT1_2), Math.fround(Math.SQRT1_2)]);
  });

  it('has no vector when no word is known', () => {
    expect(encodeQuery('zebra', words)).toBeNull();
    expect(encodeQuery('', words)).toBeNull();
  });
});
