import { describe, expect, it } from 'vitest';
import { refinementCacheKey } from './with-refinements';

describe('refinementCacheKey', () => {
  it('is one key per search: the same words and chips in any order or case share it', () => {
    expect(refinementCacheKey({ q: 'Red  Car', refine: ['b', 'a'] })).toBe(
      refinementCacheKey({ q: 'red car', refine: ['a', 'b', 'a'] }),
    );
  });

  it('keeps searches with other results apart: exact, and each pin type (their chips are mined from their own results)', () => {
    const keys = [
      refinementCacheKey({ q: 'chair', refine: [] }),
      refinementCacheKey({ q: 'chair', refine: [], exact: true }),
      refinementCacheKey({ q: 'chair', refine: [], type: 'product' }),
      refinementCacheKey({ q: 'chair', refine: [], type: 'video' }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });
});
