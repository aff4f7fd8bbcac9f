/**
 * Search with query understanding (src/server/query): the query is normalized, corrected and
 * expanded, then matched as widening TIERS (query/fts-match.ts) — exact words first, then
 * regional spellings, then WordNet synonyms, then hypernyms/hyponyms.
 *
 * Ranking: a pin belongs to the first tier that matches it; pins are ordered by tier, then
 * by score = bm25 × tier weight × (1 + POPULARITY_BOOST × popularity), then rowid. So an
 * expansion can add results but never push an exact match down. `total` counts the last
 * tier, which matches a superset of all the others.
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
import { withRefineFilter } from './refine-filter';
import { PIN_COLUMNS } from './pin-row';
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
 * One ranked statement per tier count. Each tier is its own MATERIALIZED CTE: bm25() only
 * works in the FTS5 query that computes it, and without the fence SQLite flattens a lone tier
 * into the GROUP BY below ("unable to use function bm25 in the requested context").
 */
function rankedSql(tierCount: number): string {
  const tiers = Array.from(
    { length: tierCount },
    (_, k) =>
      `t${k} AS MATERIALIZED (SELECT rowid, -bm25(pins_fts, ${BM25_ARGS}) AS lexical, ? AS weight FROM pins_fts WHERE pins_fts MATCH ?)`,
  ).join(',\n    ');
  const hits = Array.from({ length: tierCount }, (_, k) => `SELECT rowid, lexical, weight, ${k} AS tier FROM t${k}`).join(
    ' UNION ALL ',
  );
  // min(tier) makes SQLite take the bare columns (lexical, weight) from that same row.
  return `
    WITH ${tiers},
    hits AS (${hits}),
    firsts AS (SELECT rowid, min(tier) AS tier, lexical, weight FROM hits GROUP BY rowid),
    page AS (
      SELECT f.rowid AS rowid, f.tier AS tier, f.lexical AS lexical, f.weight AS weight,
        f.lexical * f.weight * (1 + ? * p.popularity) AS score
      FROM firsts f JOIN pins p ON p.rowid = f.rowid
      ORDER BY f.tier, score DESC, f.rowid
      LIMIT ? OFFSET ?
    )
    SELECT ${PIN_COLUMNS}, page.lexical AS lexical, page.score AS score, page.weight AS weight
    FROM page JOIN pins p ON p.rowid = page.rowid
    ORDER BY page.tier, page.score DESC, page.rowid`;
}

export function createUnderstoodSearch({
  db,
  popularityBoost,
}: {
  db: Database.Database;
  popularityBoost: number;
}): UnderstoodSearch {
  let services: QueryServices | null = null;
  const warm = (): QueryServices => (services ??= createQueryServices({ vocabulary: loadVocabulary(db) }));
  const corpusSize = db.prepare<[], number>('SELECT count(*) FROM pins').pluck().get() ?? 0;
  const countSql = 'SELECT count(*) FROM pins_fts WHERE pins_fts MATCH ?';
  const countStmt = db.prepare<[string], number>(countSql).pluck();
  const filteredCountStmt = db.prepare<[string, string], number>(withRefineFilter(countSql)).pluck();
  const ranked = new Map<string, Database.Statement<unknown[], TieredRow>>();
  const rankedStmt = (tierCount: number, filtered: boolean) => {
    const key = `${tierCount}:${filtered}`;
    let stmt = ranked.get(key);
    if (!stmt) {
      const sql = rankedSql(tierCount);
      stmt = db.prepare<unknown[], TieredRow>(filtered ? withRefineFilter(sql) : sql);
      ranked.set(key, stmt);
    }
    return stmt;
  };
  // A filter's parameter follows each MATCH parameter (refine-filter.ts).
  const page = (tiers: readonly MatchTier[], limit: number, offset: number, filter: string | null): TieredRow[] =>
    rankedStmt(tiers.length, filter !== null).all(
      ...tiers.flatMap((t) => (filter === null ? [t.weight, t.match] : [t.weight, t.match, filter])),
      popularityBoost,
      limit,
      offset,
    );
  const count = (match: string, filter: string | null): number =>
    (filter === null ? countStmt.get(match) : filteredCountStmt.get(match, filter)) ?? 0;

  return {
    warm,
    search({ q, refine, offset, limit, exact, filter = null }) {
      const ctx = warm();
      const { groups, ...query } = understandQuery(q, ctx, { forceOriginal: exact });
      const tiers = matchTiers({ groups, refine });
      if (tiers.length === 0) return { rows: [], total: 0, query, relatedSearches: [] };
      const rows = page(tiers, limit, offset, filter);
      const total = count(tiers[tiers.length - 1]!.match, filter);
      // Mined once per query, on its first page: later pages would only repeat them.
      let related: string[] = [];
      if (offset === 0 && total > 0) {
        const top = rows.length >= Math.min(total, RELATED_SEARCH_SAMPLE) ? rows : page(tiers, RELATED_SEARCH_SAMPLE, 0, filter);
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
