/**
 * Search with query understanding (src/server/query): the query is normalized, corrected and
 * expanded, then matched as widening TIERS (query/fts-match.ts) — exact words first, then
 * regional spellings, then WordNet synonyms, then hypernyms/hyponyms.
 *
 * Ranking: a pin belongs to the first tier that matches it; pins are ordered by tier, then
 * by score = bm25 × tier weight × (1 + POPULARITY_BOOST × popularity), then rowid. So an
 * expansion can add results but never push an exact match down. `total` counts the last
 * tier, which matches a superset of all the others (exactly up to EXACT_TOTAL_LIMIT matches).
 *
 * Broad queries (a bounded cost whatever the corpus size): only the first RANK_WINDOW matches
 * of the last tier in rowid order are ranked — rowid order is the static rank, most popular
 * first (engine/schema.ts) — so a query matching 300,000 of a million pins ranks the 2,000 most
 * popular of them, exactly as above. Matches past that window follow in rowid order, after
 * the ranked ones, unscored. Queries with at most
 * RANK_WINDOW matches are ranked exactly: on the real corpora that is every query but a few
 * boilerplate words ("clip", "art": every OpenClipart description says "Clip art").
 *
 * The vocabulary, spelling index and WordNet expander are built on the first search, not at
 * open: an engine opened for getPin/related alone (and most tests) never pays for them.
 */
import type Database from 'better-sqlite3';
import { matchTiers, type MatchTier } from '@/server/query/fts-match';
import { loadVocabulary } from '@/server/query/load-vocabulary';
import { createQueryServices, type QueryServices } from '@/server/query/query-context';
import { relatedSearches } from '@/server/query/related-searches';
import { EXACT_WEIGHT, understandQuery } from '@/server/query/understand';
import type { PinRow } from './pin-row';
import { headIndexEnd, HEAD_FTS_TABLE } from './head-index';
import { REFINE_FILTER_FUNCTION, withRefineFilter } from './refine-filter';
import { PIN_COLUMN_COUNT, PIN_COLUMNS, pinRowFromRaw } from './pin-row';
import { readStoredVocabulary } from './stored-vocabulary';
import { BM25_WEIGHTS, FTS_COLUMNS } from './schema';

/** How many top results related searches are mined from. */
export const RELATED_SEARCH_SAMPLE = 30;
/** Below this many full-weight matches, related searches are mined from all top results. */
const MIN_EXACT_SAMPLE = 3;
/** Siblings asked of WordNet per query word. */
const MAX_SIBLINGS = 6;

const BM25_ARGS = FTS_COLUMNS.map((c) => BM25_WEIGHTS[c].toFixed(1)).join(', ');

export interface TieredRow extends PinRow {
  lexical: number;
  score: number;
  weight: number;
}

export interface UnderstoodSearchPage {
  rows: TieredRow[];
  total: number;
  query: { raw: string; normalized: string; corrections: { from: string; to: string }[]; expansions: { term: string; weight: number; source: 'wordnet' | 'spelling' | 'embedding' }[] };
  relatedSearches: string[];
}

export interface UnderstoodSearch {
  /** `filter`: a category/colour row filter from refine-filter.ts (null: none); `refine` holds only words. */
  search(p: {
    q: string;
    refine: readonly string[];
    offset: number;
    limit: number;
    exact: boolean;
    filter?: string | null;
  }): UnderstoodSearchPage;
  /** Builds the vocabulary and indexes now (otherwise the first search does). */
  warm(): QueryServices;
}

/**
 * Matches ranked by score per query, at most (see the header). bm25 costs ~1 µs a row; this
 * bounds a page's ranking work to a few milliseconds at any corpus size.
 */
export const RANK_WINDOW = 2_000;

/**
 * One ranked statement per tier count, FTS table, window and filter. Each tier is its own
 * MATERIALIZED CTE: bm25() only works in the FTS5 query that computes it, and without the fence
 * SQLite flattens a lone tier into the UNION below ("unable to use function bm25 in the
 * requested context"). A pin is ranked in the first tier that matches it: later tiers skip it,
 * so bm25 runs once per pin, not once per tier.
 *
 * Windowed: each tier stops after the window's size (FTS5 stops early at a LIMIT) and only
 * rowids up to the window's last are kept (outside the FTS5 query: a rowid bound inside it
 * makes FTS5 read a term's whole posting list, 5× slower at 100k pins). Tier k's pins up to
 * that rowid are at most the window's size, so its first window-many matches hold them all.
 */
function rankedSql({ tierCount, table, windowed, filtered }: StatementShape): string {
  const filter = filtered ? ` AND ${REFINE_FILTER_FUNCTION}(rowid, ?)` : '';
  const limit = windowed ? ' LIMIT ?' : '';
  const tiers = Array.from({ length: tierCount }, (_, k) => {
    const earlier = Array.from({ length: k }, (_, j) => ` AND rowid NOT IN (SELECT rowid FROM t${j})`).join('');
    return `t${k} AS MATERIALIZED (SELECT rowid, -bm25(${table}, ${BM25_ARGS}) AS lexical, ? AS weight FROM ${table} WHERE ${table} MATCH ?${filter}${earlier}${limit})`;
  }).join(',\n    ');
  const bound = windowed ? ' WHERE rowid <= ?' : '';
  const hits = Array.from({ length: tierCount }, (_, k) => `SELECT rowid, lexical, weight, ${k} AS tier FROM t${k}${bound}`).join(
    ' UNION ALL ',
  );
  // The tiers are disjoint, so their union is each pin once, in its first tier.
  return `
    WITH ${tiers},
    firsts AS (${hits}),
    ${PAGE_SQL}`;
}

/** Ranks `firsts` (rowid, tier, lexical, weight) and joins the page's pins. */
const PAGE_SQL = `page AS (
      SELECT f.rowid AS rowid, f.tier AS tier, f.lexical AS lexical, f.weight AS weight,
        f.lexical * f.weight * (1 + ? * p.popularity) AS score
      FROM firsts f JOIN pins p ON p.rowid = f.rowid
      ORDER BY f.tier, score DESC, f.rowid
      LIMIT ? OFFSET ?
    )
    SELECT ${PIN_COLUMNS}, page.lexical AS lexical, page.score AS score, page.weight AS weight
    FROM page JOIN pins p ON p.rowid = page.rowid
    ORDER BY page.tier, page.score DESC, page.rowid`;

/**
 * The same ranking with ONE bm25 cursor, over the last tier's expression, each pin's tier
 * found by rowid-only scans of the earlier tiers: for expressions of very common words, where
 * a bm25 cursor per tier would re-read each word's posting list (FTS5 counts a term's pins for
 * bm25 by reading its whole list, per cursor). A pin's lexical score is then its bm25 against
 * the whole expanded query rather than its tier's words: the same for a pin that holds none of
 * the later tiers' words, a little higher for one that does; tiers still never mix.
 */
function flatRankedSql({ tierCount, table, windowed, filtered }: StatementShape): string {
  const filter = filtered ? ` AND ${REFINE_FILTER_FUNCTION}(rowid, ?)` : '';
  const limit = windowed ? ' LIMIT ?' : '';
  const members = Array.from(
    { length: tierCount - 1 },
    (_, k) => `,\n    m${k} AS MATERIALIZED (SELECT rowid FROM ${table} WHERE ${table} MATCH ?${filter}${limit})`,
  ).join('');
  const tierOf =
    tierCount === 1
      ? '0'
      : `CASE ${Array.from({ length: tierCount - 1 }, (_, k) => `WHEN w.rowid IN (SELECT rowid FROM m${k}) THEN ${k}`).join(' ')} ELSE ${tierCount - 1} END`;
  const weightOf = `CASE t.tier ${Array.from({ length: tierCount }, (_, k) => `WHEN ${k} THEN ?`).join(' ')} END`;
  const bound = windowed ? ' WHERE w.rowid <= ?' : '';
  return `
    WITH w AS MATERIALIZED (SELECT rowid, -bm25(${table}, ${BM25_ARGS}) AS lexical FROM ${table} WHERE ${table} MATCH ?${filter}${limit})${members},
    tiered AS (SELECT w.rowid AS rowid, w.lexical AS lexical, ${tierOf} AS tier FROM w${bound}),
    firsts AS (SELECT t.rowid AS rowid, t.lexical AS lexical, t.tier AS tier, ${weightOf} AS weight FROM tiered t),
    ${PAGE_SQL}`;
}

interface StatementShape {
  flat: boolean;
  tierCount: number;
  table: typeof FULL_FTS_TABLE | typeof HEAD_FTS_TABLE;
  windowed: boolean;
  filtered: boolean;
}

const FULL_FTS_TABLE = 'pins_fts';

/** A raw row of the statements here: PIN_COLUMNS, then lexical, score, weight. */
function tieredRowFromRaw(v: unknown[]): TieredRow {
  const row = pinRowFromRaw(v) as TieredRow;
  row.lexical = v[PIN_COLUMN_COUNT] as number;
  row.score = v[PIN_COLUMN_COUNT + 1] as number;
  row.weight = v[PIN_COLUMN_COUNT + 2] as number;
  return row;
}

/**
 * Matches of the last tier past the window, in rowid (static rank) order: unscored (lexical and
 * score 0; bm25 would read every query word's whole posting list), by OFFSET rather than a
 * rowid bound (see rankedSql).
 */
const TAIL_SQL = `
  WITH tail AS MATERIALIZED (SELECT rowid FROM pins_fts WHERE pins_fts MATCH ? ORDER BY rowid LIMIT ? OFFSET ?)
  SELECT ${PIN_COLUMNS}, 0.0 AS lexical, 0.0 AS score, ? AS weight
  FROM tail t JOIN pins p ON p.rowid = t.rowid
  ORDER BY t.rowid`;

/**
 * Above this many posting entries (per-tier cursors × the query words' pin counts), a query
 * is ranked with one bm25 cursor (flatRankedSql): ~25 ns an entry, so ~5 ms of counting.
 * Never reached on the real corpora (< 10k pins).
 */
export const FLAT_RANKING_POSTINGS = 200_000;

/** The rowid of the n-th match (0-based) in rowid order, if there are that many. */
const NTH_MATCH_SQL = 'SELECT rowid FROM pins_fts WHERE pins_fts MATCH ? ORDER BY rowid LIMIT 1 OFFSET ?';

/**
 * `total` is exact up to this many matches and an estimate above (as Elasticsearch's
 * track_total_hits does at 10,000): counting 300,000 matches costs more than ranking a page.
 * Pages end at offset MAX_CURSOR_OFFSET (10,000) anyway, so paging never depends on the estimate.
 */
export const EXACT_TOTAL_LIMIT = 10_000;

export function createUnderstoodSearch({
  db,
  popularityBoost,
  rankWindow = RANK_WINDOW,
  flatRankingPostings = FLAT_RANKING_POSTINGS,
}: {
  db: Database.Database;
  popularityBoost: number;
  /** Matches ranked per query at most (RANK_WINDOW); tests set a small one. */
  rankWindow?: number;
  /** FLAT_RANKING_POSTINGS; tests set 0 to rank every query flat. */
  flatRankingPostings?: number;
}): UnderstoodSearch {
  let services: QueryServices | null = null;
  const warm = (): QueryServices =>
    (services ??= createQueryServices({ vocabulary: readStoredVocabulary(db) ?? loadVocabulary(db) }));
  const corpusSize = db.prepare<[], number>('SELECT count(*) FROM pins').pluck().get() ?? 0;
  const countSql = 'SELECT count(*) FROM pins_fts WHERE pins_fts MATCH ?';
  const countStmt = db.prepare<[string], number>(countSql).pluck();
  const filteredCountStmt = db.prepare<[string, string], number>(withRefineFilter(countSql)).pluck();
  const nthStmt = db.prepare<[string, number], number>(NTH_MATCH_SQL).pluck();
  const filteredNthStmt = db.prepare<[string, string, number], number>(withRefineFilter(NTH_MATCH_SQL)).pluck();
  // Raw rows (arrays), turned into objects here: see pinRowFromRaw.
  const tailStmt = db.prepare<unknown[], unknown[]>(TAIL_SQL).raw();
  const filteredTailStmt = db.prepare<unknown[], unknown[]>(withRefineFilter(TAIL_SQL)).raw();
  const headEnd = headIndexEnd(db);
  const statements = new Map<string, Database.Statement<unknown[], unknown[]>>();
  const statement = (shape: StatementShape) => {
    const key = JSON.stringify(shape);
    let stmt = statements.get(key);
    if (!stmt) statements.set(key, (stmt = db.prepare<unknown[], unknown[]>((shape.flat ? flatRankedSql : rankedSql)(shape)).raw()));
    return stmt;
  };
  // A filter's parameter follows each MATCH parameter (refine-filter.ts).
  const matchArgs = (match: string, filter: string | null): string[] => (filter === null ? [match] : [match, filter]);
  /**
   * Ranked rows of every match, or (with `end`) of the window: matches up to rowid `end`.
   * `postings`: the posting entries a bm25 cursor per tier would read (see flatRankedSql).
   */
  const rankedRows = (
    tiers: readonly MatchTier[],
    end: number | null,
    postings: number,
    limit: number,
    offset: number,
    filter: string | null,
  ) => {
    const windowed = end !== null;
    // The head index has the window's pins when it ends there; its posting lists are short.
    const table = windowed && end <= headEnd ? HEAD_FTS_TABLE : FULL_FTS_TABLE;
    const flat = table === FULL_FTS_TABLE && tiers.length > 1 && postings * tiers.length > flatRankingPostings;
    const shape = { flat, tierCount: tiers.length, table, windowed, filtered: filter !== null } as const;
    const window = windowed ? [rankWindow] : [];
    const args = flat
      ? [
          ...matchArgs(tiers[tiers.length - 1]!.match, filter),
          ...window,
          ...tiers.slice(0, -1).flatMap((t) => [...matchArgs(t.match, filter), ...window]),
          ...(windowed ? [end] : []),
          ...tiers.map((t) => t.weight),
        ]
      : [
          ...tiers.flatMap((t) => [t.weight, ...matchArgs(t.match, filter), ...window]),
          ...(windowed ? tiers.map(() => end) : []),
        ];
    return statement(shape).all(...args, popularityBoost, limit, offset).map(tieredRowFromRaw);
  };
  const tailRows = (last: MatchTier, limit: number, offset: number, filter: string | null) =>
    (filter === null ? tailStmt : filteredTailStmt).all(...matchArgs(last.match, filter), limit, offset, last.weight).map(tieredRowFromRaw);
  const headCountStmt = headEnd > 0 ? db.prepare<[string], number>(`SELECT count(*) FROM ${HEAD_FTS_TABLE} WHERE ${HEAD_FTS_TABLE} MATCH ?`).pluck() : null;
  const filteredHeadCountStmt =
    headEnd > 0
      ? db.prepare<[string, string], number>(`SELECT count(*) FROM ${HEAD_FTS_TABLE} WHERE ${HEAD_FTS_TABLE} MATCH ? AND ${REFINE_FILTER_FUNCTION}(rowid, ?)`).pluck()
      : null;
  /**
   * The ranked window of a query with more than rankWindow matches: its last rowid and its
   * size. The first rankWindow matches in rowid order — or, when those reach past the head
   * index, the matches within the head (fewer): ranking on the head reads short posting
   * lists, and a query sparse in the head is what would read long ones (an AND of two broad
   * words is rare, each word is not).
   */
  const windowOf = (last: MatchTier, filter: string | null): { end: number; size: number } => {
    const end =
      (filter === null ? nthStmt.get(last.match, rankWindow - 1) : filteredNthStmt.get(last.match, filter, rankWindow - 1)) ?? 0;
    if (headEnd === 0 || end <= headEnd) return { end, size: rankWindow };
    const size = (filter === null ? headCountStmt!.get(last.match) : filteredHeadCountStmt!.get(last.match, filter)) ?? 0;
    return { end: headEnd, size };
  };
  /**
   * Rows [offset, offset + limit) of a query with `total` matches: all ranked when they fit in
   * the window; else the ranked window first, then the rest in rowid order.
   */
  const page = (
    tiers: readonly MatchTier[],
    total: number,
    postings: number,
    limit: number,
    offset: number,
    filter: string | null,
  ): TieredRow[] => {
    if (total <= rankWindow) return rankedRows(tiers, null, postings, limit, offset, filter);
    const last = tiers[tiers.length - 1]!;
    const { end, size } = windowOf(last, filter);
    const head = offset < size ? rankedRows(tiers, end, postings, Math.min(limit, size - offset), offset, filter) : [];
    const rest = limit - head.length;
    return rest > 0 ? [...head, ...tailRows(last, rest, Math.max(offset, size), filter)] : head;
  };
  const maxRowid = db.prepare<[], number>('SELECT coalesce(max(rowid), 0) FROM pins').pluck().get() ?? 0;
  /**
   * Exact up to EXACT_TOTAL_LIMIT; above, the matches' density over the first ones in rowid
   * order, extrapolated to the whole rowid range (never below the limit + 1).
   */
  const count = (match: string, filter: string | null): number => {
    const probe =
      filter === null ? nthStmt.get(match, EXACT_TOTAL_LIMIT) : filteredNthStmt.get(match, filter, EXACT_TOTAL_LIMIT);
    if (probe === undefined) return (filter === null ? countStmt.get(match) : filteredCountStmt.get(match, filter)) ?? 0;
    const seen = EXACT_TOTAL_LIMIT + 1;
    return Math.max(seen, Math.round((seen * maxRowid) / probe));
  };

  return {
    warm,
    search({ q, refine, offset, limit, exact, filter = null }) {
      const ctx = warm();
      const { groups, ...query } = understandQuery(q, ctx, { forceOriginal: exact });
      const tiers = matchTiers({ groups, refine });
      if (tiers.length === 0) return { rows: [], total: 0, query, relatedSearches: [] };
      const total = count(tiers[tiers.length - 1]!.match, filter);
      // Pins of every word the expression names: what a bm25 cursor reads to count them.
      const words = [...groups.flatMap((g) => g.alternatives.map((a) => a.term)), ...refine].flatMap((t) => t.split(' '));
      const postings = words.reduce((sum, word) => sum + ctx.corpusFrequency(word), 0);
      const rows = page(tiers, total, postings, limit, offset, filter);
      // Mined once per query, on its first page: later pages would only repeat them.
      let related: string[] = [];
      if (offset === 0 && total > 0) {
        const top = rows.length >= Math.min(total, RELATED_SEARCH_SAMPLE) ? rows : page(tiers, total, postings, RELATED_SEARCH_SAMPLE, 0, filter);
        // Mine the full-weight matches when there are enough: words from the far end of a
        // synonym chain ("doughnut" → ring → boxing ring) make odd suggestions.
        const exact = top.filter((r) => r.weight >= EXACT_WEIGHT);
        const sample = (exact.length >= MIN_EXACT_SAMPLE ? exact : top).slice(0, RELATED_SEARCH_SAMPLE);
        related = relatedSearches({
          terms: groups.map((g) => g.term),
          candidates: sample.map((r) => ({ title: r.title, tags: JSON.parse(r.tags) as string[] })),
          documentFrequency: ctx.corpusFrequency,
          corpusSize,
          siblings: (term) => ctx.synonyms?.siblings(term, MAX_SIBLINGS) ?? [],
        });
      }
      return { rows, total, query, relatedSearches: related };
    },
  };
}
