/**
 * Refinement chips, evaluated for what makes them useful: for the 100 most common one-word queries, the
 * share that get at least 5 chips, and the average fraction of results each chip keeps (it
 * should narrow — well under 100 % — yet leave enough to browse).
 *
 * "Most common one-word queries": there is no real query log yet, so they are the single-word
 * completions of the suggestion vocabulary with the most pins (what autocomplete offers first),
 * stopwords excluded. Each query is searched through the engine wrapped as the server wraps it
 * (the search service, src/server/service/search-service.ts); every chip is then applied and the narrowed total compared with the
 * query's. Also checks that a chip's `count` is the narrowed total when every match was a
 * mining candidate (total ≤ MINING_CANDIDATES). Writes bench/results/refinements-eval.json.
 * `tsx bench/refinements-eval.ts`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Refinement } from '@/contract/api';
import { openSearchService } from '@/server/service/search-service';
import { indexPath } from '@/server/engine/schema';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { MINING_CANDIDATES } from '@/server/refine/with-refinements';
import { buildVocabularyIndex } from '@/server/suggest/build-vocabulary-index';
import { writeResult } from './lib/results';
import { percentile } from './lib/stats';

const QUERY_COUNT = 100;
const MIN_CHIPS = 5;
const PAGE_SIZE = 30;
const FULL_CORPUS_DIR = path.resolve('data', 'bench', 'openmoji+openclipart');

const round = (x: number, digits = 3) => Number(x.toFixed(digits));
const mean = (xs: readonly number[]) =>
  xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;

function topOneWordQueries(dataDir: string): string[] {
  const db = new Database(indexPath(dataDir), { readonly: true, fileMustExist: true });
  const { index } = buildVocabularyIndex(db);
  db.close();
  return index.completions
    .filter((c) => !/[\s\-_'&]/u.test(c.text) && c.kind !== 'category')
    .sort((a, b) => b.weight - a.weight || (a.text < b.text ? -1 : 1))
    .slice(0, QUERY_COUNT)
    .map((c) => c.text);
}

interface ChipOutcome {
  kind: Refinement['kind'];
  kept: number;
  exactCount: boolean | null;
}

function evaluate(corpus: string, dataDir: string) {
  const queries = topOneWordQueries(dataDir);
  const engine = openSearchService({ dataDir, resultCache: false });
  const perQuery: { q: string; total: number; chips: number; sample: string[] }[] = [];
  const outcomes: ChipOutcome[] = [];
  const mineMs: number[] = [];
  try {
    for (const q of queries) {
      const started = performance.now();
      const page = engine.search({ q, refine: [], offset: 0, limit: PAGE_SIZE });
      mineMs.push(performance.now() - started);
      perQuery.push({
        q,
        total: page.total,
        chips: page.refinements.length,
        sample: page.refinements.slice(0, 5).map((c) => c.label),
      });
      for (const chip of page.refinements) {
        const narrowed = engine.search({ q, refine: [chip.value], offset: 0, limit: 1 }).total;
        outcomes.push({
          kind: chip.kind,
          kept: page.total === 0 ? 0 : narrowed / page.total,
          exactCount: page.total <= MINING_CANDIDATES ? narrowed === chip.count : null,
        });
      }
    }
  } finally {
    engine.close();
  }
  const kept = outcomes.map((o) => o.kept);
  const byKind = Object.fromEntries(
    (['term', 'category', 'color'] as const).map((kind) => {
      const of = outcomes.filter((o) => o.kind === kind).map((o) => o.kept);
      return [kind, { chips: of.length, meanKept: round(mean(of)) }];
    }),
  );
  const checked = outcomes.filter((o) => o.exactCount !== null);
  const result = {
    corpus,
    queries: queries.length,
    shareWithAtLeast5Chips: round(
      perQuery.filter((p) => p.chips >= MIN_CHIPS).length / perQuery.length,
    ),
    meanChipsPerQuery: round(mean(perQuery.map((p) => p.chips)), 2),
    meanFractionKeptPerChip: round(mean(kept)),
    fractionKept: kept.length
      ? {
          p10: round(percentile(kept, 10)),
          p50: round(percentile(kept, 50)),
          p90: round(percentile(kept, 90)),
          max: round(Math.max(...kept)),
        }
      : null,
    byKind,
    countExactWhereAllMatchesMined: {
      chips: checked.length,
      exact: checked.filter((o) => o.exactCount).length,
    },
    firstPageWithChipsMs: {
      p50: round(percentile(mineMs, 50)),
      p95: round(percentile(mineMs, 95)),
    },
    queriesWithFewerThan5Chips: perQuery
      .filter((p) => p.chips < MIN_CHIPS)
      .map((p) => `${p.q} (${p.total} results, ${p.chips} chips)`),
    sample: perQuery.slice(0, 10),
  };
  console.log(
    `${corpus}: ${result.shareWithAtLeast5Chips * 100}% of ${queries.length} queries get ≥${MIN_CHIPS} chips ` +
      `(mean ${result.meanChipsPerQuery}); a chip keeps ${round(result.meanFractionKeptPerChip * 100, 1)}% of results on average; ` +
      `counts exact ${result.countExactWhereAllMatchesMined.exact}/${result.countExactWhereAllMatchesMined.chips}`,
  );
  return result;
}

const corpora = [evaluate('openmoji', await ensureTestIndex())];
if (existsSync(indexPath(FULL_CORPUS_DIR)))
  corpora.push(evaluate('openmoji+openclipart', FULL_CORPUS_DIR));

const file = writeResult('refinements-eval', {
  description:
    `The ${QUERY_COUNT} single-word completions with the most pins (a stand-in for the most common one-word queries ` +
    `until a real query log exists), each searched (first page, limit ${PAGE_SIZE}) through the engine as the server ` +
    `wraps it; every chip applied once. fractionKept = narrowed total / query total. countExact: chips whose count ` +
    `equals the narrowed total, over queries whose every match was a mining candidate (≤ ${MINING_CANDIDATES}). ` +
    'firstPageWithChipsMs: first-page search including chip mining (cold cache).',
  notes: [
    'Measured on a shared development machine: timings are noisy; the ratios are deterministic.',
  ],
  corpora,
});
console.log(`wrote ${file}`);
