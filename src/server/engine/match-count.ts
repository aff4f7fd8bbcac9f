/**
 * How many pins a query matches, and which of them are ranked (the window): counted once per
 * search, whatever pages are cut from it.
 *
 * `total` is exact up to EXACT_TOTAL_LIMIT matches and an estimate above (as Elasticsearch's
 * track_total_hits does at 10,000): counting 300,000 matches costs more than ranking a page.
 * A query with more than `rankWindow` matches ranks only a window of them — the first
 * `rankWindow` in rowid (static rank, most popular first) order, or the matches within the head
 * index when those reach past it (engine/head-index.ts) — and the rest follow unscored.
 */
import type Database from 'better-sqlite3';
import type { MatchTier } from './fts-match';
import { HEAD_FTS_TABLE } from './head-index';
import { REFINE_FILTER_FUNCTION, withRefineFilter } from './refine-filter';

/**
 * `total` is exact up to this many matches and an estimate above. Pages end at offset
 * MAX_CURSOR_OFFSET (10,000) anyway, so paging never depends on the estimate.
 */
export const EXACT_TOTAL_LIMIT = 10_000;

/** What counting a query's matches tells, once per search whatever pages are cut from it. */
export interface Probe {
  total: number;
  /**
   * The ranked window (its last rowid and its size), or null when every match is ranked. A
   * query of very common words is ranked on the head index whatever its count (see
   * HEAD_RANKING_POSTINGS in understood-search.ts); its `total` is then estimated from the
   * head's matches.
   */
  window: { end: number; size: number } | null;
}

export interface MatchCounter {
  /**
   * `last`: the widest tier (it matches a superset of the others); `filter`: a refine filter
   * (refine-filter.ts) or null; `heavy`: rank on the head index and estimate the total from it.
   */
  probe(last: MatchTier, filter: string | null, heavy: boolean): Probe;
}

/** How many of the first `?` matches in rowid order there are, and the last one's rowid. */
const COUNT_UP_TO_SQL =
  'SELECT count(*), coalesce(max(rowid), 0) FROM (SELECT rowid FROM pins_fts WHERE pins_fts MATCH ? ORDER BY rowid LIMIT ?)';

/**
 * The rowid of the n-th match (0-based) in rowid order, if there are that many. (A window
 * function could give it from the counting pass, but buffering the rows made that pass 5×
 * slower for common words.)
 */
const NTH_MATCH_SQL =
  'SELECT rowid FROM pins_fts WHERE pins_fts MATCH ? ORDER BY rowid LIMIT 1 OFFSET ?';

export function createMatchCounter({
  db,
  rankWindow,
  headEnd,
  maxRowid,
}: {
  db: Database.Database;
  /** Matches ranked per query at most. */
  rankWindow: number;
  /** The head index's last rowid (0: no head index). */
  headEnd: number;
  /** The largest rowid: the estimate extrapolates the matches' density over the rowid range. */
  maxRowid: number;
}): MatchCounter {
  const countStmts = [COUNT_UP_TO_SQL, withRefineFilter(COUNT_UP_TO_SQL)].map((sql) =>
    db.prepare<unknown[], [number, number]>(sql).raw(),
  );
  const nthStmts = [NTH_MATCH_SQL, withRefineFilter(NTH_MATCH_SQL)].map((sql) =>
    db.prepare<unknown[], number>(sql).pluck(),
  );
  const headCountStmt =
    headEnd > 0
      ? db
          .prepare<[string], number>(
            `SELECT count(*) FROM ${HEAD_FTS_TABLE} WHERE ${HEAD_FTS_TABLE} MATCH ?`,
          )
          .pluck()
      : null;
  const filteredHeadCountStmt =
    headEnd > 0
      ? db
          .prepare<[string, string], number>(
            `SELECT count(*) FROM ${HEAD_FTS_TABLE} WHERE ${HEAD_FTS_TABLE} MATCH ? AND ${REFINE_FILTER_FUNCTION}(rowid, ?)`,
          )
          .pluck()
      : null;
  // A filter's parameter follows the MATCH parameter (refine-filter.ts).
  const matchArgs = (match: string, filter: string | null): string[] =>
    filter === null ? [match] : [match, filter];

  /**
   * The ranked window of a query with more than rankWindow matches, whose rankWindow-th match
   * in rowid order is `end`: its last rowid and its size. The first rankWindow matches in rowid
   * order — or, when those reach past the head index, the matches within the head (fewer):
   * ranking on the head reads short posting lists, and a query sparse in the head is what
   * would read long ones (an AND of two broad words is rare, each word is not).
   */
  const windowOf = (
    last: MatchTier,
    end: number,
    filter: string | null,
  ): { end: number; size: number } => {
    if (headEnd === 0 || end <= headEnd) return { end, size: rankWindow };
    const size =
      (filter === null
        ? headCountStmt!.get(last.match)
        : filteredHeadCountStmt!.get(last.match, filter)) ?? 0;
    return { end: headEnd, size };
  };

  return {
    /**
     * The total, exact up to EXACT_TOTAL_LIMIT; above, the matches' density over the first ones
     * in rowid order, extrapolated to the whole rowid range (never below the limit + 1). With
     * it, when there are more matches than the ranking window, the window.
     */
    probe(last, filter, heavy) {
      if (heavy) {
        // The head holds the most popular pins, a sample of the corpus: its share of the
        // matches, scaled to the whole rowid range.
        const window = windowOf(last, maxRowid, filter);
        return {
          total: Math.max(window.size, Math.round((window.size * maxRowid) / headEnd)),
          window,
        };
      }
      const args = matchArgs(last.match, filter);
      const [seen, end] = countStmts[filter === null ? 0 : 1]!.get(...args, EXACT_TOTAL_LIMIT + 1)!;
      const total =
        seen <= EXACT_TOTAL_LIMIT ? seen : Math.max(seen, Math.round((seen * maxRowid) / end));
      if (total <= rankWindow) return { total, window: null };
      const windowEnd = nthStmts[filter === null ? 0 : 1]!.get(...args, rankWindow - 1) ?? 0;
      return { total, window: windowOf(last, windowEnd, filter) };
    },
  };
}
