import { describe, expect, it } from 'vitest';
import { fuseRankings } from './rank-fusion';

const cosines: Record<number, number> = { 1: 0.2, 2: 0.9, 3: 0.5, 4: 0.95, 5: 0.1 };
const cosineOf = (rowid: number) => cosines[rowid]!;
const lexical = [
  { rowid: 1, score: 10 },
  { rowid: 2, score: 8 },
  { rowid: 3, score: 2 },
];

describe('fuseRankings', () => {
  it('blend: α · lexical / max + (1 − α) · cosine', () => {
    const fused = fuseRankings({ lexical, semantic: [4, 2], cosineOf, method: { kind: 'blend', alpha: 0.7 } });
    expect(fused.map((c) => [c.rowid, Number(c.score.toFixed(6))])).toEqual([
      [2, 0.83], // 0.7 · 0.8 + 0.3 · 0.9
      [1, 0.76], // 0.7 · 1 + 0.3 · 0.2
      [4, 0.285], // semantic only: 0.3 · 0.95
      [3, 0.29 - 0.0], // 0.7 · 0.2 + 0.3 · 0.5 = 0.29
    ].sort((a, b) => b[1]! - a[1]!));
    expect(fused.find((c) => c.rowid === 4)).toMatchObject({ lexicalRank: null, semanticRank: 1, cosine: 0.95 });
    expect(fused.find((c) => c.rowid === 1)).toMatchObject({ lexicalRank: 1, semanticRank: 4 });
  });

  it('blend: a strong lexical match stays above every pin found only by meaning', () => {
    const fused = fuseRankings({ lexical: [{ rowid: 5, score: 1 }], semantic: [4], cosineOf, method: { kind: 'blend', alpha: 0.7 } });
    expect(fused.map((c) => c.rowid)).toEqual([5, 4]); // 0.7 + 0.03 vs 0.285
  });

  it('rrf: w_lex / (k + lexical rank) + w_sem / (k + semantic rank)', () => {
    const fused = fuseRankings({ lexical, semantic: [4], cosineOf, method: { kind: 'rrf', lexical: 1, semantic: 1, k: 60 } });
    const expected: Record<number, number> = {
      1: 1 / 61 + 1 / 64, // lexical 1, semantic 4 (0.2)
      2: 1 / 62 + 1 / 62, // lexical 2, semantic 2 (0.9)
      3: 1 / 63 + 1 / 63, // lexical 3, semantic 3 (0.5)
      4: 1 / 61, // semantic only, rank 1 (0.95)
    };
    expect(fused.map((c) => c.rowid)).toEqual([2, 1, 3, 4]);
    for (const c of fused) expect(c.score).toBeCloseTo(expected[c.rowid]!, 12);
  });

  it('counts a pin once when both legs find it, and breaks ties by lexical rank', () => {
    const fused = fuseRankings({
      lexical: [
        { rowid: 3, score: 1 },
        { rowid: 1, score: 1 },
      ],
      semantic: [1, 3, 1],
      cosineOf: () => 0.5,
      method: { kind: 'blend', alpha: 0.5 },
    });
    expect(fused.map((c) => c.rowid)).toEqual([3, 1]);
  });

  it('handles no candidates', () => {
    expect(fuseRankings({ lexical: [], semantic: [], cosineOf })).toEqual([]);
  });
});
