/**
 * Ranking a query's matches tier by tier: a pin belongs to the first tier that matches it;
 * pins are ordered by tier, then by score = bm25 × tier weight × (1 + popularityBoost ×
 * popularity), then rowid. So an expansion can add results but never push an exact match down.
 *
 * SQLite returns only (rowid, bm25, tier) of the matches; scores, sorting and paging are done
 * here, with popularity held in a typed array. Tier 0 is ranked on its own first: when it holds
 * every match a page needs, or all matches, the expansion tiers are never read — for a query of
 * common words they are what costs (each bm25 cursor counts every pin of each of its words).
 */
import type Database from 'better-sqlite3';
import { LruMap } from '@/lib/lru/lru-map';
import type { MatchTier } from './fts-match';
import { HEAD_FTS_TABLE } from './head-index';
import { byRank, packRanking, type RankedMatch, type Ranking } from './packed-ranking';
import { flatRankedSql, FULL_FTS_TABLE, rankedSql, type StatementShape } from './tier-statements';

/** A match of a page before its pin is read. */
export interface LightMatch {
  rowid: number;
  lexical: number;
  score: number;
  weight: number;
}

/**
 * Above this many posting entries (per-tier cursors × the query words' pin counts), a query
 * is ranked with one bm25 cursor (flatRankedSql): ~25 ns an entry, so ~5 ms of counting.
 * Never reached on the real corpora (< 10k pins).
 */
export const FLAT_RANKING_POSTINGS = 200_000;

/** Rankings kept per engine: a request asks for the same query's ranking two or three times. */
const RANKING_MEMO_SIZE = 8;

export interface RankRequest {
  tiers: readonly MatchTier[];
  /** Rank only the window's matches (rowid ≤ end), or null for every match. */
  end: number | null;
  /** The posting entries a bm25 cursor per tier would read (see flatRankedSql). */
  postings: number;
  /** How many ranked matches there are: the total, or the window's size. */
  available: number;
  offset: number;
  limit: number;
  /** A refine filter (refine-filter.ts), or null. */
  filter: string | null;
}

export interface TierRanker {
  /** Ranked matches [offset, offset + limit) of the tiers (or of the window). */
  rankedMatches(request: RankRequest): LightMatch[];
}

export function createTierRanker({
  db,
  popularityBoost,
  rankWindow,
  flatRankingPostings,
  headEnd,
  maxRowid,
}: {
  db: Database.Database;
  popularityBoost: number;
  rankWindow: number;
  flatRankingPostings: number;
  /** The head index's last rowid (0: no head index). */
  headEnd: number;
  maxRowid: number;
}): TierRanker {
  /**
   * Popularity by rowid, read once (8 bytes a pin): scoring in memory rather than joining the
   * pins table for every match made ranking a broad query's window ~4 ms cheaper at 1M pins.
   */
  let popularity: Float64Array | null = null;
  const popularityOf = (): Float64Array => {
    if (popularity) return popularity;
    popularity = new Float64Array(maxRowid + 1);
    for (const [rowid, value] of db
      .prepare<[], [number, number]>('SELECT rowid, popularity FROM pins')
      .raw()
      .iterate())
      popularity[rowid] = value;
    return popularity;
  };
  const statements = new Map<string, Database.Statement<unknown[], [number, number, number]>>();
  const statement = (shape: StatementShape) => {
    const key = JSON.stringify(shape);
    let stmt = statements.get(key);
    if (!stmt)
      statements.set(
        key,
        (stmt = db
          .prepare<unknown[], [number, number, number]>(
            (shape.flat ? flatRankedSql : rankedSql)(shape),
          )
          .raw()),
      );
    return stmt;
  };
  // A filter's parameter follows each MATCH parameter (refine-filter.ts).
  const matchArgs = (match: string, filter: string | null): string[] =>
    filter === null ? [match] : [match, filter];
  /**
   * The matches of `tiers` as one statement of `shape` returns them: (rowid, lexical, tier).
   * `excluded`: tier 0's rowids, for the later tiers' statements.
   */
  const matches = (
    shape: StatementShape,
    tiers: readonly MatchTier[],
    end: number | null,
    filter: string | null,
    excluded = '[]',
  ) => {
    const window = end === null ? [] : [rankWindow];
    const bounds = (n: number) => (end === null ? [] : Array.from({ length: n }, () => end));
    let args: unknown[];
    if (!shape.later) args = [...matchArgs(tiers[0]!.match, filter), ...window, ...bounds(1)];
    else if (shape.flat)
      args = [
        ...matchArgs(tiers[tiers.length - 1]!.match, filter),
        excluded,
        ...window,
        ...tiers.slice(1, -1).flatMap((t) => [...matchArgs(t.match, filter), ...window]),
        ...bounds(1),
      ];
    else
      args = [
        ...tiers.slice(1).flatMap((t) => [...matchArgs(t.match, filter), excluded, ...window]),
        ...bounds(tiers.length - 1),
      ];
    return statement(shape).all(...args);
  };
  const scored = (
    rows: readonly [number, number, number][],
    tiers: readonly MatchTier[],
  ): RankedMatch[] => {
    const pop = popularityOf();
    const out: RankedMatch[] = [];
    for (const [rowid, lexical, tier] of rows) {
      const weight = tiers[tier]!.weight;
      out.push({
        rowid,
        lexical,
        weight,
        tier,
        score: lexical * weight * (1 + popularityBoost * pop[rowid]!),
      });
    }
    return out;
  };
  /** Recent rankings; `complete`: every tier is in it (else tier 0 alone). */
  const memo = new LruMap<string, { ranked: Ranking; complete: boolean }>(RANKING_MEMO_SIZE);
  /**
   * Every match of `tiers` (or, with `end`, of the window: matches up to rowid `end`), ranked.
   * `needed`: how many ranked matches the caller will read; `available`: how many there are
   * (the total, or the window's size). Tier 0 is ranked first, on its own; when it holds
   * `needed` matches, or all of them, the expansion tiers (which rank after every tier-0 match)
   * are not read at all — on a million pins that skips most of the cost of a query of common
   * words.
   */
  const rankTiers = (
    tiers: readonly MatchTier[],
    end: number | null,
    postings: number,
    needed: number,
    available: number,
    filter: string | null,
  ): Ranking => {
    const windowed = end !== null;
    // The head index has the window's pins when it ends there; its posting lists are short.
    const table = windowed && end <= headEnd ? HEAD_FTS_TABLE : FULL_FTS_TABLE;
    const key = JSON.stringify([tiers, end, filter, table]);
    // Read without refreshing: a ranking stays as recent as when it was last (re)built.
    const known = memo.peek(key);
    // A complete ranking serves any page; tier 0 alone only pages within tier 0.
    if (known && (known.complete || known.ranked.length >= needed)) return known.ranked;
    const shape = (later: boolean, flat: boolean): StatementShape => ({
      flat,
      later,
      tierCount: later ? tiers.length : 1,
      table,
      windowed,
      filtered: filter !== null,
    });
    let ranked = scored(matches(shape(false, false), tiers, end, filter), tiers).sort(byRank);
    const complete = tiers.length === 1 || ranked.length < needed || ranked.length >= available;
    if (complete && tiers.length > 1 && ranked.length < available) {
      const flat = table === FULL_FTS_TABLE && postings * tiers.length > flatRankingPostings;
      const excluded = JSON.stringify(ranked.map((m) => m.rowid));
      ranked = ranked.concat(
        scored(matches(shape(true, flat), tiers, end, filter, excluded), tiers).sort(byRank),
      );
    }
    const packed = packRanking(ranked);
    memo.set(key, { ranked: packed, complete });
    return packed;
  };
  /** Ranked matches [from, to) of a ranking, unpacked. */
  const slice = (ranked: Ranking, from: number, to: number): LightMatch[] => {
    const out: LightMatch[] = [];
    for (let i = from; i < Math.min(to, ranked.length); i++)
      out.push({
        rowid: ranked.rowid[i]!,
        lexical: ranked.lexical[i]!,
        score: ranked.score[i]!,
        weight: ranked.weight[i]!,
      });
    return out;
  };

  return {
    rankedMatches: ({ tiers, end, postings, available, offset, limit, filter }) =>
      slice(
        rankTiers(tiers, end, postings, offset + limit, available, filter),
        offset,
        offset + limit,
      ),
  };
}
