/**
 * Fusion of the lexical and semantic candidate lists into one ranking. Two methods:
 *
 * - `blend` (shipped): score = α · lexical / max lexical + (1 − α) · cosine. The lexical score is
 *   the engine's own (BM25 × tier weight × popularity prior), scaled so the query's best lexical
 *   match is 1; a pin the lexical leg did not find has 0 there. A strong lexical match (title or
 *   tag) therefore stays above every semantic-only pin, while weak ones (a word in a description,
 *   a distant WordNet expansion) give way to pins that are close in meaning.
 * - `rrf`: weighted reciprocal rank fusion (Cormack, Clarke & Büttcher 2009),
 *   score = w_lex / (k + lexical rank) + w_sem / (k + semantic rank), ranks from 1, a list the
 *   pin is absent from adding nothing. Kept for comparison in bench/retrieval-eval.ts.
 *
 * The semantic side covers every candidate (exact cosine), so lexical matches are judged by
 * meaning too, not only the pins the nearest-neighbour search returned.
 */

export const RRF_K = 60;

export type FusionMethod = { kind: 'blend'; alpha: number } | { kind: 'rrf'; lexical: number; semantic: number; k?: number };

/** Chosen on bench/retrieval-eval.ts (see src/server/retrieval/README.md). */
export const DEFAULT_FUSION: FusionMethod = { kind: 'blend', alpha: 0.7 };

export interface FusedCandidate {
  rowid: number;
  score: number;
  /** 1-based rank in the lexical list, null when not a lexical match. */
  lexicalRank: number | null;
  /** 1-based rank by cosine among all candidates. */
  semanticRank: number;
  cosine: number;
}

export interface FuseInput {
  /** Lexical matches, best first, with the lexical engine's score (higher is better). */
  lexical: readonly { rowid: number; score: number }[];
  /** Pins the semantic leg adds (may overlap `lexical`). */
  semantic: readonly number[];
  /** Cosine of each candidate with the query. */
  cosineOf: (rowid: number) => number;
  method?: FusionMethod;
}

export function fuseRankings({ lexical, semantic, cosineOf, method = DEFAULT_FUSION }: FuseInput): FusedCandidate[] {
  const lexicalRank = new Map<number, number>();
  const lexicalScore = new Map<number, number>();
  let maxLexical = 0;
  lexical.forEach(({ rowid, score }, i) => {
    if (lexicalRank.has(rowid)) return;
    lexicalRank.set(rowid, i + 1);
    lexicalScore.set(rowid, score);
    maxLexical = Math.max(maxLexical, score);
  });
  const seen = new Set(lexicalRank.keys());
  const ids = [...seen];
  for (const rowid of semantic) {
    if (seen.has(rowid)) continue;
    seen.add(rowid);
    ids.push(rowid);
  }
  const cos = new Map(ids.map((rowid) => [rowid, cosineOf(rowid)]));
  const bySemantic = [...ids].sort((a, b) => cos.get(b)! - cos.get(a)! || a - b);
  const semanticRank = new Map(bySemantic.map((rowid, i) => [rowid, i + 1]));

  const fusedScore = (rowid: number, lr: number | null, sr: number): number => {
    if (method.kind === 'blend') {
      const lex = lr === null || maxLexical <= 0 ? 0 : lexicalScore.get(rowid)! / maxLexical;
      return method.alpha * lex + (1 - method.alpha) * cos.get(rowid)!;
    }
    const k = method.k ?? RRF_K;
    return (lr === null ? 0 : method.lexical / (k + lr)) + method.semantic / (k + sr);
  };
  const fused = ids.map((rowid): FusedCandidate => {
    const lr = lexicalRank.get(rowid) ?? null;
    const sr = semanticRank.get(rowid)!;
    return { rowid, score: fusedScore(rowid, lr, sr), lexicalRank: lr, semanticRank: sr, cosine: cos.get(rowid)! };
  });
  const lexicalOrder = (c: FusedCandidate) => c.lexicalRank ?? Number.POSITIVE_INFINITY;
  return fused.sort((a, b) => b.score - a.score || lexicalOrder(a) - lexicalOrder(b) || a.semanticRank - b.semanticRank);
}
