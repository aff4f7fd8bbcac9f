import { describe, expect, it } from 'vitest';
import type { Impression } from '../simulate/impressions';
import { labelsFor } from './dataset';

describe('labelsFor', () => {
  it('ranks save > long click > short click > nothing > hide', () => {
    const imp: Impression = {
      user: 'u',
      at: 0,
      query: 'q',
      items: ['a', 'b', 'c', 'd', 'e'].map((id) => ({
        id,
        serverScore: 1,
        lexicalScore: 1,
        semanticScore: 0,
      })),
      clicked: [0, 1, 3],
      saved: [3],
      hidden: [4],
      dwellMs: [60_000, 15_000, 1000],
    };
    expect(Array.from(labelsFor(imp))).toEqual([2, 1.5, 0, 3, -1]);
    expect(Array.from(labelsFor({ ...imp, dwellMs: undefined }))).toEqual([1, 1, 0, 3, -1]);
  });
});
