/**
 * Module relevance with held-out tags: are the pins a results page's modules show (the covers of
 * "Narrow it down" and "Related searches" tiles, the products of "Shop", the clips of "Watch") about
 * the query, judged by tags the server never saw?
 *
 * Judgments, derived from the corpus (no human labels exist), as in bench/retrieval-eval.ts:
 * 1. Queries: the top one-word queries of the default index (what autocomplete offers first; the
 *    set bench/modules-eval.ts uses) that are also tags on at least MIN_TAG_PINS pins.
 * 2. Hiding: for each query, in a seeded order, the query's tag is removed from a random half of
 *    its pins (a pin loses at most one tag), and a variant index is built from the modified pins
 *    with the production writer (FTS, embeddings, typed pins' offers and clips), so retrieval, the
 *    chips and the modules never see the hidden half.
 * 3. A module pin is relevant when it had the query's tag before hiding; "found by hidden tag" when
 *    its tag was hidden (it was picked without that evidence).
 * Reported per module kind: modules, pins judged, precision, the share found by a hidden tag; and
 * the same precision for the first page of the grid (30 cards) as the bar, on the same queries.
 * The cover of a narrowing tile stands for the query plus the tile's refinement, so its relevance
 * to the query alone is what is judged here (a tile that leaves the query's topic is the failure).
 *
 * `tsx bench/module-relevance-eval.ts` (INSPO_DATA_DIR: the index, default ./data); the variant is
 * written under data/bench/module-relevance-eval. Writes bench/results/module-relevance-eval.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SearchResponseSchema, type SearchResponse } from '@/contract/api';
import { seededRandom } from '@/lib/random/seeded-random';
import { indexPath } from '@/server/engine/schema';
import { buildEmbeddings } from '@/server/retrieval/build-embeddings';
import { hnswPathFor } from '@/server/retrieval/store';
import { writeIndex, type IndexRecord } from '@/server/ingest/index-writer';
import { loadRows, shuffle, toRecord } from './lib/held-out-tags';
import { writeResult } from './lib/results';
import { openRouteApp } from './lib/route-app';
import { topOneWordQueries } from './lib/top-queries';

const SEED = 20_261_207;
const TOP_QUERIES = 100;
const MIN_TAG_PINS = 12;
const HIDE_FRACTION = 0.5;
const GRID_PAGE = 30;

const sourceDir = path.resolve(process.env.INSPO_DATA_DIR ?? 'data');
const variantDir = path.resolve('data', 'bench', 'module-relevance-eval');

const rows = loadRows(sourceDir);
const tagsById = new Map(rows.map((r) => [r.id, JSON.parse(r.tags) as string[]]));
const pinsByTag = new Map<string, string[]>();
for (const [id, tags] of tagsById) for (const t of tags) pinsByTag.set(t, [...(pinsByTag.get(t) ?? []), id]);

const queries = topOneWordQueries(sourceDir, TOP_QUERIES).filter(
  (q) => (pinsByTag.get(q)?.length ?? 0) >= MIN_TAG_PINS,
);
const random = seededRandom(SEED);
const relevant = new Map<string, Set<string>>();
const hidden = new Map<string, Set<string>>();
const lostOne = new Set<string>();
for (const q of shuffle(queries, random)) {
  const pins = pinsByTag.get(q)!;
  relevant.set(q, new Set(pins));
  const hide = new Set<string>();
  for (const id of shuffle(pins, random)) {
    if (hide.size >= Math.floor(pins.length * HIDE_FRACTION)) break;
    if (lostOne.has(id)) continue;
    hide.add(id);
    lostOne.add(id);
    tagsById.set(id, tagsById.get(id)!.filter((t) => t !== q));
  }
  hidden.set(q, hide);
}

// Typed pins keep their offers and clips, so the variant has Shop and Watch modules too.
const source = new Database(indexPath(sourceDir), { readonly: true, fileMustExist: true });
const media = new Map(
  (source.prepare('SELECT p.id, m.data FROM pin_media m JOIN pins p ON p.rowid = m.pin').all() as { id: string; data: string }[]).map(
    (m) => [m.id, JSON.parse(m.data) as Pick<IndexRecord, 'product' | 'video'>],
  ),
);
source.close();

fs.rmSync(variantDir, { recursive: true, force: true });
fs.mkdirSync(variantDir, { recursive: true });
const buildStarted = performance.now();
writeIndex({
  dataDir: variantDir,
  records: rows.map((r) => ({ ...toRecord(r, tagsById.get(r.id)!), ...(media.get(r.id) ?? {}) })),
  sources: {},
  startedAt: performance.now(),
  fingerprint: 'module-relevance-eval',
  afterWrite: (db, dbPath) => buildEmbeddings(db, { hnswPath: hnswPathFor(dbPath) }),
});
const buildMs = performance.now() - buildStarted;

const { app, close } = openRouteApp(variantDir);
async function search(q: string): Promise<SearchResponse> {
  const response = await app.inject({ url: `/api/v1/search?${new URLSearchParams({ q, limit: String(GRID_PAGE) })}` });
  if (response.statusCode !== 200) throw new Error(`${q}: ${response.statusCode}`);
  return SearchResponseSchema.parse(response.json());
}
for (const q of queries) await search(q); // the query log holds each, as a served one would

interface Tally {
  modules: number;
  pins: number;
  relevant: number;
  foundByHiddenTag: number;
}
const tally = () => ({ modules: 0, pins: 0, relevant: 0, foundByHiddenTag: 0 });
const perKind = new Map<string, Tally>();
const grid = tally();
const count = (t: Tally, q: string, ids: readonly string[]) => {
  for (const id of ids) {
    t.pins++;
    if (relevant.get(q)!.has(id)) t.relevant++;
    if (hidden.get(q)!.has(id)) t.foundByHiddenTag++;
  }
};
const rowsOut: { q: string; total: number; modules: { kind: string; pins: number; relevant: number }[] }[] = [];
for (const q of queries) {
  const page = await search(q);
  grid.modules++;
  count(grid, q, page.items.map((p) => p.id));
  const out: (typeof rowsOut)[number]['modules'] = [];
  for (const m of page.modules ?? []) {
    const ids = 'tiles' in m ? m.tiles.map((t) => t.cover.id) : m.pins.map((p) => p.id);
    const t = perKind.get(m.kind) ?? tally();
    perKind.set(m.kind, t);
    t.modules++;
    const before = t.relevant;
    count(t, q, ids);
    out.push({ kind: m.kind, pins: ids.length, relevant: t.relevant - before });
  }
  rowsOut.push({ q, total: page.total, modules: out });
}
await close();

const r4 = (x: number) => Number(x.toFixed(4));
const summary = (t: Tally) => ({
  modules: t.modules,
  pins: t.pins,
  precision: t.pins ? r4(t.relevant / t.pins) : null,
  foundByHiddenTag: t.pins ? r4(t.foundByHiddenTag / t.pins) : null,
});
const file = writeResult('module-relevance-eval', {
  description:
    'Held-out-tag relevance of the pins in each kind of module (narrow and related tile covers, shop products, watch clips) against the query, over a variant of the default index whose query tags are hidden from half their pins; the grid\'s first page (30 cards) on the same queries is the bar.',
  dataDir: path.relative(process.cwd(), sourceDir) || '.',
  queries: queries.length,
  method: { seed: SEED, topQueries: TOP_QUERIES, minTagPins: MIN_TAG_PINS, hideFraction: HIDE_FRACTION, gridPage: GRID_PAGE },
  variantBuildMs: Math.round(buildMs),
  grid: summary(grid),
  kinds: Object.fromEntries([...perKind].map(([k, t]) => [k, summary(t)])),
  loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
  rows: rowsOut,
});
console.log(JSON.stringify({ queries: queries.length, grid: summary(grid), kinds: Object.fromEntries([...perKind].map(([k, t]) => [k, summary(t)])) }));
console.log(`wrote ${file}`);
