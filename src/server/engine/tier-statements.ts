/**
 * The SQL that ranks a query's tiers (engine/understood-search.ts): statements that return each
 * match's rowid, bm25 and tier — never pin columns — one shape per tier count, FTS table,
 * window and filter.
 */
import { HEAD_FTS_TABLE } from './head-index';
import { REFINE_FILTER_FUNCTION } from './refine-filter';
import { BM25_WEIGHTS, FTS_COLUMNS } from './schema';

const BM25_ARGS = FTS_COLUMNS.map((c) => BM25_WEIGHTS[c].toFixed(1)).join(', ');

/**
 * Candidate statements: matches with their bm25 and tier — no page, no pin columns (the engine
 * scores, sorts and pages in memory, then reads whole rows for the page only). Tier 0 (the
 * words as searched) has a statement of its own (`later: false`, one tier); the later tiers
 * have one statement that leaves out tier 0's pins, passed as a JSON array of rowids (a pin is
 * ranked in the first tier that matches it).
 *
 * Each tier is its own MATERIALIZED CTE: bm25() only works in the FTS5 query that computes it,
 * and without the fence SQLite flattens a lone tier into the UNION below ("unable to use
 * function bm25 in the requested context"). Later tiers skip the pins of earlier ones, so bm25
 * runs once per pin, not once per tier.
 *
 * Windowed: each tier stops after the window's size (FTS5 stops early at a LIMIT) and only
 * rowids up to the window's last are kept (outside the FTS5 query: a rowid bound inside it
 * makes FTS5 read a term's whole posting list, 5× slower at 100k pins). Tier k's pins up to
 * that rowid are at most the window's size, so its first window-many matches hold them all.
 */
export function rankedSql({ tierCount, table, windowed, filtered, later }: StatementShape): string {
  const filter = filtered ? ` AND ${REFINE_FILTER_FUNCTION}(rowid, ?)` : '';
  const limit = windowed ? ' LIMIT ?' : '';
  const first = later ? 1 : 0;
  const ks = Array.from({ length: tierCount - first }, (_, i) => i + first);
  const tiers = ks
    .map((k) => {
      const earlier = ks
        .filter((j) => j < k)
        .map((j) => ` AND rowid NOT IN (SELECT rowid FROM t${j})`)
        .join('');
      return `t${k} AS MATERIALIZED (SELECT rowid, -bm25(${table}, ${BM25_ARGS}) AS lexical FROM ${table} WHERE ${table} MATCH ?${filter}${later ? TIER_ZERO_EXCLUDED : ''}${earlier}${limit})`;
    })
    .join(',\n    ');
  const bound = windowed ? ' WHERE rowid <= ?' : '';
  // The tiers are disjoint, so their union is each pin once, in its first tier.
  const hits = ks
    .map((k) => `SELECT rowid, lexical, ${k} AS tier FROM t${k}${bound}`)
    .join(' UNION ALL ');
  return `WITH ${tiers}\n    ${hits}`;
}

/** Leaves out tier 0's pins (a JSON array of rowids, bound after the MATCH and filter parameters). */
const TIER_ZERO_EXCLUDED = ' AND rowid NOT IN (SELECT value FROM json_each(?))';

/**
 * The later tiers with ONE bm25 cursor, over the last tier's expression, each pin's tier found
 * by rowid-only scans of the tiers between: for expressions of very common words, where a bm25
 * cursor per tier would re-read each word's posting list (FTS5 counts a term's pins for bm25
 * by reading its whole list, per cursor). A later-tier pin's lexical score is then its bm25
 * against the whole expanded query rather than its tier's words; tiers still never mix, and
 * tier 0 is ranked by its own statement either way.
 */
export function flatRankedSql({ tierCount, table, windowed, filtered }: StatementShape): string {
  const filter = filtered ? ` AND ${REFINE_FILTER_FUNCTION}(rowid, ?)` : '';
  const limit = windowed ? ' LIMIT ?' : '';
  const between = Array.from({ length: tierCount - 2 }, (_, i) => i + 1);
  const members = between
    .map(
      (k) =>
        `,\n    m${k} AS MATERIALIZED (SELECT rowid FROM ${table} WHERE ${table} MATCH ?${filter}${limit})`,
    )
    .join('');
  const tierOf =
    between.length === 0
      ? `${tierCount - 1}`
      : `CASE ${between.map((k) => `WHEN w.rowid IN (SELECT rowid FROM m${k}) THEN ${k}`).join(' ')} ELSE ${tierCount - 1} END`;
  const bound = windowed ? ' WHERE w.rowid <= ?' : '';
  return `
    WITH w AS MATERIALIZED (SELECT rowid, -bm25(${table}, ${BM25_ARGS}) AS lexical FROM ${table} WHERE ${table} MATCH ?${filter}${TIER_ZERO_EXCLUDED}${limit})${members}
    SELECT w.rowid AS rowid, w.lexical AS lexical, ${tierOf} AS tier FROM w${bound}`;
}

export interface StatementShape {
  flat: boolean;
  /** The later tiers (1…), tier 0's pins left out; false: tier 0 alone. */
  later: boolean;
  tierCount: number;
  table: typeof FULL_FTS_TABLE | typeof HEAD_FTS_TABLE;
  windowed: boolean;
  filtered: boolean;
}

export const FULL_FTS_TABLE = 'pins_fts';
