/**
 * Hybrid retrieval as a wrapper around the lexical engine (FTS5 BM25 with query understanding):
 * semantic retrieval (query vector → nearest pin embeddings, semantic-leg.ts) fused with the
 * lexical ranking by weighted reciprocal rank fusion (rank-fusion.ts); related pins from
 * embeddings, tags and colour (semantic-related.ts). Every candidate carries its `embedding`
 * and, when the query has a vector, its cosine as `semanticScore`.
 *
 * Which pins take part, and what `total` means:
 * - The lexical ranking is read to FUSION_DEPTH. When that is all of it (lexical total ≤
 *   FUSION_DEPTH), the semantic leg adds its SEMANTIC_K nearest pins with cosine ≥
 *   MIN_SEMANTIC_COSINE that satisfy the refinements (words by FTS5, category/colour by the
 *   refine filter), and every candidate is ranked by fused score:
 *   `total` = lexical matches + pins only the semantic leg found. A typed search (`type=`) takes
 *   from the semantic leg only what tops a short list up to a page (typed-semantic.ts).
 * - For a broader query the semantic leg only reorders the lexical top FUSION_DEPTH; deeper
 *   pages follow lexical order and `total` is the lexical total. Pages never overlap either way.
 * - A query none of whose words has a vector is the lexical search, unchanged.
 * `serverScore` is the fused score; `lexicalScore` stays BM25 (0 for semantic-only pins).
 */
import type Database from 'better-sqlite3';
import type { Candidate, Pin } from '@/contract/api';
import { buildMatchExpression } from './fts-query';
import { createPinRowReader, rowToPin } from './pin-row';
import { DEFAULT_FUSION, fuseRankings, type FusionMethod } from './rank-fusion';
import type { RefineFilter } from './refine-filter';
import { createSemanticRelated, type VisualRelatedOptions } from './semantic-related';
import type { SemanticLeg } from './semantic-leg';
import { semanticOnlyToKeep } from './typed-semantic';
import type {
  LexicalEngine,
  LexicalMatch,
  LexicalRanking,
  SearchEngine,
  SearchParams,
  SearchResult,
} from './types';

/** Lexical matches read per query for fusion: all of them for all but the broadest queries. */
export const FUSION_DEPTH = 300;
/** Nearest pins asked of the HNSW index. */
export const SEMANTIC_K = 200;
/** Below this cosine a pin is not close enough in meaning to be added by the semantic leg. */
export const MIN_SEMANTIC_COSINE = 0.7;

export interface SemanticOptions {
  /**
   * false: the engine without its semantic leg — lexical search, tag-based related pins — for
   * baselines; candidates still carry their embedding and cosine.
   */
  semantic?: boolean;
  fusion?: FusionMethod;
}

export function withSemantic(
  engine: LexicalEngine,
  {
    db,
    leg,
    refineFilter,
    semantic = true,
    fusion = DEFAULT_FUSION,
    visualRelated = {},
  }: SemanticOptions & {
    db: Database.Database;
    leg: SemanticLeg;
    refineFilter: RefineFilter;
    /** Image similarity in related pins (semantic-related.ts); none when it has no `visual`. */
    visualRelated?: VisualRelatedOptions;
  },
): SearchEngine {
  const readRows = createPinRowReader(db);
  const matchingStmt = db
    .prepare<[string, string], number>(
      'SELECT rowid FROM pins_fts WHERE pins_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))',
    )
    .pluck();
  const related = createSemanticRelated(db, leg, visualRelated);

  const pinsByRowid = (rowids: readonly number[]): Map<number, Pin> =>
    new Map([...readRows(rowids)].map(([rowid, row]) => [rowid, rowToPin(row)]));

  /** Candidates for lexical matches, their pins read now (only a page's are ever read). */
  const lexicalItems = (matches: readonly LexicalMatch[]): Candidate[] => {
    const pins = pinsByRowid(matches.map((m) => m.rowid));
    return matches.flatMap((m): Candidate[] => {
      const pin = pins.get(m.rowid);
      return pin
        ? [
            {
              ...pin,
              serverScore: m.serverScore,
              lexicalScore: m.lexicalScore,
              semanticScore: 0,
              embedding: leg.embeddingOf(m.rowid),
            },
          ]
        : [];
    });
  };

  /** The semantic candidates that satisfy the refinements and the pin type, in their order. */
  const admit = (
    rowids: readonly number[],
    refine: readonly string[],
    type: SearchParams['type'],
  ): number[] => {
    const { terms, filter } = refineFilter.plan(refine, type);
    let kept = rowids.filter((r) => refineFilter.allows(r, filter));
    const match = terms.length > 0 ? buildMatchExpression({ q: '', refine: terms }) : null;
    if (match !== null && kept.length > 0) {
      const matching = new Set(matchingStmt.all(match, JSON.stringify(kept)));
      kept = kept.filter((r) => matching.has(r));
    }
    return kept;
  };

  const decorate = (item: Candidate, query: Float32Array | null): Candidate => {
    const rowid = leg.rowidOf(item.id);
    if (rowid === undefined) return item;
    return {
      ...item,
      embedding: leg.embeddingOf(rowid),
      semanticScore: query ? leg.cosine(query, rowid) : 0,
    };
  };

  return {
    ...engine,
    search(p) {
      const offset = Math.max(0, Math.floor(Number.isFinite(p.offset) ? p.offset : 0));
      const limit = Math.max(0, Math.floor(Number.isFinite(p.limit) ? p.limit : 0));
      if (!semantic) {
        const result = engine.search(p);
        const query = leg.encode(result.query.normalized);
        return { ...result, items: result.items.map((i) => decorate(i, query)) };
      }
      // Fusion ranks the lexical head by rowid and score; pins are read for the page alone.
      const head = engine.rankLexical({ ...p, offset: 0, limit: FUSION_DEPTH });
      const query = leg.encode(head.query.normalized);
      if (!query) {
        if (offset === 0 && limit <= FUSION_DEPTH) {
          const { matches, ...rest } = head;
          return { ...rest, refinements: [], items: lexicalItems(matches.slice(0, limit)) };
        }
        const result = engine.search(p);
        return { ...result, items: result.items.map((i) => decorate(i, null)) };
      }
      return fused(p, head, query, offset, limit);
    },

    related(p) {
      const rowid = leg.rowidOf(p.id);
      const ranked = rowid === undefined || !semantic ? null : related.rank(rowid);
      if (!ranked) {
        const result = engine.related(p);
        return result && { ...result, items: result.items.map((i) => decorate(i, null)) };
      }
      const page = ranked.slice(p.offset, p.offset + p.limit);
      const pins = pinsByRowid(page.map((c) => c.rowid));
      const items = page.flatMap((c): Candidate[] => {
        const pin = pins.get(c.rowid);
        return pin
          ? [
              {
                ...pin,
                serverScore: c.score,
                lexicalScore: 0,
                semanticScore: c.cosine,
                embedding: leg.embeddingOf(c.rowid),
              },
            ]
          : [];
      });
      return { items, total: ranked.length };
    },
  };

  function fused(
    p: SearchParams,
    head: LexicalRanking,
    query: Float32Array,
    offset: number,
    limit: number,
  ): SearchResult {
    const { matches: lexical, ...understood } = head;
    const complete = head.total <= lexical.length;
    const admitted = complete
      ? admit(
          leg
            .nearest(query, SEMANTIC_K)
            .filter((n) => n.cosine >= MIN_SEMANTIC_COSINE)
            .map((n) => n.rowid),
          p.refine,
          p.type,
        )
      : [];
    let semanticIds = admitted;
    if (p.type !== undefined) {
      // A typed search keeps its word matches; the semantic leg only tops a short list up.
      const lexicalIds = new Set(lexical.map((l) => l.rowid));
      semanticIds = semanticOnlyToKeep(
        lexical.map((l) => leg.cosine(query, l.rowid)),
        admitted
          .filter((rowid) => !lexicalIds.has(rowid))
          .map((rowid) => ({ rowid, cosine: leg.cosine(query, rowid) })),
      ).map((c) => c.rowid);
    }
    const ranking = fuseRankings({
      lexical: lexical.map((l) => ({ rowid: l.rowid, score: l.serverScore })),
      semantic: semanticIds,
      cosineOf: (rowid) => leg.cosine(query, rowid),
      method: fusion,
    });
    const lexicalScores = new Map(lexical.map((l) => [l.rowid, l.lexicalScore]));
    const page = ranking.slice(offset, offset + limit);
    const pins = pinsByRowid(page.map((c) => c.rowid));
    const items: Candidate[] = [];
    for (const c of page) {
      const pin = pins.get(c.rowid);
      if (!pin) continue;
      items.push({
        ...pin,
        serverScore: c.score,
        lexicalScore: lexicalScores.get(c.rowid) ?? 0,
        semanticScore: c.cosine,
        embedding: leg.embeddingOf(c.rowid),
      });
    }
    // Past the fused head of a broad query: lexical order. Scores are capped at the head's
    // lowest so that serverScore never rises from one page to the next.
    const tailStart = Math.max(offset, ranking.length);
    const tailCount = offset + limit - tailStart;
    if (!complete && tailCount > 0 && tailStart < head.total) {
      const floor = ranking[ranking.length - 1]?.score ?? 0;
      const tail = engine.search({ ...p, offset: tailStart, limit: tailCount });
      for (const item of tail.items) items.push({ ...decorate(item, query), serverScore: floor });
    }
    return {
      ...understood,
      refinements: [],
      items,
      total: complete ? ranking.length : head.total,
      relatedSearches: offset === 0 ? head.relatedSearches : [],
    };
  }
}
