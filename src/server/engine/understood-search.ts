/**
 * Search with query understanding (src/server/query): the query is normalized, corrected and
 * expanded, then matched as widening TIERS (engine/fts-match.ts) — exact words first, then
 * regional spellings, then WordNet synonyms, then hypernyms/hyponyms.
 *
 * This module composes one search from three parts, each in a file of its own:
 *   - match-count.ts  how many pins match (exact up to a limit, estimated above) and which of
 *                     them are ranked (a broad query ranks a window of its most popular matches);
 *   - tier-ranking.ts the ranking of the window by tier, bm25 and popularity;
 *   - here            understanding, the page (ranked window, then the rest in rowid order),
 *                     and related searches mined from the first page.
 *
 * Broad queries cost a bounded amount whatever the corpus size: only the first RANK_WINDOW
 * matches of the last tier in rowid order are ranked — rowid order is the static rank, most
 * popular first (engine/schema.ts) — so a query matching 300,000 of a million pins ranks the
 * 2,000 most popular of them. Matches past that window follow in rowid order, unscored. Queries
 * with at most RANK_WINDOW matches are ranked exactly: on the real corpora that is every query
 * but a few boilerplate words ("clip", "art": every OpenClipart description says "Clip art").
 * At a million pins this keeps search p95 under 20 ms (bench/corpus-scale.ts); whole rows are
 * read for the page alone.
 *
 * The vocabulary, spelling index and WordNet expander are built on the first search, not at
 * open: an engine opened for getPin/related alone (and most tests) never pays for them.
 */
import type Database from 'better-sqlite3';
import type { UnderstoodQuery } from '@/contract/api';
import { matchTiers, type MatchTier } from '@/server/engine/fts-match';
import { loadVocabulary } from '@/server/engine/load-vocabulary';
import { createQueryServices, type QueryServices } from '@/server/query/query-context';
import { relatedSearches } from '@/server/query/related-searches';
import { EXACT_WEIGHT, understandQuery } from '@/server/query/understand';
import { readForeignWords } from './foreign-words';
import { headIndexEnd } from './head-index';
import { createMatchCounter, type Probe } from './match-count';
import { createPinRowReader, type PinRow } from './pin-row';
import { withRefineFilter } from './refine-filter';
import { readStoredLexicon } from './stored-lexicon';
import { readStoredVocabulary } from './stored-vocabulary';
import { createTierRanker, FLAT_RANKING_POSTINGS, type LightMatch } from './tier-ranking';

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
  query: UnderstoodQuery;
  relatedSearches: string[];
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
    hl?: string | undefined;
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

/**
 * Matches of the last tier past the window, in rowid (static rank) order: unscored (lexical and
 * score 0; bm25 would read every query word's whole posting list), by OFFSET rather than a
 * rowid bound (see rankedSql).
 */
const TAIL_SQL =
  'SELECT rowid FROM pins_fts WHERE pins_fts MATCH ? ORDER BY rowid LIMIT ? OFFSET ?';

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

export function createUnderstoodSearch({
  db,
  popularityBoost,
  rankWindow = RANK_WINDOW,
  flatRankingPostings = FLAT_RANKING_POSTINGS,
  headRankingPostings = HEAD_RANKING_POSTINGS,
  crossLingual = true,
  predictedColumn,
}: {
  db: Database.Database;
  popularityBoost: number;
  /** The FTS column of tags predicted from pixels, when the index has one (fts-match.ts). */
  predictedColumn?: string;
  /** false: no lexicon, every query read as English (a benchmark baseline). */
  crossLingual?: boolean;
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
      lexicon: crossLingual ? readStoredLexicon(db) : null,
      foreignWords: crossLingual ? readForeignWords(db) : null,
    }));
  const corpusSize = db.prepare<[], number>('SELECT count(*) FROM pins').pluck().get() ?? 0;
  const tailStmts = [TAIL_SQL, withRefineFilter(TAIL_SQL)].map((sql) =>
    db.prepare<unknown[], number>(sql).pluck(),
  );
  const readRows = createPinRowReader(db);
  const headEnd = headIndexEnd(db);
  const maxRowid =
    db.prepare<[], number>('SELECT coalesce(max(rowid), 0) FROM pins').pluck().get() ?? 0;
  const counter = createMatchCounter({ db, rankWindow, headEnd, maxRowid });
  const ranker = createTierRanker({
    db,
    popularityBoost,
    rankWindow,
    flatRankingPostings,
    headEnd,
    maxRowid,
  });
  // A filter's parameter follows each MATCH parameter (refine-filter.ts).
  const matchArgs = (match: string, filter: string | null): string[] =>
    filter === null ? [match] : [match, filter];
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
  const tailMatches = (
    last: MatchTier,
    limit: number,
    offset: number,
    filter: string | null,
  ): LightMatch[] =>
    tailStmts[filter === null ? 0 : 1]!.all(...matchArgs(last.match, filter), limit, offset).map(
      (rowid) => ({ rowid, lexical: 0, score: 0, weight: last.weight }),
    );
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
    if (window === null)
      return ranker.rankedMatches({
        tiers,
        end: null,
        postings,
        available: total,
        offset,
        limit,
        filter,
      });
    const last = tiers[tiers.length - 1]!;
    const { end, size } = window;
    const head =
      offset < size
        ? ranker.rankedMatches({
            tiers,
            end,
            postings,
            available: size,
            offset,
            limit: Math.min(limit, size - offset),
            filter,
          })
        : [];
    const rest = limit - head.length;
    return rest > 0 ? [...head, ...tailMatches(last, rest, Math.max(offset, size), filter)] : head;
  };
  const rank: UnderstoodSearch['rank'] = ({ q, refine, offset, limit, exact, hl, filter = null }) => {
    const ctx = warm();
    const { groups, ...query } = understandQuery(q, ctx, { forceOriginal: exact, hint: hl });
    const tiers = matchTiers({ groups, refine, ...(predictedColumn ? { predictedColumn } : {}) });
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
    const counted = counter.probe(tiers[tiers.length - 1]!, filter, heavy);
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
