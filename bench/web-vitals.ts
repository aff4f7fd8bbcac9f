/**
 * Core Web Vitals of the production build, measured with Google's web-vitals library in headless
 * Chromium against the real server (CSP, COOP/COEP, compression, cache headers) over the OpenMoji
 * test index. The targets: LCP ≤ 1.0 s unthrottled and ≤ 2.0 s under mobile-class
 * throttling (cold and warm); INP ≤ 100 ms for typing in the search box and for toggling a
 * refinement chip.
 *
 * Two conditions, each RUNS times (a fresh browser context per run, so every run starts cold):
 * - unthrottled: desktop viewport 1280×720 at 1x, no throttling;
 * - mobile: 412×823 at 1.75x, touch, DevTools CPU throttling ×4 (Emulation.setCPUThrottlingRate)
 *   and DevTools network conditions of Lighthouse's mobile preset: 150 ms round trip, 1.6 Mbps
 *   down, 750 kbps up (Network.emulateNetworkConditions; applied per request, not per packet).
 *
 * In one run, on the results page for a broad query:
 * 1. LCP cold: the first load in the fresh context (empty HTTP cache);
 * 2. LCP warm: a reload in the same context (hashed assets and thumbnails from the cache);
 * 3. INP, chip: a mouse click on a refinement chip, and again to release it, on that page;
 * 4. INP, typing: the page loaded again, then a word typed into the search box key by key.
 * Each INP is the web-vitals value after those interactions (the worst one, with this few).
 *
 * web-vitals (attribution build, node_modules/web-vitals/dist/web-vitals.attribution.iife.js)
 * is injected with context.addInitScript, which goes through the DevTools protocol: the app's
 * CSP (script-src 'self', no inline script) is not involved and stays as it is. page.addScriptTag
 * would insert an inline <script>, which that CSP blocks (checked at the start of each run).
 *
 * Needs a build: `npx vite build` (or INSPO_DIST_DIR=<dir> for another one). `tsx
 * bench/web-vitals.ts [--runs N]`; writes bench/results/web-vitals.json.
 *
 * Before / after, in one run: `--before <checkout> [--before-label <text>]` measures another
 * version too, a checkout of an older commit (`git worktree add <dir> <commit>`, its
 * node_modules, `npx vite build` there). The app and the server both shape these figures (a
 * results page carries its first answer), so each version is served by its own server entry
 * (src/server/main.ts, in a process of its own, over its own checkout's test index and dist/),
 * and the two alternate run by run (before, after, before, …), so both see the same machine.
 * The result keeps the older version's figures under `before`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContextOptions, type Page } from '@playwright/test';
import { openSearchService } from '@/server/service/search-service';
import { thumbsDir } from '@/server/engine/schema';
import { createServer } from '@/server/http/create-server';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { createSuggestService } from '@/server/suggest/suggest-service';
import { launchBenchChromium } from './lib/launch-chromium';
import { writeResult } from './lib/results';
import { median, summarize } from './lib/stats';

const DEFAULT_RUNS = 5;
/** Broad on the OpenMoji test index: a full first page and a chip rail. */
const QUERY = 'animal';
/** Typed into the search box, one key at a time. */
const TYPED_WORD = 'flower';
/** Between keys: a brisk typist (~100 words a minute). */
const KEY_DELAY_MS = 120;
const TARGET_LCP_UNTHROTTLED_MS = 1000;
const TARGET_LCP_MOBILE_MS = 2000;
const TARGET_INP_MS = 100;
/** web-vitals' default (40 ms) hides fast interactions; 16 ms is the Event Timing API's floor. */
const INP_DURATION_THRESHOLD_MS = 16;
/** After the page looks done, for the last LCP candidate and INP's idle-time processing. */
const QUIET_MS = 1000;
const LOAD_TIMEOUT_MS = 120_000;
/** A checkout's server: index open and completions built. */
const SERVER_START_TIMEOUT_MS = 180_000;
const DIST_DIR = path.resolve(process.env.INSPO_DIST_DIR || 'dist');
const WEB_VITALS_IIFE = path.resolve(
  'node_modules',
  'web-vitals',
  'dist',
  'web-vitals.attribution.iife.js',
);

interface Throttling {
  cpuSlowdown: number;
  latencyMs: number;
  downloadKbps: number;
  uploadKbps: number;
}

interface Condition {
  name: 'unthrottled' | 'mobile';
  context: BrowserContextOptions;
  throttling: Throttling | null;
  lcpTargetMs: number;
}

const CONDITIONS: Condition[] = [
  {
    name: 'unthrottled',
    context: { viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 },
    throttling: null,
    lcpTargetMs: TARGET_LCP_UNTHROTTLED_MS,
  },
  {
    name: 'mobile',
    context: {
      viewport: { width: 412, height: 823 },
      deviceScaleFactor: 1.75,
      isMobile: true,
      hasTouch: true,
    },
    // Lighthouse's mobile preset ("slow 4G", mid-range phone CPU).
    throttling: { cpuSlowdown: 4, latencyMs: 150, downloadKbps: 1600, uploadKbps: 750 },
    lcpTargetMs: TARGET_LCP_MOBILE_MS,
  },
];

interface LcpReport {
  value: number;
  element: string | null;
  url: string | null;
  timeToFirstByte: number;
  resourceLoadDelay: number;
  resourceLoadDuration: number;
  elementRenderDelay: number;
}

interface InpReport {
  value: number;
  target: string | null;
  type: string | null;
  inputDelay: number;
  processingDuration: number;
  presentationDelay: number;
}

interface Vitals {
  lcp: LcpReport | null;
  inp: InpReport | null;
  fcp: number | null;
  ttfb: number | null;
}

/**
 * Runs in every document before the app, right after the web-vitals IIFE (which defines
 * `webVitals`): keeps the latest value of each metric on window.__vitals.
 */
const PROBE = `(() => {
  const vitals = (window.__vitals = { lcp: null, inp: null, fcp: null, ttfb: null });
  const all = { reportAllChanges: true };
  webVitals.onLCP((m) => {
    const a = m.attribution;
    vitals.lcp = {
      value: m.value,
      element: a.target ?? null,
      url: a.url ?? null,
      timeToFirstByte: a.timeToFirstByte,
      resourceLoadDelay: a.resourceLoadDelay,
      resourceLoadDuration: a.resourceLoadDuration,
      elementRenderDelay: a.elementRenderDelay,
    };
  }, all);
  webVitals.onINP((m) => {
    const a = m.attribution;
    vitals.inp = {
      value: m.value,
      target: a.interactionTarget ?? null,
      type: a.interactionType ?? null,
      inputDelay: a.inputDelay,
      processingDuration: a.processingDuration,
      presentationDelay: a.presentationDelay,
    };
  }, { ...all, durationThreshold: ${INP_DURATION_THRESHOLD_MS} });
  webVitals.onFCP((m) => { vitals.fcp = m.value; }, all);
  webVitals.onTTFB((m) => { vitals.ttfb = m.value; }, all);
})();`;

const readVitals = (page: Page): Promise<Vitals> =>
  page.evaluate(() => (window as unknown as { __vitals: Vitals }).__vitals);

const feed = (page: Page) =>
  page.getByRole('feed', { name: `Results for “${QUERY}”`, exact: true });
const searchBox = (page: Page) =>
  page.getByRole('search').getByLabel('Search ideas', { exact: true });
const chipRail = (page: Page) => page.getByRole('toolbar', { name: 'Refine results' });

/** Results laid out, nothing loading, every thumbnail in the viewport decoded, then quiet. */
async function waitForResults(page: Page): Promise<void> {
  const grid = feed(page);
  await grid.locator('article[data-pin-id]').first().waitFor({ timeout: LOAD_TIMEOUT_MS });
  await page.waitForFunction(
    () => {
      const busy = document.querySelector('[role="feed"][aria-busy="true"]');
      const pending = [...document.querySelectorAll('img')].some((img) => {
        const r = img.getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight && !img.complete;
      });
      return !busy && !pending;
    },
    undefined,
    { timeout: LOAD_TIMEOUT_MS, polling: 100 },
  );
  await page.waitForTimeout(QUIET_MS);
}

/** The CSP blocks what page.addScriptTag inserts (an inline script): true when it did. */
async function inlineScriptBlocked(page: Page): Promise<boolean> {
  await page
    .addScriptTag({ content: 'window.__inlineRan = true;' })
    .catch(() => undefined /* Playwright reports the blocked load as an error */);
  return page.evaluate(() => !(window as unknown as { __inlineRan?: boolean }).__inlineRan);
}

interface RunSample {
  lcpColdMs: number;
  lcpWarmMs: number;
  fcpColdMs: number | null;
  ttfbColdMs: number | null;
  inpChipMs: number | null;
  inpTypingMs: number | null;
  lcpCold: LcpReport;
  lcpWarm: LcpReport;
  inpChip: InpReport | null;
  inpTyping: InpReport | null;
  cspBlocksInlineScript: boolean;
}

/**
 * The library and the probe in one init script: Playwright runs each init script in its own
 * function scope, so the IIFE's top-level `var webVitals` is not a global the probe could see.
 */
const initScript = `${readFileSync(WEB_VITALS_IIFE, 'utf8')}\n${PROBE}`;

async function oneRun(browser: Browser, origin: string, condition: Condition): Promise<RunSample> {
  const context = await browser.newContext(condition.context);
  try {
    await context.addInitScript({ content: initScript });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    if (condition.throttling) {
      const t = condition.throttling;
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: t.cpuSlowdown });
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: t.latencyMs,
        downloadThroughput: (t.downloadKbps * 1000) / 8,
        uploadThroughput: (t.uploadKbps * 1000) / 8,
      });
    }
    const url = `${origin}/search?q=${encodeURIComponent(QUERY)}`;

    await page.goto(url, { timeout: LOAD_TIMEOUT_MS });
    await waitForResults(page);
    const cold = await readVitals(page);

    await page.reload({ timeout: LOAD_TIMEOUT_MS });
    await waitForResults(page);
    const warm = await readVitals(page);
    if (!cold.lcp || !warm.lcp) throw new Error(`no LCP reported (${condition.name})`);

    // A chip pressed and released with the mouse, on the warm page.
    const rail = chipRail(page);
    const label = (await rail.getByRole('button').nth(1).textContent()) ?? '';
    const chip = rail.getByRole('button', { name: label, exact: true });
    await chip.click();
    await page.waitForURL((u) => u.searchParams.has('refine'), { timeout: LOAD_TIMEOUT_MS });
    await waitForResults(page);
    await chip.click();
    await page.waitForURL((u) => !u.searchParams.has('refine'), { timeout: LOAD_TIMEOUT_MS });
    await waitForResults(page);
    const chipVitals = await readVitals(page);

    // A word typed into the search box of a freshly loaded results page.
    await page.goto(url, { timeout: LOAD_TIMEOUT_MS });
    await waitForResults(page);
    const cspBlocksInlineScript = await inlineScriptBlocked(page);
    await searchBox(page).focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(TYPED_WORD, { delay: KEY_DELAY_MS });
    await page.waitForTimeout(QUIET_MS);
    const typingVitals = await readVitals(page);

    return {
      lcpColdMs: cold.lcp.value,
      lcpWarmMs: warm.lcp.value,
      fcpColdMs: cold.fcp,
      ttfbColdMs: cold.ttfb,
      inpChipMs: chipVitals.inp?.value ?? null,
      inpTypingMs: typingVitals.inp?.value ?? null,
      lcpCold: cold.lcp,
      lcpWarm: warm.lcp,
      inpChip: chipVitals.inp,
      inpTyping: typingVitals.inp,
      cspBlocksInlineScript,
    };
  } finally {
    await context.close();
  }
}

/** Median and spread of one metric over the runs; null values (nothing reported) are listed apart. */
function stat(samples: RunSample[], pick: (s: RunSample) => number | null) {
  const values = samples.map(pick);
  const known = values.filter((v): v is number => v !== null);
  return {
    medianMs: known.length > 0 ? Math.round(median(known)) : null,
    summary: known.length > 0 ? summarize(known) : null,
    notReported: values.length - known.length,
  };
}

function runsFromArgs(): number {
  const i = process.argv.indexOf('--runs');
  const runs = i === -1 ? DEFAULT_RUNS : Number(process.argv[i + 1]);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a positive integer');
  return runs;
}

/** `--conditions mobile` (or `unthrottled`, or both, comma-separated): default both. */
function conditionsFromArgs(): Condition[] {
  const names = argValue('--conditions')?.split(',') ?? CONDITIONS.map((c) => c.name);
  const unknown = names.filter((n) => !CONDITIONS.some((c) => c.name === n));
  if (unknown.length > 0) throw new Error(`unknown condition: ${unknown.join(', ')}`);
  return CONDITIONS.filter((c) => names.includes(c.name));
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i === -1) return undefined;
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} takes a value`);
  return value;
}

/** A version being measured: where it is served and how to stop it. */
interface Served {
  origin: string;
  close(): Promise<void>;
}

/** This checkout's server in this process (the usual mode). */
async function serveHere(): Promise<Served> {
  const dataDir = await ensureTestIndex();
  const engine = openSearchService({ dataDir });
  const suggest = createSuggestService({ dataDir, stateDir: path.join(dataDir, 'bench-state') });
  const app = createServer({
    engine,
    suggest,
    distDir: DIST_DIR,
    thumbsDir: thumbsDir(dataDir),
    rateLimit: false,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    // localhost: a secure context, as in the e2e suite (the reranker's worker and WASM need one).
    origin: `http://localhost:${port}`,
    close: async () => {
      await app.close();
      suggest.close();
      engine.close();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * A checkout's own server entry (src/server/main.ts) in a process of its own, as `npm run serve`
 * starts it, over that checkout's test index (built or brought up to date by its own code) and
 * `distDir`.
 */
async function serveCheckout(checkout: string, distDir: string): Promise<Served> {
  if (!existsSync(path.join(distDir, 'index.html')))
    throw new Error(`${distDir} has no build: run \`npx vite build\` in ${checkout} first.`);
  const ensure = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      "const m = await import('./src/server/ingest/test-index.ts'); process.stdout.write(await m.ensureTestIndex());",
    ],
    { cwd: checkout, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const dataDir = ensure.stdout.trim().split('\n').at(-1) ?? '';
  if (ensure.status !== 0 || !existsSync(dataDir))
    throw new Error(`the test index of ${checkout} could not be built`);
  const port = await freePort();
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'inspo-web-vitals-state-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    INSPO_DATA_DIR: dataDir,
    INSPO_DIST_DIR: distDir,
    INSPO_STATE_DIR: stateDir,
    INSPO_RATE_LIMIT_MAX: String(Number.MAX_SAFE_INTEGER),
    LOG_LEVEL: 'warn',
  };
  delete env.INSPO_ENGINE;
  const child = spawn(
    process.execPath,
    ['--max-semi-space-size=128', '--import', 'tsx', 'src/server/main.ts'],
    { cwd: checkout, env, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const origin = `http://localhost:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server of ${checkout} exited`);
    if (Date.now() - started > SERVER_START_TIMEOUT_MS)
      throw new Error(`the server of ${checkout} did not start`);
    const ok = await fetch(`${origin}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    origin,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGINT');
        await exited;
      }
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

const commitOf = (checkout: string): string | null => {
  const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: checkout,
    encoding: 'utf8',
  });
  return git.status === 0 ? git.stdout.trim() : null;
};

type Version = 'before' | 'after';

/** Medians, spread and samples of one version under one condition. */
function conditionResult(condition: Condition, samples: RunSample[]) {
  const lcpCold = stat(samples, (s) => s.lcpColdMs);
  const lcpWarm = stat(samples, (s) => s.lcpWarmMs);
  const inpChip = stat(samples, (s) => s.inpChipMs);
  const inpTyping = stat(samples, (s) => s.inpTypingMs);
  const lcpOk = (m: number | null) => m !== null && m <= condition.lcpTargetMs;
  const inpOk = (m: number | null) => m !== null && m <= TARGET_INP_MS;
  return {
    headline: {
      lcpColdMs: lcpCold.medianMs,
      lcpWarmMs: lcpWarm.medianMs,
      inpChipMs: inpChip.medianMs,
      inpTypingMs: inpTyping.medianMs,
    },
    result: {
      context: condition.context,
      throttling: condition.throttling,
      lcpCold,
      lcpWarm,
      fcpCold: stat(samples, (s) => s.fcpColdMs),
      ttfbCold: stat(samples, (s) => s.ttfbColdMs),
      inpChip,
      inpTyping,
      targets: { lcpMs: condition.lcpTargetMs, inpMs: TARGET_INP_MS },
      meetsTargets: {
        lcpCold: lcpOk(lcpCold.medianMs),
        lcpWarm: lcpOk(lcpWarm.medianMs),
        inpChip: inpOk(inpChip.medianMs),
        inpTyping: inpOk(inpTyping.medianMs),
      },
      samples,
    },
  };
}

async function main(): Promise<void> {
  if (!existsSync(path.join(DIST_DIR, 'index.html'))) {
    throw new Error(`${DIST_DIR} has no build: run \`npx vite build\` first.`);
  }
  const runs = runsFromArgs();
  const beforeDir = argValue('--before');
  const beforeCheckout = beforeDir === undefined ? null : path.resolve(beforeDir);
  const beforeLabel =
    argValue('--before-label') ?? (beforeCheckout ? `commit ${commitOf(beforeCheckout)}` : null);
  const loadBefore = os.loadavg()[0];

  const servers: Partial<Record<Version, Served>> = {};
  const browser = await launchBenchChromium();
  const results: Record<Version, Record<string, unknown>> = { before: {}, after: {} };
  const headline: Record<Version, Record<string, Record<string, number | null>>> = {
    before: {},
    after: {},
  };
  try {
    if (beforeCheckout) {
      servers.before = await serveCheckout(beforeCheckout, path.join(beforeCheckout, 'dist'));
      servers.after = await serveCheckout(path.resolve('.'), DIST_DIR);
    } else servers.after = await serveHere();
    const versions = (beforeCheckout ? ['before', 'after'] : ['after']) as Version[];
    for (const condition of conditionsFromArgs()) {
      const samples: Record<Version, RunSample[]> = { before: [], after: [] };
      for (let r = 0; r < runs; r++) {
        for (const version of versions) {
          const sample = await oneRun(browser, servers[version]!.origin, condition);
          samples[version].push(sample);
          console.log(
            `${beforeCheckout ? `${version}: ` : ''}${condition.name} run ${r + 1}/${runs}: LCP cold ` +
              `${Math.round(sample.lcpColdMs)} ms (${sample.lcpCold.element}), warm ` +
              `${Math.round(sample.lcpWarmMs)} ms; INP chip ${sample.inpChipMs ?? '-'} ms, typing ` +
              `${sample.inpTypingMs ?? '-'} ms`,
          );
        }
      }
      for (const version of versions) {
        const summary = conditionResult(condition, samples[version]);
        headline[version][condition.name] = summary.headline;
        results[version][condition.name] = summary.result;
      }
    }
  } finally {
    await browser.close();
    await servers.after?.close();
    await servers.before?.close();
  }

  const file = writeResult('web-vitals', {
    description:
      `Largest contentful paint and interaction to next paint (web-vitals ${webVitalsVersion()}, attribution build) ` +
      `in headless Chromium, production build served by the real server on 127.0.0.1 over the OpenMoji test index; ` +
      `results page for "${QUERY}". Medians of ${runs} runs per condition, a fresh browser context per run.` +
      (beforeCheckout
        ? ` Before / after: ${beforeLabel} and this checkout, each served by its own src/server/main.ts, alternating run by run.`
        : ''),
    notes: [
      'lcpCold: first load in a fresh context; lcpWarm: reload in the same context.',
      'inpChip: a refinement chip clicked with the mouse and clicked again to release it; inpTyping: ' +
        `"${TYPED_WORD}" typed key by key (${KEY_DELAY_MS} ms apart) into the search box of a freshly loaded results page. ` +
        `INP counts interactions of ${INP_DURATION_THRESHOLD_MS} ms and more (the Event Timing floor), plus the first input.`,
      'mobile: DevTools throttling (CPU ×4, 150 ms RTT, 1.6 Mbps down, 750 kbps up: Lighthouse mobile preset), ' +
        '412×823 at 1.75x with touch; unthrottled: 1280×720 at 1x.',
      'Shared 2-core machine: the browser, the server and the driver compete for the CPUs; compare runs from one machine.',
    ],
    corpus: 'openmoji (test index)',
    query: QUERY,
    runs,
    loadAverage: { before: loadBefore, after: os.loadavg()[0] },
    // What this run's CPU share was: its nice value and, on Linux, its autogroup's (the scheduler
    // shares the CPUs between sessions first, so on a shared machine it is the autogroup's weight
    // that keeps other sessions' work from stretching the figures).
    priority: processPriority(),
    commit: commitOf('.'),
    headline: headline.after,
    ...(beforeCheckout
      ? {
          before: {
            label: beforeLabel,
            commit: commitOf(beforeCheckout),
            // The same run: alternating with this version's runs, under the same load.
            loadAverage: { before: loadBefore, after: os.loadavg()[0] },
            headline: headline.before,
            conditions: results.before,
          },
        }
      : {}),
    targets: {
      lcpUnthrottledMs: TARGET_LCP_UNTHROTTLED_MS,
      lcpMobileMs: TARGET_LCP_MOBILE_MS,
      inpMs: TARGET_INP_MS,
    },
    conditions: results.after,
  });
  console.log(JSON.stringify(beforeCheckout ? headline : headline.after));
  console.log(`wrote ${file}`);
}

function processPriority(): { nice: number; autogroup: string | null } {
  let autogroup: string | null = null;
  try {
    autogroup = readFileSync('/proc/self/autogroup', 'utf8').trim();
  } catch {
    /* not Linux, or no autogroups */
  }
  return { nice: os.getPriority(), autogroup };
}

function webVitalsVersion(): string {
  const pkg = JSON.parse(
    readFileSync(path.resolve('node_modules', 'web-vitals', 'package.json'), 'utf8'),
  ) as { version: string };
  return pkg.version;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
