/**
 * The embedded search engine: the immutable SQLite artifact built by `npm run index`,
 * opened read-only, every query a prepared statement.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Candidate, UnderstoodQuery } from '@/contract/api';
import { hexToRgb } from '@/ranking/color';
import { displayText } from '@/server/query/normalize';
import { buildMatchExpression } from './fts-query';
import { FTS5_SYNTAX } from './fts-match';
import { pinColumnsFor, rowToPin, type PinRow } from './pin-row';
import { BM25_WEIGHTS, FTS_COLUMNS, INDEX_VERSION, META_KEYS, indexPath } from './schema';
import type { EngineInfo, LexicalEngine, SearchEngine, SearchParams } from './types';
import { createRefineFilter, withRefineFilter } from './refine-filter';
import type { FusionMethod } from './rank-fusion';
import { openSemanticLeg } from './semantic-leg';
import { createUnderstoodSearch } from './understood-search';
import { withSemantic } from './with-semantic';
import type { VisualSearch } from '@/server/visual/visual-search';

/**
 * serverScore = lexical × (1 + POPULARITY_BOOST × popularity): a multiplicative blend, so the
 * prior can lift a pin by at most 15 % over an equally relevant one whatever the BM25 scale.
 */
export const POPULARITY_BOOST = 0.15;
/** Engine-level guard only; HTTP validates pages to MAX_PAGE_SIZE. Offline callers may ask for more. */
export const MAX_ENGINE_LIMIT = 1000;
/** OFFSET beyond this is pointless on a corpus this size and would make SQLite walk far. */
export const MAX_ENGINE_OFFSET = 1_000_000;

const BM25_ARGS = FTS_COLUMNS.map((c) => BM25_WEIGHTS[c].toFixed(1)).join(', ');

interface ScoredRow extends PinRow {
  lexical: number;
  score: number;
}

interface RelatedRow extends PinRow {
  shared: number;
}

function clampInt(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

/**
 * `queryUnderstanding: false` searches the words exactly as typed (no correction, spelling
 * variants or synonyms): the baseline the query-understanding benchmark compares against.
 */
export interface OpenEngineOptions {
  dataDir: string;
  queryUnderstanding?: boolean;
  /** false: read every query as English (no lexicon): the baseline of bench/cross-lingual.ts. */
  crossLingual?: boolean;
  /** false: lexical ranking only, the baseline bench/retrieval-eval.ts compares fusion with. */
  semantic?: boolean;
  /** How lexical and semantic candidates are fused (rank-fusion.ts); for bench/retrieval-eval.ts. */
  fusion?: FusionMethod;
  /** Matches ranked per query at most (understood-search.ts RANK_WINDOW); tests set a small one. */
  rankWindow?: number;
  /** understood-search.ts FLAT_RANKING_POSTINGS; tests set 0. */
  flatRankingPostings?: number;
  /** understood-search.ts HEAD_RANKING_POSTINGS; tests set a small one. */
  headRankingPostings?: number;
  /**
   * The index's image embeddings (src/server/visual/visual-search.ts, loaded once by the
   * service, which also serves visual search from them): related pins blend in image similarity.
   */
  visual?: VisualSearch | null;
  /** semantic-related.ts RELATED_VISUAL_WEIGHT unless given; bench/related-visual-eval.ts sweeps it. */
  relatedVisualWeight?: number;
}

export function openEngine(opts: OpenEngineOptions): SearchEngine {
  const file = indexPath(opts.dataDir);
  if (!fs.existsSync(file)) {
    throw new Error(
      `No index at ${file}: run \`npm run index\` first (INSPO_DATA_DIR=${opts.dataDir}).`,
    );
  }
  const db = new Database(file, { readonly: true, fileMustExist: true });

  const meta = new Map(
    (db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map(
      (r) => [r.key, r.value],
    ),
  );
  const version = Number(meta.get(META_KEYS.version));
  if (version !== INDEX_VERSION) {
    db.close();
    throw new Error(
      `Index ${file} has version ${version}; this engine reads version ${INDEX_VERSION}. Rebuild it.`,
    );
  }
  const info: EngineInfo = {
    pins: Number(meta.get(META_KEYS.pins) ?? 0),
    sources: JSON.parse(meta.get(META_KEYS.sources) ?? '{}') as Record<string, number>,
    version,
    builtAt: meta.get(META_KEYS.builtAt) ?? '',
    buildMs: Number(meta.get(META_KEYS.buildMs) ?? 0),
  };

  // Rank narrow (rowid, score) rows first and fetch full pins for the page only: sorting whole
  // rows made broad queries (1,700 matches) 3× slower. Ties fall back to the rowid (stable within
  // one index file) so pages never overlap or skip.
  // category:/color: refinements filter rows (refine-filter.ts); registered before any statement uses it.
  const refineFilter = createRefineFilter(db);
  // A pin's columns, its media (pin-media.ts) among them where the index has them.
  const PIN_COLUMNS = pinColumnsFor(db);
  const searchSql = `
    WITH matches AS (
      SELECT rowid, -bm25(pins_fts, ${BM25_ARGS}) AS lexical FROM pins_fts WHERE pins_fts MATCH ?
    ),
    page AS (
      SELECT m.rowid AS rowid, m.lexical AS lexical, m.lexical * (1 + ? * p.popularity) AS score
      FROM matches m JOIN pins p ON p.rowid = m.rowid
      ORDER BY score DESC, m.rowid
      LIMIT ? OFFSET ?
    )
    SELECT ${PIN_COLUMNS}, page.lexical AS lexical, page.score AS score
    FROM page JOIN pins p ON p.rowid = page.rowid
    ORDER BY page.score DESC, page.rowid`;
  const searchStmt = db.prepare<[string, number, number, number], ScoredRow>(searchSql);
  const filteredSearchStmt = db.prepare<[string, string, number, number, number], ScoredRow>(
    withRefineFilter(searchSql),
  );
  // Counting matches needs no ranking, so it is a fraction of the search itself.
  const countSql = 'SELECT count(*) FROM pins_fts WHERE pins_fts MATCH ?';
  const countStmt = db.prepare<[string], number>(countSql).pluck();
  const filteredCountStmt = db
    .prepare<[string, string], number>(withRefineFilter(countSql))
    .pluck();
  const pinStmt = db.prepare<[string], PinRow>(`SELECT ${PIN_COLUMNS} FROM pins p WHERE p.id = ?`);

  // Candidates: pins sharing a tag or the category. Order: most shared tags, same category,
  // nearest dominant colour (squared RGB distance), popularity, rowid.
  const relatedStmt = db.prepare<
    {
      tags: string;
      category: string;
      self: number;
      r: number;
      g: number;
      b: number;
      limit: number;
      offset: number;
    },
    RelatedRow
  >(`
    WITH shared AS (
      SELECT pin, count(*) AS n FROM pin_tags
      WHERE tag IN (SELECT value FROM json_each(@tags)) GROUP BY pin
    ),
    cands AS (
      SELECT rowid AS pin FROM pins WHERE category = @category
      UNION SELECT pin FROM shared
    ),
    page AS (
      SELECT c.pin AS pin, coalesce(s.n, 0) AS shared,
        p.category = @category AS same_category,
        (p.dominant_r - @r) * (p.dominant_r - @r) + (p.dominant_g - @g) * (p.dominant_g - @g)
          + (p.dominant_b - @b) * (p.dominant_b - @b) AS distance,
        p.popularity AS popularity
      FROM cands c JOIN pins p ON p.rowid = c.pin LEFT JOIN shared s ON s.pin = c.pin
      WHERE c.pin <> @self
      ORDER BY shared DESC, same_category DESC, distance ASC, popularity DESC, c.pin
      LIMIT @limit OFFSET @offset
    )
    SELECT ${PIN_COLUMNS}, page.shared AS shared
    FROM page JOIN pins p ON p.rowid = page.pin
    ORDER BY page.shared DESC, page.same_category DESC, page.distance ASC, page.popularity DESC, page.pin`);
  const relatedCountStmt = db
    .prepare<{ tags: string; category: string; self: number }, number>(
      `
      SELECT count(*) FROM (
        SELECT rowid AS pin FROM pins WHERE category = @category
        UNION SELECT pin FROM pin_tags WHERE tag IN (SELECT value FROM json_each(@tags))
      ) WHERE pin <> @self`,
    )
    .pluck();

  // Indexes with predicted tags (pin_suggested_tags) have their FTS column, ranked last.
  const predictedColumn = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'pin_suggested_tags'")
    .get()
    ? 'suggested'
    : undefined;
  const understood =
    opts.queryUnderstanding === false
      ? null
      : createUnderstoodSearch({
          db,
          popularityBoost: POPULARITY_BOOST,
          crossLingual: opts.crossLingual !== false,
          ...(predictedColumn ? { predictedColumn } : {}),
          ...(opts.rankWindow === undefined ? {} : { rankWindow: opts.rankWindow }),
          ...(opts.flatRankingPostings === undefined
            ? {}
            : { flatRankingPostings: opts.flatRankingPostings }),
          ...(opts.headRankingPostings === undefined
            ? {}
            : { headRankingPostings: opts.headRankingPostings }),
        });

  const understand = (q: string): UnderstoodQuery => ({
    raw: q.trim(),
    normalized: displayText(q),
    corrections: [],
    expansions: [],
  });

  const lexicalCandidate = (row: ScoredRow): Candidate => ({
    ...rowToPin(row),
    serverScore: row.score,
    lexicalScore: row.lexical,
    semanticScore: 0,
    embedding: null,
  });

  /** A search's parameters as the engine runs them: words stay words, category:/color: values become a row filter, numbers are clamped. */
  const engineParams = ({ q, refine: values, offset, limit, exact = false, hl, type }: SearchParams) => {
    const { terms: refine, filter } = refineFilter.plan(values, type);
    return {
      q,
      refine,
      exact,
      hl,
      filter,
      limit: clampInt(limit, 0, MAX_ENGINE_LIMIT),
      offset: clampInt(offset, 0, MAX_ENGINE_OFFSET),
    };
  };

  /**
   * The words as typed, without query understanding: the baseline for benchmarks. Written words
   * only: a predicted tag is a guess of the server's, not a word of the pin's, and the understood
   * search ranks such matches after every written one, so the baseline's list is the exact head
   * that search keeps in place.
   */
  const plainSearch = ({ q, refine, filter, offset, limit }: ReturnType<typeof engineParams>) => {
    const query = understand(q);
    const typed = buildMatchExpression({ q, refine });
    const match =
      typed === null || predictedColumn === undefined
        ? typed
        : FTS5_SYNTAX.exceptColumn!(typed, predictedColumn);
    if (match === null) return { rows: [] as ScoredRow[], total: 0, query };
    const window = [POPULARITY_BOOST, limit, offset] as const;
    const rows =
      filter === null
        ? searchStmt.all(match, ...window)
        : filteredSearchStmt.all(match, filter, ...window);
    const total =
      (filter === null ? countStmt.get(match) : filteredCountStmt.get(match, filter)) ?? 0;
    return { rows, total, query };
  };

  const lexicalEngine: LexicalEngine = {
    rankLexical(p) {
      if (understood) {
        const { matches, ...rest } = understood.rank(engineParams(p));
        return {
          ...rest,
          matches: matches.map((m) => ({
            rowid: m.rowid,
            serverScore: m.score,
            lexicalScore: m.lexical,
          })),
        };
      }
      const { rows, ...rest } = plainSearch(engineParams(p));
      return {
        ...rest,
        relatedSearches: [],
        matches: rows.map((r) => ({
          rowid: r.rowid,
          serverScore: r.score,
          lexicalScore: r.lexical,
        })),
      };
    },

    search(p) {
      if (understood) {
        const { rows, ...rest } = understood.search(engineParams(p));
        return { ...rest, items: rows.map(lexicalCandidate), refinements: [] };
      }
      const { rows, total, query } = plainSearch(engineParams(p));
      return {
        items: rows.map(lexicalCandidate),
        total,
        query,
        refinements: [],
        relatedSearches: [],
      };
    },

    getPin(id) {
      const row = pinStmt.get(id);
      return row ? rowToPin(row) : null;
    },

    related({ id, offset, limit }) {
      const self = pinStmt.get(id);
      if (!self) return null;
      const [r, g, b] = hexToRgb(self.dominant_color);
      const keys = { tags: self.tags, category: self.category, self: self.rowid };
      const rows = relatedStmt.all({
        ...keys,
        r,
        g,
        b,
        limit: clampInt(limit, 0, MAX_ENGINE_LIMIT),
        offset: clampInt(offset, 0, MAX_ENGINE_OFFSET),
      });
      const total = relatedCountStmt.get(keys) ?? 0;
      const items: Candidate[] = rows.map((row) => ({
        ...rowToPin(row),
        serverScore: row.shared,
        lexicalScore: 0,
        semanticScore: 0,
        embedding: null,
      }));
      return { items, total };
    },

    info: () => ({ ...info, sources: { ...info.sources } }),

    close: () => db.close(),
  };

  // Hybrid retrieval and embedding-based related pins (with-semantic.ts), when the index has embeddings.
  const leg = openSemanticLeg(db, file);
  return leg
    ? withSemantic(lexicalEngine, {
        db,
        leg,
        refineFilter,
        semantic: opts.semantic,
        fusion: opts.fusion,
        visualRelated: {
          visual: opts.visual ?? null,
          ...(opts.relatedVisualWeight === undefined ? {} : { visualWeight: opts.relatedVisualWeight }),
        },
      })
    : lexicalEngine;
}
