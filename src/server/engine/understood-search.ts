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
 * Cost at a million pins (where search p95 must stay ≤ 20 ms). SQLite returns only (rowid, bm25,
 * tier) of the matches; scores, sorting and paging are done here, with popularity held in a
 * typed array, and whole rows are read for the page alone. Tier 0 is ranked on its own first:
 * when it fills the page, or holds every match, the expansion tiers are never read — for a
 * query of common words they are what costs (each bm25 cursor counts every pin of each of its
 * words).
 *
 * The vocabulary, spelling index and WordNet expander are built on the first search, not at
 * open: an engine opened for getPin/related alone (and most tests) never pays for them.
 */
import type Database from 'better-sqlite3';
import { matchTiers, type MatchTier } from '@/server/engine/fts-match';
import { loadVocabulary } from '@/server/engine/load-vocabulary';
import { createQueryServices, type QueryServices } from '@/server/query/query-context';
import { relatedSearches } from '@/server/query/related-searches';
import { EXACT_WEIGHT, understandQuery } from '@/server/query/understand';
import type { PinRow } from './pin-row';
import { headIndexEnd, HEAD_FTS_TABLE } from './head-index';
import { REFINE_FILTER_FUNCTION, withRefineFilter } from './refine-filter';
import { createPinRowReader } from './pin-row';
import { readStoredVocabulary } from './stored-vocabulary';
import { byRank, packRanking, type RankedMatch, type Ranking } from './packed-ranking';
import { flatRankedSql, FULL_FTS_TABLE, rankedSql, type StatementShape } from './tier-statements';

/** How many top results related searches are mined from. */
export const RELATED_SEARCH_SAMPLE = 30;
/** Below this many full-weight matches, related searches are mined from all top results. */
const MIN_EXACT_SAMPLE = 3;
/** Siblings asked of WordNet per query word. */
const MAX_SIBLINGS = 6;

export interface TieredRow extends PinRow {
  lexical: number;
  score: number;
  weight: number;
}

export interface UnderstoodSearchPage {
  rows: TieredRow[];
  total: number;
  query: {
    raw: string;
    normalized: string;
    corrections: { from: string; to: string }[];
    expansions: { term: string; weight: number; source: 'wordnet' | 'spelling' | 'embedding' }[];
  };
  relatedSearches: string[];
}

/** A match of a page before its pin is read (see UnderstoodSearch.rank). */
export interface LightMatch {
  rowid: number;
  lexical: number;
  score: number;
  weight: number;
}

export interface UnderstoodSearchRanking extends Omit<UnderstoodSearchPage, 'rows'> {
  matches: LightMatch[];
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
  /** The same page as `search`, without reading its pins. */
  rank(p: Parameters<UnderstoodSearch['search']>[0]): UnderstoodSearchRanking;
  /** Builds the vocabulary and indexes now (otherwise the first search does). */
  warm(): QueryServices;
}

/**
 * Matches ranked by score per query, at most (see the header). bm25 costs ~1 µs a row; this
 * bounds a page's ranking work to a few milliseconds at any corpus size.
 */
export const RANK_WINDOW = 2_000;

/** What counting a query's matches tells, once per search whatever pages are cut from it. */
interface Probe {
  total: number;
  /**
   * The ranked window (its last rowid and its size), or null when every match is ranked. A
   * query of very common words is ranked on the head index whatever its count (see
   * HEAD_RANKING_POSTINGS); its `total` is then estimated from the head's matches.
   */
  window: { end: number; size: number } | null;
}

/**
 * Matches of the last tier past the window, in rowid (static rank) order: unscored (lexical and
 * score 0; bm25 would read every query word's whole posting list), by OFFSET rather than a
 * rowid bound (see rankedSql).
 */
const TAIL_SQL =
  'SELECT rowid FROM pins_fts WHERE pins_fts MATCH ? ORDER BY rowid LIMIT ? OFFSET ?';

/**
 * Above this many posting entries (per-tier cursors × the query words' pin counts), a query
 * is ranked with one bm25 cursor (flatRankedSql): ~25 ns an entry, so ~5 ms of counting.
 * Never reached on the real corpora (< 10k pins).
 */
export const FLAT_RANKING_POSTINGS = 200_000;

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

/**
 * Above this many posting entries in the words as searched (tier 0), a query is ranked on the
 * head index, as a broad one is, even when it has fewer matches than the window: bm25 over the
 * full table first counts every pin of each word (~25 ns an entry) and then scores each match,
 * ~10 ms for two words on 5–10 % of a million pins ("vintage full"). The pins of the head (the
 * most popular) are ranked by bm25; the other matches follow in popularity (rowid) order, as
 * past any window. Counting those matches exactly would cost as much again (5–10 ms), so
 * `total` is then an estimate: the head's count scaled to the corpus (within ~10 % on the
 * generated corpus). Only corpora larger than the head have one (the real corpora have none).
 */
export const HEAD_RANKING_POSTINGS = 50_000;

/**
 * `total` is exact up to this many matches and an estimate above (as Elasticsearch's
 * track_total_hits does at 10,000): counting 300,000 matches costs more than ranking a page.
 * Pages end at offset MAX_CURSOR_OFFSET (10,000) anyway, so paging never depends on the estimate.
 */
export const EXACT_TOTAL_LIMIT = 10_000;

/** Rankings kept per engine: a request asks for the same query's ranking two or three times. */
const RANKING_MEMO_SIZE = 8;

export function createUnderstoodSearch({
  db,
  popularityBoost,
  rankWindow = RANK_WINDOW,
  flatRankingPostings = FLAT_RANKING_POSTINGS,
  headRankingPostings = HEAD_RANKING_POSTINGS,
}: {
  db: Database.Database;
  popularityBoost: number;
  /** Matches ranked per query at most (RANK_WINDOW); tests set a small one. */
  rankWindow?: number;
  /** FLAT_RANKING_POSTINGS; tests set 0 to rank every query flat. */
  flatRankingPostings?: number;
  /** HEAD_RANKING_POSTINGS; tests set a small one. */
  headRankingPostings?: number;
}): UnderstoodSearch {
  let services: QueryServices | null = null;
  const warm = (): QueryServices =>
    (services ??= createQueryServices({
      vocabulary: readStoredVocabulary(db) ?? loadVocabulary(db),
    }));
  const corpusSize = db.prepare<[], number>('SELECT count(*) FROM pins').pluck().get() ?? 0;
  const countStmts = [COUNT_UP_TO_SQL, withRefineFilter(COUNT_UP_TO_SQL)].map((sql) =>
    db.prepare<unknown[], [number, number]>(sql).raw(),
  );
  const nthStmts = [NTH_MATCH_SQL, withRefineFilter(NTH_MATCH_SQL)].map((sql) =>
    db.prepare<unknown[], number>(sql).pluck(),
  );
  const tailStmts = [TAIL_SQL, withRefineFilter(TAIL_SQL)].map((sql) =>
    db.prepare<unknown[], number>(sql).pluck(),
  );
  const readRows = createPinRowReader(db);
  const headEnd = headIndexEnd(db);
  const maxRowid =
    db.prepare<[], number>('SELECT coalesce(max(rowid), 0) FROM pins').pluck().get() ?? 0;
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
  const memo = new Map<string, { ranked: Ranking; complete: boolean }>();
  /**
   * Every match of `tiers` (or, with `end`, of the window: matches up to rowid `end`), ranked.
   * `postings`: the posting entries a bm25 cursor per tier would read (see flatRankedSql).
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
    const known = memo.get(key);
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
    memo.delete(key);
    if (memo.size >= RANKING_MEMO_SIZE) memo.delete(memo.keys().next().value!);
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
  /** Whole rows for matches, in their order. */
  const rowsOf = (matches: readonly LightMatch[]): TieredRow[] => {
    const byRowid = readRows(matches.map((m) => m.rowid));
    return matches.map((m) => {
      const row = byRowid.get(m.rowid)! as TieredRow;
      row.lexical = m.lexical;
      row.score = m.score;
      row.weight = m.weight;
      return row;
    });
  };
  const rankedMatches = (
    tiers: readonly MatchTier[],
    end: number | null,
    postings: number,
    available: number,
    limit: number,
    offset: number,
    filter: string | null,
  ): LightMatch[] =>
    slice(
      rankTiers(tiers, end, postings, offset + limit, available, filter),
      offset,
      offset + limit,
    );
  const tailMatches = (
    last: MatchTier,
    limit: number,
    offset: number,
    filter: string | null,
  ): LightMatch[] =>
    tailStmts[filter === null ? 0 : 1]!.all(...matchArgs(last.match, filter), limit, offset).map(
      (rowid) => ({ rowid, lexical: 0, score: 0, weight: last.weight }),
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
  /**
   * Matches [offset, offset + limit) of a query with `total` matches: all ranked when they fit
   * in the window; else the ranked window first, then the rest in rowid order.
   */
  const page = (
    tiers: readonly MatchTier[],
    { total, window }: Probe,
    postings: number,
    limit: number,
    offset: number,
    filter: string | null,
  ): LightMatch[] => {
    if (window === null) return rankedMatches(tiers, null, postings, total, limit, offset, filter);
    const last = tiers[tiers.length - 1]!;
    const { end, size } = window;
    const head =
      offset < size
        ? rankedMatches(tiers, end, postings, size, Math.min(limit, size - offset), offset, filter)
        : [];
    const rest = limit - head.length;
    return rest > 0 ? [...head, ...tailMatches(last, rest, Math.max(offset, size), filter)] : head;
  };
  /**
   * The total, exact up to EXACT_TOTAL_LIMIT; above, the matches' density over the first ones
   * in rowid order, extrapolated to the whole rowid range (never below the limit + 1). With it,
   * when there are more matches than the ranking window, the window.
   */
  const probe = (last: MatchTier, filter: string | null, heavy: boolean): Probe => {
    if (heavy) {
      // The head holds the most popular pins, a sample of the corpus: its share of the matches,
      // scaled to the whole rowid range.
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
  };

  const rank: UnderstoodSearch['rank'] = ({ q, refine, offset, limit, exact, filter = null }) => {
    const ctx = warm();
    const { groups, ...query } = understandQuery(q, ctx, { forceOriginal: exact });
    const tiers = matchTiers({ groups, refine });
    if (tiers.length === 0) return { matches: [], total: 0, query, relatedSearches: [] };
    // Pins of every word the expression names (and of tier 0's): what a bm25 cursor reads to count them.
    const pinsOf = (terms: readonly string[]) =>
      terms.flatMap((t) => t.split(' ')).reduce((sum, word) => sum + ctx.corpusFrequency(word), 0);
    const postings = pinsOf([
      ...groups.flatMap((g) => g.alternatives.map((a) => a.term)),
      ...refine,
    ]);
    const heavy =
      headEnd > 0 && pinsOf([...groups.map((g) => g.term), ...refine]) > headRankingPostings;
    const counted = probe(tiers[tiers.length - 1]!, filter, heavy);
    const { total } = counted;
    const matches = page(tiers, counted, postings, limit, offset, filter);
    // Mined once per query, on its first page: later pages would only repeat them.
    let related: string[] = [];
    if (offset === 0 && total > 0) {
      const top =
        matches.length >= Math.min(total, RELATED_SEARCH_SAMPLE)
          ? matches
          : page(tiers, counted, postings, RELATED_SEARCH_SAMPLE, 0, filter);
      // Mine the full-weight matches when there are enough: words from the far end of a
      // synonym chain ("doughnut" → ring → boxing ring) make odd suggestions.
      const exact = top.filter((r) => r.weight >= EXACT_WEIGHT);
      const sample = rowsOf(
        (exact.length >= MIN_EXACT_SAMPLE ? exact : top).slice(0, RELATED_SEARCH_SAMPLE),
      );
      related = relatedSearches({
        terms: groups.map((g) => g.term),
        candidates: sample.map((r) => ({ title: r.title, tags: JSON.parse(r.tags) as string[] })),
        documentFrequency: ctx.corpusFrequency,
        corpusSize,
        siblings: (term) => ctx.synonyms?.siblings(term, MAX_SIBLINGS) ?? [],
      });
    }
    return { matches, total, query, relatedSearches: related };
  };

  return {
    warm,
    rank,
    search(p) {
      const { matches, ...rest } = rank(p);
      return { rows: rowsOf(matches), ...rest };
    },
  };
}
