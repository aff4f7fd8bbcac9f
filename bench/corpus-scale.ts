/**
 * How cost grows with corpus size, on the generated corpus (docs/generated-corpus.md): 10k, 100k
 * and 1M synthetic pins. The targets at 1M: search p95 ≤ 20 ms, suggest p95 ≤ 5 ms,
 * build ≤ 10 min, peak RSS ≤ 4 GB.
 *
 * Per size, two child processes (so one size's memory never counts against another's):
 *   1. build: `buildIndex` of the generated source into data/bench/generated-<n> (gitignored):
 *      wall and CPU time, the child's peak RSS (process.resourceUsage().maxRSS), index size on
 *      disk (SQLite file + HNSW file + thumbnails).
 *   2. serve: opens the engine and the suggest service as `npm run serve` does (times and RSS),
 *      then, in process, the first page (limit 25) of a seeded query mix — narrow queries drawn
 *      from the index's own tags and titles (bench/lib/draw-queries.ts), broad ones from its most
 *      frequent words and pairs of them — each timed the first time it is seen (chip cache cold)
 *      and again (warm), plus one refinement chip applied per query; suggest per keystroke of
 *      seeded targets as typed. Then the same through HTTP (the real Fastify app on 127.0.0.1,
 *      one request at a time) on a second, disjoint query draw.
 * Wall-clock latencies are what a user waits; CPU milliseconds are reported next to them
 * because this machine is shared (load averages are recorded with each size).
 *
 *   npx tsx bench/corpus-scale.ts [--sizes 10000,100000,1000000] [--reuse]
 *
 * --reuse skips a build whose index already has the same fingerprint (for iterating on the
 * serving side; the build figures then come from the previous results file, if any).
 */
import { fork } from 'node:child_process';
import { SERVER_NODE_ARGS } from '../scripts/lib/server-node-args.mjs';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { API_PREFIX } from '@/contract/api';
import { openSearchService } from '@/server/service/search-service';
import { META_KEYS, indexPath, thumbsDir } from '@/server/engine/schema';
import type { SearchEngine } from '@/server/engine/types';
import { createServer } from '@/server/http/create-server';
import { buildFingerprint, buildIndex, readOpenmojiVersion } from '@/server/ingest/build-index';
import { DEFAULT_GENERATED_SEED } from '@/server/ingest/sources/generated';
import { defaultOpenmojiDir } from '@/server/ingest/sources/openmoji';
import { isStopword } from '@/server/query/stopwords';
import { createSuggestService } from '@/server/suggest/suggest-service';
import { seededRandom } from '@/lib/random/seeded-random';
import { drawQueries } from './lib/draw-queries';
import { RESULTS_DIR, writeResult } from './lib/results';
import { summarize, type LatencySummary } from './lib/stats';

const SIZES = [10_000, 100_000, 1_000_000];
const BENCH_DATA_ROOT = path.resolve('data', 'bench');
const SEED = 20_251_125;
const CORPUS_SEED = DEFAULT_GENERATED_SEED;
const PAGE = 25;
const NARROW_QUERIES = 150;
const BROAD_WORDS = 16;
const BROAD_PAIRS = 24;
/** Words on more than this share of pins are boilerplate ("generated" is on every one), not queries. */
const MAX_BROAD_SHARE = 0.5;
const WARM_REPEATS = 3;
const HTTP_QUERIES = 100;
const SUGGEST_TARGETS = 100;
const SUGGEST_LIMIT = 8;
const SUGGEST_REPEATS = 3;

const TARGETS = {
  searchP95Ms: 20,
  suggestP95Ms: 5,
  buildMs: 10 * 60_000,
  peakRssMiB: 4096,
} as const;

const dataDirFor = (n: number): string => path.join(BENCH_DATA_ROOT, `generated-${n}`);
const mib = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;
const loadavg = (): number[] => os.loadavg().map((x) => Math.round(x * 100) / 100);
const cpuMs = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

function dirBytes(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    total += entry.isDirectory() ? dirBytes(file) : fs.statSync(file).size;
  }
  return total;
}

// ---- child: build -------------------------------------------------------------------------

interface BuildFigures {
  pins: number;
  wallMs: number;
  cpuMs: number;
  peakRssMiB: number;
  dbBytes: number;
  hnswBytes: number;
  thumbsBytes: number;
  indexBytes: number;
  embeddingsMs: number | null;
  loadavgBefore: number[];
  loadavgAfter: number[];
}

async function buildChild(n: number): Promise<BuildFigures> {
  const dataDir = dataDirFor(n);
  const loadavgBefore = loadavg();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const report = await buildIndex({
    dataDir,
    sources: ['generated'],
    generated: { count: n, seed: CORPUS_SEED },
  });
  const wallMs = performance.now() - started;
  const hnswBytes = fs.statSync(path.join(path.dirname(indexPath(dataDir)), 'pins.usearch')).size;
  const thumbsBytes = dirBytes(thumbsDir(dataDir));
  return {
    pins: report.pins,
    wallMs: Math.round(wallMs),
    cpuMs: Math.round(cpuMs(cpu)),
    // maxRSS is in kilobytes.
    peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
    dbBytes: report.dbBytes,
    hnswBytes,
    thumbsBytes,
    indexBytes: report.dbBytes + hnswBytes + thumbsBytes,
    embeddingsMs: report.embeddings?.ms ?? null,
    loadavgBefore,
    loadavgAfter: loadavg(),
  };
}

// ---- child: serve and measure -------------------------------------------------------------

interface Timed {
  wall: number[];
  cpu: number[];
}
const timed = (): Timed => ({ wall: [], cpu: [] });
function time<T>(into: Timed, run: () => T): T {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const out = run();
  into.wall.push(performance.now() - started);
  into.cpu.push(cpuMs(cpu));
  return out;
}
const summaries = (t: Timed): { wallMs: LatencySummary; cpuMs: LatencySummary } | null =>
  t.wall.length === 0 ? null : { wallMs: summarize(t.wall), cpuMs: summarize(t.cpu) };

/** The index's most frequent words (not boilerplate) and pairs of them: the broad queries. */
function broadQueries(dataDir: string, seed: number): string[] {
  const db = new Database(indexPath(dataDir), { readonly: true, fileMustExist: true });
  const pins = db.prepare('SELECT count(*) FROM pins').pluck().get() as number;
  const words = (
    db.prepare('SELECT word, pins FROM vocabulary ORDER BY pins DESC, word').raw().all() as [
      string,
      number,
    ][]
  )
    .filter(([word, n]) => n <= MAX_BROAD_SHARE * pins && word.length >= 3 && !isStopword(word))
    .slice(0, BROAD_WORDS)
    .map(([word]) => word);
  db.close();
  const random = seededRandom(seed);
  const pairs = new Set<string>();
  for (let attempt = 0; pairs.size < BROAD_PAIRS && attempt < BROAD_PAIRS * 20; attempt++) {
    const a = words[Math.floor(random() * words.length)]!;
    const b = words[Math.floor(random() * words.length)]!;
    if (a !== b) pairs.add(`${a} ${b}`);
  }
  return [...words, ...pairs];
}

/** Every prefix of every target, as typed. */
const keystrokes = (targets: readonly string[]): string[] =>
  targets.flatMap((t) => Array.from({ length: t.length }, (_, i) => t.slice(0, i + 1)));

async function httpTime(url: string, into: Timed): Promise<unknown> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const response = await fetch(url);
  const body: unknown = await response.json();
  into.wall.push(performance.now() - started);
  // The server runs in this process: its CPU time is this process's.
  into.cpu.push(cpuMs(cpu));
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return body;
}

async function serveChild(n: number) {
  const dataDir = dataDirFor(n);
  const loadavgBefore = loadavg();
  let cpu = process.cpuUsage();
  let started = performance.now();
  // Every search is first-seen: no result cache (the HTTP server's composition otherwise).
  const engine: SearchEngine = openSearchService({ dataDir, resultCache: false });
  const openMs = performance.now() - started;
  const openCpuMs = cpuMs(cpu);
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-scale-state-'));
  started = performance.now();
  cpu = process.cpuUsage();
  const suggest = createSuggestService({ dataDir, stateDir, flushIntervalMs: 3_600_000 });
  const suggestStartMs = performance.now() - started;
  const suggestStartCpuMs = cpuMs(cpu);
  // The first search builds the query stage (vocabulary, spelling index, WordNet).
  started = performance.now();
  engine.search({ q: 'warm up', refine: [], offset: 0, limit: PAGE });
  const firstSearchMs = performance.now() - started;
  const rssAfterStartMiB = mib(process.memoryUsage().rss);

  const narrow = drawQueries(dataDir, NARROW_QUERIES, SEED);
  const broad = broadQueries(dataDir, SEED);
  const narrowSet = new Set(narrow);
  const queries = [...narrow, ...broad.filter((q) => !narrowSet.has(q))];
  // Interleave broad and narrow queries (seeded) so neither runs as one warm block.
  const random = seededRandom(SEED + 1);
  const order = queries
    .map((q) => ({ q, key: random() }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.q);
  const broadSet = new Set(broad);

  const first = { broad: timed(), narrow: timed(), all: timed() };
  const refined = timed();
  const warm = timed();
  const totals: Record<string, number> = {};
  for (const q of order) {
    const bucket = broadSet.has(q) ? first.broad : first.narrow;
    const c = process.cpuUsage();
    const t0 = performance.now();
    const result = engine.search({ q, refine: [], offset: 0, limit: PAGE });
    const wall = performance.now() - t0;
    const used = cpuMs(c);
    for (const into of [bucket, first.all]) {
      into.wall.push(wall);
      into.cpu.push(used);
    }
    totals[q] = result.total;
    const chip = result.refinements[0]?.value;
    if (chip) time(refined, () => engine.search({ q, refine: [chip], offset: 0, limit: PAGE }));
  }
  for (let pass = 0; pass < WARM_REPEATS; pass++) {
    for (const q of order)
      time(warm, () => engine.search({ q, refine: [], offset: 0, limit: PAGE }));
  }

  const suggestTargets = drawQueries(dataDir, SUGGEST_TARGETS, SEED + 2);
  const prefixes = keystrokes(suggestTargets);
  const suggestFirst = timed();
  const suggestWarm = timed();
  for (const q of prefixes)
    time(suggestFirst, () => suggest.suggester.suggest({ q, limit: SUGGEST_LIMIT }));
  for (let pass = 0; pass < SUGGEST_REPEATS; pass++) {
    for (const q of prefixes)
      time(suggestWarm, () => suggest.suggester.suggest({ q, limit: SUGGEST_LIMIT }));
  }

  // HTTP on a disjoint draw, so the server's chip cache has not seen these queries.
  const app = createServer({
    engine,
    suggest,
    distDir: null,
    thumbsDir: null,
    rateLimit: false,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}${API_PREFIX}`;
  const httpSearch = timed();
  const httpSuggest = timed();
  const seen = new Set(order);
  const httpQueries = drawQueries(dataDir, HTTP_QUERIES * 3, SEED + 3)
    .filter((q) => !seen.has(q))
    .slice(0, HTTP_QUERIES - 10)
    .concat(broad.slice(0, 10).map((w) => `${w} ideas`));
  try {
    for (const q of httpQueries)
      await httpTime(`${base}/search?${new URLSearchParams({ q })}`, httpSearch);
    for (const q of keystrokes(httpQueries.slice(0, 40))) {
      await httpTime(
        `${base}/suggest?${new URLSearchParams({ q, limit: String(SUGGEST_LIMIT) })}`,
        httpSuggest,
      );
    }
  } finally {
    await app.close();
    suggest.close();
    engine.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }

  const broadTotals = Object.fromEntries(
    broad.slice(0, BROAD_WORDS).map((w) => [w, totals[w] ?? 0]),
  );
  return {
    pins: engine.info().pins,
    openMs: Math.round(openMs),
    openCpuMs: Math.round(openCpuMs),
    suggestStartMs: Math.round(suggestStartMs),
    suggestStartCpuMs: Math.round(suggestStartCpuMs),
    suggestReport: suggest.report,
    firstSearchMs: Math.round(firstSearchMs),
    rssAfterStartMiB,
    rssAfterRunMiB: mib(process.memoryUsage().rss),
    peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
    queries: {
      narrow: narrow.length,
      broad: broad.length,
      total: order.length,
      refined: refined.wall.length,
      http: httpQueries.length,
    },
    sampleBroad: broad.slice(0, 8),
    sampleNarrow: narrow.slice(0, 8),
    broadTotals,
    search: {
      firstSeen: {
        all: summaries(first.all),
        broad: summaries(first.broad),
        narrow: summaries(first.narrow),
      },
      refined: summaries(refined),
      warm: summaries(warm),
      http: summaries(httpSearch),
    },
    suggest: {
      keystrokes: prefixes.length,
      firstSeenUs: summarizeUs(suggestFirst),
      warmUs: summarizeUs(suggestWarm),
      http: summaries(httpSuggest),
    },
    loadavgBefore,
    loadavgAfter: loadavg(),
  };
}

const summarizeUs = (t: Timed): LatencySummary => summarize(t.wall.map((ms) => ms * 1000));

// ---- parent --------------------------------------------------------------------------------

function runChild<T>(mode: 'build' | 'serve', n: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [`--${mode}`, String(n)], {
      // The serve child runs as the server does (scripts/lib/server-node-args.mjs).
      execArgv: [...(mode === 'serve' ? SERVER_NODE_ARGS : []), '--import', 'tsx'],
    });
    let answer: T | undefined;
    child.on('message', (m: { result?: T; error?: string }) => {
      if (m.error) reject(new Error(m.error));
      else answer = m.result;
    });
    child.on('exit', (code) =>
      answer === undefined ? reject(new Error(`${mode} ${n} exited (${code})`)) : resolve(answer),
    );
  });
}

async function upToDate(n: number): Promise<boolean> {
  const file = indexPath(dataDirFor(n));
  if (!fs.existsSync(file)) return false;
  const expected = buildFingerprint({
    sources: ['generated'],
    openmojiVersion: await readOpenmojiVersion(defaultOpenmojiDir()),
    extra: JSON.stringify({ generated: n, seed: CORPUS_SEED }),
  });
  const db = new Database(file, { readonly: true });
  const stored = db
    .prepare('SELECT value FROM meta WHERE key = ?')
    .pluck()
    .get(META_KEYS.fingerprint);
  db.close();
  return stored === expected;
}

function previousBuild(n: number): BuildFigures | null {
  try {
    const previous = JSON.parse(
      fs.readFileSync(path.join(RESULTS_DIR, 'corpus-scale.json'), 'utf8'),
    ) as {
      sizes?: { pins: number; build: BuildFigures | null }[];
    };
    return previous.sizes?.find((s) => s.pins === n)?.build ?? null;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string' },
      reuse: { type: 'boolean', default: false },
      build: { type: 'string' },
      serve: { type: 'string' },
    },
  });
  if (values.build || values.serve) {
    const mode = values.build ? 'build' : 'serve';
    const n = Number(values.build ?? values.serve);
    try {
      const result = mode === 'build' ? await buildChild(n) : await serveChild(n);
      process.send?.({ result });
    } catch (error) {
      process.send?.({
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
    return;
  }

  const sizes = values.sizes ? values.sizes.split(',').map(Number) : SIZES;
  const results = [];
  for (const n of sizes) {
    let build: BuildFigures | null;
    if (values.reuse && (await upToDate(n))) {
      build = previousBuild(n);
      console.log(`${n}: index up to date, build not rerun`);
    } else {
      console.log(`${n}: building into ${dataDirFor(n)} …`);
      build = await runChild<BuildFigures>('build', n);
      console.log(
        `${n}: built in ${(build.wallMs / 1000).toFixed(1)} s (${(build.cpuMs / 1000).toFixed(1)} s CPU), peak RSS ${build.peakRssMiB} MiB, ${mib(build.indexBytes)} MiB on disk`,
      );
    }
    console.log(`${n}: measuring search and suggest …`);
    const serve = await runChild<Awaited<ReturnType<typeof serveChild>>>('serve', n);
    const s = serve.search;
    console.log(
      `${n}: open ${serve.openMs} ms, suggest start ${serve.suggestStartMs} ms; search p50/p95 ${s.firstSeen.all?.wallMs.p50}/${s.firstSeen.all?.wallMs.p95} ms ` +
        `(broad ${s.firstSeen.broad?.wallMs.p95}, refined ${s.refined?.wallMs.p95}, http ${s.http?.wallMs.p95}); ` +
        `suggest p95 ${serve.suggest.firstSeenUs.p95} µs (http ${serve.suggest.http?.wallMs.p95} ms); RSS ${serve.peakRssMiB} MiB`,
    );
    results.push({ pins: n, build, serve });
  }

  const file = writeResult('corpus-scale', {
    description:
      'Generated corpus (src/server/ingest/sources/generated.ts, docs/generated-corpus.md; synthetic pins, seed ' +
      `${CORPUS_SEED}) at each size. build: buildIndex in its own child process (wall, CPU, peak RSS = the child's maxRSS, ` +
      'index size on disk = SQLite + HNSW + thumbnails). serve: another child opens the engine and suggest service as the ' +
      `server does, then first pages (limit ${PAGE}) of a seeded mix of ${NARROW_QUERIES} narrow queries (tags and title ` +
      `words, bench/lib/draw-queries.ts) and broad ones (the ${BROAD_WORDS} most frequent non-boilerplate words and ` +
      `${BROAD_PAIRS} pairs of them), each timed when first seen (chip cache cold) and in ${WARM_REPEATS} warm passes; the ` +
      'first chip of each result applied (refined); suggest for every prefix of seeded targets as typed (in process, µs); ' +
      `then HTTP (real Fastify app on 127.0.0.1, one request at a time) on ${HTTP_QUERIES} other queries and the prefixes of 40 of them.`,
    notes: [
      'Measured on a shared 2-core machine while other work ran: each size records the load average before and after; CPU ms per request are given beside wall ms.',
      'Headline search figure: in-process first-seen p95 over the whole mix; targets apply at 1M pins.',
    ],
    seed: SEED,
    corpusSeed: CORPUS_SEED,
    targets: TARGETS,
    sizes: results,
  });
  console.log(`wrote ${file}`);
}

await main();
