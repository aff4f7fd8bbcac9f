/**
 * The backend under mixed load: 500 requests/s for 60 s of autocomplete, search,
 * pin closeup and related-pin traffic against the real server (src/server/main.ts, a child
 * process on 127.0.0.1) over the default index (data/index; the OpenMoji test index when it
 * is missing). Target: 0 errors and 0 non-2xx; p50/p95/p99 per route.
 *
 * Traffic, built before the run from the index's own words (seeded) and real responses:
 *   - suggest: every prefix of 200 target queries as it is typed (limit 8, as the SPA asks);
 *   - search: first pages, follow-up pages from the responses' `nextCursor`, and pages
 *     narrowed by the responses' own first refinement chips (with their follow-up pages);
 *   - pin: closeups of pins from those results; related: their related pins, first and
 *     follow-up pages.
 * One autocannon load per route, their rates summing to 500/s, after a baseline at a tenth of
 * that (same mix, same server, same machine) for comparison on a busy machine. autocannon paces a
 * connection by sending its whole per-second quota at the top of each second, so each route
 * runs as SLICES instances started 1/SLICES s apart: ten small bursts a second, not one big one.
 *
 * The server's per-client rate limit (600/min by default) would answer this one loopback
 * client 429 within a second: the child runs with INSPO_RATE_LIMIT_MAX raised (notes say so).
 *
 * `npx tsx bench/load-mixed.ts [--duration 60] [--warmup 5]`: a short `--duration 5` is a
 * dry run. Writes bench/results/load-mixed.json.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { SERVER_NODE_ARGS } from '../scripts/lib/server-node-args.mjs';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon, { type Instance, type Result } from 'autocannon';
import {
  API_PREFIX,
  DEFAULT_PAGE_SIZE,
  DEFAULT_SUGGEST_LIMIT,
  HealthResponseSchema,
  PinResponseSchema,
  RelatedResponseSchema,
  SearchResponseSchema,
  SuggestResponseSchema,
} from '@/contract/api';
import { seededRandom } from '@/lib/random/seeded-random';
import { indexPath } from '@/server/engine/schema';
import { DEFAULT_RATE_LIMIT } from '@/server/http/rate-limit';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { drawQueries } from './lib/draw-queries';
import { shuffle } from './lib/held-out-tags';
import { writeResult } from './lib/results';
import { summarize, type LatencySummary } from './lib/stats';

const REPO_ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_DATA_DIR = path.join(REPO_ROOT, 'data');
const SEED = 20_251_125;
const TARGET_QUERIES = 200;
const DEFAULT_DURATION_S = 60;
const DEFAULT_WARMUP_S = 5;
const TOTAL_RPS = 500;
/** Instances per route, started 1000/SLICES ms apart (see the header). */
const SLICES = 10;

/** How hard a run pushes: a share of each route's rate, split over staggered instances. */
interface Phase {
  scale: number;
  slices: number;
}

const FULL_LOAD: Phase = { scale: 1, slices: SLICES };
/**
 * A tenth of the load first, for a baseline measured in the same run on the same (possibly
 * busy) machine: the latency when the server is not the bottleneck.
 */
const BASELINE_LOAD: Phase = { scale: 0.1, slices: 5 };
const BASELINE_S = 10;
/** Each route alone at its own rate for this long, to price it in server CPU per request. */
const ROUTE_COST_S = 5;
/** Pins taken from each first page for closeups and related pins. */
const PINS_PER_QUERY = 3;
/** Follow-up pages fetched per result list (page 2 and page 3). */
const FOLLOW_UP_PAGES = 2;
/** Refinement chips tried per query (the first few the response offers). */
const CHIPS_PER_QUERY = 2;
/** Far above 500/s × 60 s from one client: the limiter stays in the path but never trips. */
const RAISED_RATE_LIMIT_MAX = 1_000_000;
/** A route that falls this far below its rate did not get the load asked for. */
const MIN_RATE_FRACTION = 0.98;
/** autocannon's per-request timeout, seconds: a stalled request counts as an error. */
const REQUEST_TIMEOUT_S = 10;
const SERVER_START_TIMEOUT_MS = 180_000;
/** What a browser sends: compressed answers cost the server what they cost in production. */
const HEADERS = { accept: 'application/json', 'accept-encoding': 'gzip, deflate, br' };

type RouteName = 'suggest' | 'search' | 'pin' | 'related';

interface Route {
  name: RouteName;
  rps: number;
  /** Connections per slice; enough that one slow answer does not starve the slice's quota. */
  connectionsPerSlice: number;
}

/**
 * Typing asks for suggestions once per keystroke, several times per search; a search session
 * pages and narrows; a fraction of results are opened (closeup + related pins).
 */
const ROUTES: readonly Route[] = [
  { name: 'suggest', rps: 250, connectionsPerSlice: 2 },
  { name: 'search', rps: 150, connectionsPerSlice: 2 },
  { name: 'pin', rps: 50, connectionsPerSlice: 1 },
  { name: 'related', rps: 50, connectionsPerSlice: 1 },
];

function readOptions(): { durationS: number; warmupS: number } {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: String(DEFAULT_DURATION_S) },
      warmup: { type: 'string', default: String(DEFAULT_WARMUP_S) },
    },
  });
  const durationS = Number(values.duration);
  const warmupS = Number(values.warmup);
  if (!Number.isInteger(durationS) || durationS < 1) {
    throw new Error(`--duration must be a whole number of seconds ≥ 1, got "${values.duration}"`);
  }
  if (!Number.isInteger(warmupS) || warmupS < 0) {
    throw new Error(`--warmup must be a whole number of seconds ≥ 0, got "${values.warmup}"`);
  }
  return { durationS, warmupS };
}

// ---- the server --------------------------------------------------------------------------

interface Server {
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `npm run serve` as a child, on a free loopback port; resolves once it prints its URL. */
async function startServer(dataDir: string, stateDir: string): Promise<Server> {
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, '--import', 'tsx', 'src/server/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      INSPO_DATA_DIR: dataDir,
      // Searches feed the query log; keep the bench's out of data/state.
      INSPO_STATE_DIR: stateDir,
      // One log line per request would measure the pipe to this process, not the server.
      LOG_LEVEL: 'warn',
      INSPO_RATE_LIMIT_MAX: String(RAISED_RATE_LIMIT_MAX),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the server did not start in time')),
      SERVER_START_TIMEOUT_MS,
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /running at http:\/\/localhost:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening:\n${output}`));
    });
  });
  // Keep draining stdout so a chatty server never blocks on a full pipe.
  child.stdout?.resume();
  return {
    port,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Peak resident memory of a process (Linux /proc), MiB; null elsewhere. */
function peakRssMiB(pid: number | undefined): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kiB = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kiB === undefined ? null : Math.round(Number(kiB) / 1024);
  } catch {
    return null;
  }
}

/** Linux's clock ticks per second for /proc/<pid>/stat (100 nearly everywhere). */
function clockTicksPerSecond(): number {
  const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout);
  return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
}

/** CPU seconds (user + system) a process has used so far (Linux /proc); null elsewhere. */
function cpuSeconds(pid: number | undefined, ticksPerSecond: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return null;
  }
}

const ownCpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

// ---- the traffic -------------------------------------------------------------------------

async function getJson(port: number, requestPath: string): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${port}${requestPath}`);
  if (!response.ok) throw new Error(`${response.status} for ${requestPath}`);
  return response.json();
}

const query = (pairs: [string, string][]): string => new URLSearchParams(pairs).toString();

function searchPath(q: string, { refine, cursor }: { refine?: string; cursor?: string }): string {
  return `${API_PREFIX}/search?${query([
    ['q', q],
    ...(refine === undefined ? [] : [['refine', refine] as [string, string]]),
    ...(cursor === undefined ? [] : [['cursor', cursor] as [string, string]]),
    ['limit', String(DEFAULT_PAGE_SIZE)],
  ])}`;
}

const relatedPath = (id: string, cursor?: string): string =>
  `${API_PREFIX}/pins/${encodeURIComponent(id)}/related?${query([
    ...(cursor === undefined ? [] : [['cursor', cursor] as [string, string]]),
    ['limit', String(DEFAULT_PAGE_SIZE)],
  ])}`;

interface Traffic {
  paths: Record<RouteName, string[]>;
  /** How many of each kind of request the lists hold. */
  mix: Record<string, number>;
}

/** Follows `nextCursor` up to FOLLOW_UP_PAGES times; returns the follow-up pages' paths. */
async function followUps(
  port: number,
  first: { nextCursor: string | null },
  pathFor: (cursor: string) => string,
  parse: (json: unknown) => { nextCursor: string | null },
): Promise<string[]> {
  const paths: string[] = [];
  let cursor = first.nextCursor;
  while (cursor !== null && paths.length < FOLLOW_UP_PAGES) {
    const next = pathFor(cursor);
    paths.push(next);
    cursor = parse(await getJson(port, next)).nextCursor;
  }
  return paths;
}

/** Every request path of the run, each checked once against the contract beforehand. */
async function buildTraffic(port: number, targets: readonly string[]): Promise<Traffic> {
  const suggest: string[] = [];
  const firstPages: string[] = [];
  const cursorPages: string[] = [];
  const refinedPages: string[] = [];
  const refinedCursorPages: string[] = [];
  const pinIds = new Set<string>();

  for (const target of targets) {
    for (let n = 1; n <= target.length; n++) {
      const prefixPath = `${API_PREFIX}/suggest?${query([
        ['q', target.slice(0, n)],
        ['limit', String(DEFAULT_SUGGEST_LIMIT)],
      ])}`;
      suggest.push(prefixPath);
      if (n === target.length) SuggestResponseSchema.parse(await getJson(port, prefixPath));
    }

    const firstPath = searchPath(target, {});
    const first = SearchResponseSchema.parse(await getJson(port, firstPath));
    firstPages.push(firstPath);
    cursorPages.push(
      ...(await followUps(
        port,
        first,
        (cursor) => searchPath(target, { cursor }),
        (json) => SearchResponseSchema.parse(json),
      )),
    );
    for (const chip of first.refinements.slice(0, CHIPS_PER_QUERY)) {
      const refinedPath = searchPath(target, { refine: chip.value });
      const refined = SearchResponseSchema.parse(await getJson(port, refinedPath));
      refinedPages.push(refinedPath);
      refinedCursorPages.push(
        ...(await followUps(
          port,
          refined,
          (cursor) => searchPath(target, { refine: chip.value, cursor }),
          (json) => SearchResponseSchema.parse(json),
        )),
      );
    }
    for (const item of first.items.slice(0, PINS_PER_QUERY)) pinIds.add(item.id);
  }

  const pins: string[] = [];
  const relatedFirst: string[] = [];
  const relatedCursor: string[] = [];
  for (const id of pinIds) {
    const pinPath = `${API_PREFIX}/pins/${encodeURIComponent(id)}`;
    PinResponseSchema.parse(await getJson(port, pinPath));
    pins.push(pinPath);
    const firstPath = relatedPath(id);
    const first = RelatedResponseSchema.parse(await getJson(port, firstPath));
    relatedFirst.push(firstPath);
    relatedCursor.push(
      ...(await followUps(
        port,
        first,
        (cursor) => relatedPath(id, cursor),
        (json) => RelatedResponseSchema.parse(json),
      )),
    );
  }

  const random = seededRandom(SEED);
  return {
    paths: {
      suggest: shuffle(suggest, random),
      search: shuffle(
        [...firstPages, ...cursorPages, ...refinedPages, ...refinedCursorPages],
        random,
      ),
      pin: shuffle(pins, random),
      related: shuffle([...relatedFirst, ...relatedCursor], random),
    },
    mix: {
      suggestPrefixes: suggest.length,
      searchFirstPages: firstPages.length,
      searchCursorPages: cursorPages.length,
      searchRefinedPages: refinedPages.length,
      searchRefinedCursorPages: refinedCursorPages.length,
      pins: pins.length,
      relatedFirstPages: relatedFirst.length,
      relatedCursorPages: relatedCursor.length,
    },
  };
}

// ---- the load ----------------------------------------------------------------------------

interface RouteLoad {
  latenciesMs: number[];
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  non2xx: number;
  connections: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One route's staggered autocannon instances for `seconds`. */
async function loadRoute(
  port: number,
  route: Route,
  paths: readonly string[],
  seconds: number,
  { scale, slices }: Phase,
): Promise<RouteLoad> {
  const ratePerSlice = (route.rps * scale) / slices;
  if (!Number.isInteger(ratePerSlice)) {
    throw new Error(`${route.name}: ${route.rps * scale}/s does not split into ${slices} slices`);
  }
  const load: RouteLoad = {
    latenciesMs: [],
    statusCodes: {},
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    connections: 0,
  };
  let next = 0;
  const nextPath = (): string => paths[next++ % paths.length]!;
  const slice = async (index: number): Promise<Result> => {
    await sleep((index * 1000) / slices);
    const instance: Instance = autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: route.connectionsPerSlice,
      overallRate: ratePerSlice,
      duration: seconds,
      timeout: REQUEST_TIMEOUT_S,
      headers: HEADERS,
      requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: nextPath() }) }],
    });
    load.connections += route.connectionsPerSlice;
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, ms: number) => {
      load.latenciesMs.push(ms);
      load.statusCodes[statusCode] = (load.statusCodes[statusCode] ?? 0) + 1;
    });
    return instance;
  };
  const results = await Promise.all(Array.from({ length: slices }, (_, i) => slice(i)));
  for (const result of results) {
    load.errors += result.errors;
    load.timeouts += result.timeouts;
    load.non2xx += result.non2xx;
  }
  return load;
}

async function loadAll(
  port: number,
  traffic: Traffic,
  seconds: number,
  phase: Phase = FULL_LOAD,
): Promise<Record<RouteName, RouteLoad>> {
  const loads = await Promise.all(
    ROUTES.map((route) => loadRoute(port, route, traffic.paths[route.name], seconds, phase)),
  );
  return Object.fromEntries(ROUTES.map((route, i) => [route.name, loads[i]!])) as Record<
    RouteName,
    RouteLoad
  >;
}

/**
 * Server CPU per request of each route, measured alone at its own rate: CPU time is far less
 * disturbed by other processes than latency, so it says which route limits throughput.
 */
async function routeCosts(
  port: number,
  pid: number | undefined,
  traffic: Traffic,
): Promise<Record<RouteName, number | null>> {
  const ticks = clockTicksPerSecond();
  const costs: Partial<Record<RouteName, number | null>> = {};
  for (const route of ROUTES) {
    const before = cpuSeconds(pid, ticks);
    const load = await loadRoute(port, route, traffic.paths[route.name], ROUTE_COST_S, FULL_LOAD);
    const after = cpuSeconds(pid, ticks);
    costs[route.name] =
      before === null || after === null || load.latenciesMs.length === 0
        ? null
        : Math.round(((after - before) * 1000 * 100) / load.latenciesMs.length) / 100;
  }
  return costs as Record<RouteName, number | null>;
}

// ---- the run ------------------------------------------------------------------------------

interface RouteResult {
  route: RouteName;
  targetRps: number;
  achievedRps: number;
  connections: number;
  requests: number;
  latencyMs: LatencySummary;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

function routeResult(route: Route, load: RouteLoad, seconds: number, scale = 1): RouteResult {
  return {
    route: route.name,
    targetRps: route.rps * scale,
    achievedRps: round1(load.latenciesMs.length / seconds),
    connections: load.connections,
    requests: load.latenciesMs.length,
    latencyMs: summarize(load.latenciesMs),
    errors: load.errors,
    timeouts: load.timeouts,
    non2xx: load.non2xx,
    statusCodes: load.statusCodes,
  };
}

/** The default index when it has been built, else the OpenMoji test index (built if needed). */
async function chooseIndex(): Promise<{ dataDir: string; index: string }> {
  if (existsSync(indexPath(DEFAULT_DATA_DIR)))
    return { dataDir: DEFAULT_DATA_DIR, index: 'data/index' };
  return { dataDir: await ensureTestIndex(), index: 'data/test-index (data/index missing)' };
}

/** "openmoji+openclipart": the corpus names the README's table knows, OpenMoji first. */
function corpusName(sources: Record<string, number>): string {
  const known = ['openmoji', 'openclipart'];
  const names = Object.keys(sources);
  return [
    ...known.filter((n) => names.includes(n)),
    ...names.filter((n) => !known.includes(n)).sort(),
  ].join('+');
}

async function main(): Promise<void> {
  const { durationS, warmupS } = readOptions();
  const totalRps = ROUTES.reduce((sum, r) => sum + r.rps, 0);
  if (totalRps !== TOTAL_RPS) throw new Error(`route rates sum to ${totalRps}, not ${TOTAL_RPS}`);
  const { dataDir, index } = await chooseIndex();
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'inspo-load-state-'));
  const loadBefore = os.loadavg();
  const server = await startServer(dataDir, stateDir);
  try {
    const health = HealthResponseSchema.parse(await getJson(server.port, '/api/health'));
    const corpus = corpusName(health.corpus.sources);
    console.log(`server on port ${server.port}: ${index}, ${health.corpus.pins} pins (${corpus})`);

    const targets = drawQueries(dataDir, TARGET_QUERIES, SEED);
    const traffic = await buildTraffic(server.port, targets);
    console.log(`traffic: ${JSON.stringify(traffic.mix)}`);

    if (warmupS > 0) {
      console.log(`warm-up: ${warmupS} s at ${TOTAL_RPS} requests/s`);
      await loadAll(server.port, traffic, warmupS);
    }
    const baselineRps = TOTAL_RPS * BASELINE_LOAD.scale;
    console.log(`baseline: ${BASELINE_S} s at ${baselineRps} requests/s`);
    const baselineLoads = await loadAll(server.port, traffic, BASELINE_S, BASELINE_LOAD);
    const baseline = ROUTES.map((route) =>
      routeResult(route, baselineLoads[route.name], BASELINE_S, BASELINE_LOAD.scale),
    );
    console.log(`load: ${durationS} s at ${TOTAL_RPS} requests/s`);
    const ticks = clockTicksPerSecond();
    const serverCpuBefore = cpuSeconds(server.child.pid, ticks);
    const clientCpuBefore = ownCpuSeconds();
    const loads = await loadAll(server.port, traffic, durationS);
    const serverCpuAfter = cpuSeconds(server.child.pid, ticks);
    // Share of one core over the run: how busy each side was (2.0 = two cores flat out).
    const cores = (cpu: number) => Math.round((cpu / durationS) * 100) / 100;
    const cpuCores = {
      server:
        serverCpuBefore === null || serverCpuAfter === null
          ? null
          : cores(serverCpuAfter - serverCpuBefore),
      loadGenerator: cores(ownCpuSeconds() - clientCpuBefore),
    };
    const routes = ROUTES.map((route) => routeResult(route, loads[route.name], durationS));
    const loadAfter = os.loadavg();
    console.log(`cost: each route alone for ${ROUTE_COST_S} s`);
    const cpuMsPerRequest = await routeCosts(server.port, server.child.pid, traffic);
    const serverPeakRssMiB = peakRssMiB(server.child.pid);

    const totals = {
      requests: routes.reduce((s, r) => s + r.requests, 0),
      errors: routes.reduce((s, r) => s + r.errors, 0),
      timeouts: routes.reduce((s, r) => s + r.timeouts, 0),
      non2xx: routes.reduce((s, r) => s + r.non2xx, 0),
    };
    const achievedRps = round1(totals.requests / durationS);
    const rateAchieved = routes.every((r) => r.achievedRps >= r.targetRps * MIN_RATE_FRACTION);
    for (const [i, r] of routes.entries()) {
      const { p50, p95, p99 } = r.latencyMs;
      const base = baseline[i]!.latencyMs;
      console.log(
        `${r.route.padEnd(8)} ${r.achievedRps}/${r.targetRps} per s: p50 ${p50} p95 ${p95} p99 ${p99} ms ` +
          `(at ${baseline[i]!.targetRps}/s: ${base.p50} / ${base.p95} / ${base.p99}); ` +
          `${r.requests} requests, ${r.errors} errors, ${r.non2xx} non-2xx`,
      );
    }
    console.log(
      `total ${achievedRps} requests/s: ${totals.errors} errors, ${totals.non2xx} non-2xx; ` +
        `server peak RSS ${serverPeakRssMiB ?? '?'} MiB; CPU cores busy: server ${cpuCores.server ?? '?'}, ` +
        `load generator ${cpuCores.loadGenerator}; server CPU ms per request ${JSON.stringify(cpuMsPerRequest)}`,
    );

    const file = writeResult('load-mixed', {
      description:
        `Mixed traffic at ${TOTAL_RPS} requests/s for ${durationS} s (after ${warmupS} s of warm-up) against the real ` +
        `server (src/server/main.ts) in a child process on 127.0.0.1: ${ROUTES.map((r) => `${r.name} ${r.rps}/s`).join(', ')}. ` +
        `Requests from ${targets.length} seeded target queries (seed ${SEED}) drawn from the index's tags and title ` +
        `words: suggest = every prefix as typed (limit ${DEFAULT_SUGGEST_LIMIT}); search = first pages (limit ` +
        `${DEFAULT_PAGE_SIZE}), up to ${FOLLOW_UP_PAGES} follow-up pages from real nextCursor values, and pages narrowed ` +
        `by the first ${CHIPS_PER_QUERY} refinement chips of each answer (with their follow-ups); pin = closeups of the ` +
        `first ${PINS_PER_QUERY} results of each query; related = their related pins, first and follow-up pages. ` +
        `One autocannon 8 load per route, each as ${SLICES} instances started ${1000 / SLICES} ms apart; latency ` +
        `is autocannon's per request (request written → response complete on its connection). baseline: the same ` +
        `mix at ${BASELINE_LOAD.scale * 100} % of the rate for ${BASELINE_S} s just before, on the same server and machine.`,
      notes: [
        `The server's per-client rate limit (default ${DEFAULT_RATE_LIMIT.max} requests per ` +
          `${DEFAULT_RATE_LIMIT.timeWindowMs / 1000} s) was raised with INSPO_RATE_LIMIT_MAX=${RAISED_RATE_LIMIT_MAX}: ` +
          'the whole load comes from one loopback client. The limiter still runs on every request.',
        'LOG_LEVEL=warn on the server: at info it writes one JSON line per request.',
        'Requests ask for gzip/br like a browser, so the server pays for compression.',
        'autocannon is closed-loop per connection: a stalled server delays later sends instead of adding their ' +
          `wait to the latency; achievedRps shows whether each route got its rate (target ≥ ${MIN_RATE_FRACTION * 100} %).`,
        'Load generator and server share the machine: client work competes with the server for the CPUs.',
        `Load average (1/5/15 min) before ${loadBefore.map((x) => x.toFixed(2)).join('/')}, after ` +
          `${loadAfter.map((x) => x.toFixed(2)).join('/')}: a shared development machine, other processes competed.`,
      ],
      seed: SEED,
      command: `npx tsx bench/load-mixed.ts${durationS === DEFAULT_DURATION_S ? '' : ` --duration ${durationS}`}`,
      durationS,
      warmupS,
      corpus: { corpus, index, pins: health.corpus.pins, sources: health.corpus.sources },
      rateLimit: { default: DEFAULT_RATE_LIMIT, benchMax: RAISED_RATE_LIMIT_MAX },
      targetRps: TOTAL_RPS,
      achievedRps,
      traffic: traffic.mix,
      routes,
      baseline: { targetRps: baselineRps, durationS: BASELINE_S, routes: baseline },
      totals,
      server: { peakRssMiB: serverPeakRssMiB },
      /** Average cores busy during the measured run (1.0 = one core flat out). */
      cpuCores,
      /**
       * Server CPU ms per request, each route alone at its rate for ROUTE_COST_S s (with gzip/br
       * and the per-request work of Fastify); × its rate = the cores the route needs.
       */
      cpuMsPerRequest,
      targets: { errors: 0, non2xx: 0, minRateFraction: MIN_RATE_FRACTION },
      met: totals.errors === 0 && totals.non2xx === 0 && rateAchieved,
    });
    console.log(`wrote ${file}`);
  } finally {
    await server.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

await main();
