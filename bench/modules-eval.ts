/**
 * Module generation (src/server/modules) over the default index (`data`, or INSPO_DATA_DIR),
 * through the real search route (app.inject: the engine, chips, query graph and modules as the
 * API answers them). Writes bench/results/modules-eval.json. `tsx bench/modules-eval.ts`.
 *
 * Query set: the 100 single-word corpus completions with the most pins (related-searches-eval.ts
 * and refinements-eval.ts use the same stand-in for the most common queries), each searched once
 * before the measured pass so the query log holds it, as a server that had served them would.
 *
 * Measures:
 * - broad: queries with at least MIN_NARROW_TOTAL results; `narrowShare` the share of them with
 *   a narrowing module (the "share of broad queries that get a narrowing module"), and
 *   of the others (which must be 0: narrowing is left out below that);
 * - tiles: per module kind, how many; `returnResults` the share whose search (q + refine, the
 *   tile's own link) finds pins (must be 1); `coverInResults` the share whose cover is among the
 *   first 100 results of that search; `duplicateCovers` covers used twice on one page (must be
 *   0); `stemDuplicates` tiles (without refinement) whose stem set equals the query's or another
 *   tile's on the page (must be 0); `artefacts` labels with a hyphen, underscore, slash or digit;
 * - cost: generateModules alone on each query's inputs (CPU of the server's own work per first
 *   page), medians and p95 over REPEATS rounds, with the search route's time for scale.
 * Shopping intent and video supply need an index with typed pins (the default corpus has none):
 * the counts of shop/watch modules here must be 0.
 */
import os from 'node:os';
import path from 'node:path';
import { SearchResponseSchema, type SearchResponse } from '@/contract/api';
import { generateModules, MIN_NARROW_TOTAL } from '@/server/modules/generate-modules';
import { matchKey, matchTerms } from '@/server/query/normalize';
import { writeResult } from './lib/results';
import { openRouteApp } from './lib/route-app';
import { topOneWordQueries } from './lib/top-queries';
import { percentile } from './lib/stats';

const TOP_QUERIES = 100;
const REPEATS = 20;
const COVER_PAGE = 100;

const dataDir = path.resolve(process.env.INSPO_DATA_DIR ?? 'data');
const queries = topOneWordQueries(dataDir, TOP_QUERIES);

const { engine, suggest, app, close } = openRouteApp(dataDir);

async function search(params: Record<string, string | string[]>): Promise<SearchResponse> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of [v].flat()) qs.append(k, x);
  const response = await app.inject({ url: `/api/v1/search?${qs.toString()}` });
  if (response.statusCode !== 200) throw new Error(`${qs.toString()}: ${response.statusCode}`);
  return SearchResponseSchema.parse(response.json());
}
const stemKey = (text: string) => matchTerms(text).map(matchKey).sort().join(' ');

for (const q of queries) await search({ q }); // the query log holds each, as a served one would
const loadBefore = os.loadavg();

const perKind = new Map<
  string,
  {
    modules: number;
    tiles: number;
    returnResults: number;
    coverInResults: number;
    artefacts: number;
  }
>();
let broad = 0;
let broadNarrow = 0;
let narrowOnNarrowQuery = 0;
let duplicateCovers = 0;
let stemDuplicates = 0;
const artefactLabels: string[] = [];
const routeMs: number[] = [];
const rows: { q: string; total: number; modules: string[] }[] = [];
for (const q of queries) {
  const started = performance.now();
  const page = await search({ q });
  routeMs.push(performance.now() - started);
  const modules = page.modules ?? [];
  const isBroad = page.total >= MIN_NARROW_TOTAL;
  const hasNarrow = modules.some((m) => m.kind === 'narrow');
  if (isBroad) {
    broad++;
    if (hasNarrow) broadNarrow++;
  } else if (hasNarrow) narrowOnNarrowQuery++;
  rows.push({ q, total: page.total, modules: modules.map((m) => m.kind) });
  const covers = new Set<string>();
  const keys = new Set([stemKey(q)]);
  for (const m of modules) {
    const stats = perKind.get(m.kind) ?? {
      modules: 0,
      tiles: 0,
      returnResults: 0,
      coverInResults: 0,
      artefacts: 0,
    };
    perKind.set(m.kind, stats);
    stats.modules++;
    if (!('tiles' in m)) continue;
    for (const tile of m.tiles) {
      stats.tiles++;
      if (covers.has(tile.cover.id)) duplicateCovers++;
      covers.add(tile.cover.id);
      if (/[-_/\d]/u.test(tile.label)) {
        stats.artefacts++;
        artefactLabels.push(`${q}: ${tile.label}`);
      }
      if (tile.refine.length === 0) {
        const key = stemKey(tile.label);
        if (keys.has(key)) stemDuplicates++;
        keys.add(key);
      }
      const found = await search({ q: tile.q, refine: tile.refine, limit: String(COVER_PAGE) });
      if (found.total > 0) stats.returnResults++;
      if (found.items.some((i) => i.id === tile.cover.id)) stats.coverInResults++;
    }
  }
}

// The generation alone, on each query's own inputs (what the route hands it).
const inputs = [];
for (const q of queries) {
  const result = engine.search({ q, refine: [], offset: 0, limit: 30, exact: false });
  const related =
    suggest.recommend({ query: result.query.normalized, seedIds: result.items.map((i) => i.id) }) ??
    [];
  inputs.push({
    q,
    refine: [],
    query: result.query,
    total: result.total,
    candidates: result.top ?? [],
    refinements: result.refinements,
    related,
  });
}
const generateMs: number[] = [];
const cpuBefore = process.cpuUsage();
for (let r = 0; r < REPEATS; r++)
  for (const input of inputs) {
    const started = performance.now();
    generateModules(input);
    generateMs.push(performance.now() - started);
  }
const cpu = process.cpuUsage(cpuBefore);
const loadAfter = os.loadavg();

const summary = {
  queries: queries.length,
  broad,
  narrowShare: broad === 0 ? null : broadNarrow / broad,
  narrowOnQueriesWithFewResults: narrowOnNarrowQuery,
  withAnyModule: rows.filter((r) => r.modules.length > 0).length / rows.length,
  kinds: Object.fromEntries(
    [...perKind].map(([kind, s]) => [
      kind,
      {
        modules: s.modules,
        tilesPerModule: s.modules ? s.tiles / s.modules : 0,
        returnResults: s.tiles ? s.returnResults / s.tiles : null,
        coverInResults: s.tiles ? s.coverInResults / s.tiles : null,
        artefacts: s.artefacts,
      },
    ]),
  ),
  duplicateCovers,
  stemDuplicates,
  artefactLabels,
  cost: {
    generateMsP50: percentile(generateMs, 50),
    generateMsP95: percentile(generateMs, 95),
    generateCpuMsPerCall: (cpu.user + cpu.system) / 1000 / generateMs.length,
    routeMsP50: percentile(routeMs, 50),
    routeMsP95: percentile(routeMs, 95),
  },
  loadAverage: { before: loadBefore[0], after: loadAfter[0] },
};
console.log(JSON.stringify(summary, null, 2));
const file = writeResult('modules-eval', {
  description:
    'Module generation (src/server/modules) through the search route over the default index, top 100 single-word completions: share of broad queries (>= 40 results) with a narrowing module, tiles returning results, covers, duplicates, and generation cost.',
  dataDir: path.relative(process.cwd(), dataDir) || '.',
  ...summary,
  rows,
});
console.log(`wrote ${file}`);
await close();
