/** Ranked matches of a query (engine/understood-search.ts): their order, and how they are kept between calls. */

/** A ranked match: what a page is cut from before its pins are read. */
export interface RankedMatch {
  rowid: number;
  lexical: number;
  weight: number;
  tier: number;
  score: number;
}

/** Tier first, then score, then rowid (stable within one index file, so pages never overlap). */
export const byRank = (a: RankedMatch, b: RankedMatch): number =>
  a.tier - b.tier || b.score - a.score || a.rowid - b.rowid;

/**
 * A ranking as it is kept between calls: typed arrays rather than an object per match, so a
 * few rankings held for the next page cost the garbage collector nothing to trace (as objects,
 * thousands of them outlived every young-generation collection and were copied each time).
 */
export interface Ranking {
  length: number;
  rowid: Int32Array;
  lexical: Float64Array;
  weight: Float64Array;
  score: Float64Array;
}

export function packRanking(matches: readonly RankedMatch[]): Ranking {
  const n = matches.length;
  const r: Ranking = {
    length: n,
    rowid: new Int32Array(n),
    lexical: new Float64Array(n),
    weight: new Float64Array(n),
    score: new Float64Array(n),
  };
  matches.forEach((m, i) => {
    r.rowid[i] = m.rowid;
    r.lexical[i] = m.lexical;
    r.weight[i] = m.weight;
    r.score[i] = m.score;
  });
  return r;
}
