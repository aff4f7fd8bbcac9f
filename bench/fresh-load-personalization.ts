/**
 * The first screen of a return visit, in headless Chromium against the real server over the
 * OpenMoji test index: how often a fresh load of a results page by a device with a history shows
 * its first page personalized, how long from navigation to that page, which path scored it (the
 * TS scorer or onnxruntime) and when each path was ready, and what it costs the largest
 * contentful paint (LCP) against today's build.
 *
 * Per condition (desktop 1280×720 unthrottled; mobile 412×823 with the Lighthouse mobile preset:
 * CPU ×4, 150 ms RTT, 1.6 Mbps down, as in bench/web-vitals.ts), per build (this build, and
 * `--baseline <dist>` for today's, e.g. a build of the last commit), in one browser, each series
 * in a context of its own, their loads alternating (the machine is shared: its load drifts):
 * - without history: a fresh context, the results page loaded once, then LOADS reloads;
 * - with history: the same, after the "Animal fan" persona was loaded from the activity panel
 *   (opens, dwells and saves on this device) and onnxruntime had loaded once (the runtime and
 *   model in the HTTP cache, as on any return visit).
 * Each reload is a return visit's fresh load (warm HTTP cache). Read per load: LCP (a buffered
 * PerformanceObserver, after the page settled), when the first result card was in the DOM (a
 * MutationObserver from an init script), and the app's User Timing marks (inspo:first-page:
 * outcome, path, reason; inspo:scorer-ready per path). Builds without the marks report nulls.
 *
 * `tsx bench/fresh-load-personalization.ts [--dist DIR] [--baseline DIR] [--loads N]
 * [--conditions desktop,mobile] [--out NAME]`; writes bench/results/<NAME>.json
 * (default fresh-load-personalization).
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Page } from '@playwright/test';
import { openSearchService } from '@/server/service/search-service';
import { thumbsDir } from '@/server/engine/schema';
import { createServer } from '@/server/http/create-server';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { createSuggestService } from '@/server/suggest/suggest-service';
import { launchBenchChromium } from './lib/launch-chromium';
import { writeResult } from './lib/results';
import { median, summarize } from './lib/stats';

/** web-vitals' query (bench/web-vitals.ts): LCP figures compare with its page. */
const QUERY = 'animal';
const PERSONA = 'Animal fan';
const NOTE = 'Ordered for you from your activity on this device';
const LOAD_TIMEOUT_MS = 120_000;
/** After the page looks done, for the last LCP candidate. */
const QUIET_MS = 1000;
/** The bars: personalized in ≥ 95 % of loads; LCP within 5 % of today's. */
const TARGET_SHARE = 0.95;
const TARGET_LCP_CHANGE = 0.05;

interface Condition {
  name: 'desktop' | 'mobile';
  context: BrowserContextOptions;
  throttling: {
    cpuSlowdown: number;
    latencyMs: number;
    downloadKbps: number;
    uploadKbps: number;
  } | null;
}

const CONDITIONS: Condition[] = [
  {
    name: 'desktop',
    context: { viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 },
    throttling: null,
  },
  {
    name: 'mobile',
    context: {
      viewport: { width: 412, height: 823 },
      deviceScaleFactor: 1.75,
      isMobile: true,
      hasTouch: true,
    },
    throttling: { cpuSlowdown: 4, latencyMs: 150, downloadKbps: 1600, uploadKbps: 750 },
  },
];

/** Runs before the app in every document: when the first result card entered the DOM. */
const PROBE = `(() => {
  const seen = (window.__firstCardAt = { at: null });
  new MutationObserver((_, observer) => {
    if (document.querySelector('[role="feed"] article[data-pin-id]')) {
      seen.at = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
})();`;

interface LoadSample {
  lcpMs: number | null;
  lcpElement: string | null;
  firstCardMs: number | null;
  notePersonalized: boolean;
  firstPage: {
    outcome: string;
    reason: string | null;
    scorer: string | null;
    at: number;
    hydrationWaitMs: number;
    orderMs: number;
  } | null;
  tsReadyMs: number | null;
  ortReadyMs: number | null;
}

/**
 * Read in the page after it settled. A string, not a function: tsx would wrap named functions
 * in a helper (__name) that the page does not have.
 */
const READ_LOAD = `(async () => {
  const lcp = await new Promise((resolve) => {
    const observer = new PerformanceObserver((list) => {
      const entries = list.getEntries();
      observer.disconnect();
      resolve(entries[entries.length - 1] ?? null);
    });
    observer.observe({ type: 'largest-contentful-paint', buffered: true });
    setTimeout(() => resolve(null), 2000);
  });
  const marks = (name) => performance.getEntriesByName(name);
  const first = marks('inspo:first-page')[0];
  const ready = (p) => marks('inspo:scorer-ready').find((m) => m.detail.path === p)?.startTime ?? null;
  const element = lcp?.element;
  return {
    lcpMs: lcp?.startTime ?? null,
    lcpElement: element ? element.tagName.toLowerCase() + (element.className ? '.' + String(element.className).split(' ')[0] : '') : null,
    firstCardMs: window.__firstCardAt.at,
    notePersonalized: (document.querySelector('.search-page__meta')?.textContent ?? '').includes(${JSON.stringify(NOTE)}),
    firstPage: first ? { ...first.detail, at: first.startTime } : null,
    tsReadyMs: ready('ts'),
    ortReadyMs: ready('ort'),
  };
})()`;

const readLoad = (page: Page): Promise<LoadSample> =>
  page.evaluate(READ_LOAD) as Promise<LoadSample>;

const feed = (page: Page) =>
  page.getByRole('feed', { name: `Results for “${QUERY}”`, exact: true });

/** Cards in, nothing loading, every thumbnail in the viewport decoded, then quiet. */
async function settle(page: Page): Promise<void> {
  await feed(page).locator('article[data-pin-id]').first().waitFor({ timeout: LOAD_TIMEOUT_MS });
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

/** The persona's history on this device, through the activity panel as a reader would. */
async function loadPersona(page: Page): Promise<void> {
  const dock = page.getByRole('complementary', { name: 'Personalization' });
  const toggle = dock.getByRole('button', { name: 'Your activity', exact: true });
  await toggle.click();
  const panel = page.getByRole('region', { name: 'Your activity', exact: true });
  await panel.getByRole('button', { name: PERSONA, exact: true }).click();
  await panel
    .getByRole('status')
    .filter({ hasText: `Loaded “${PERSONA}”` })
    .waitFor({ timeout: LOAD_TIMEOUT_MS });
  await toggle.click();
  await panel.waitFor({ state: 'hidden' });
}

/** One series' page: a context of its own, prepared (history or not), then loaded again and again. */
async function openSeries(
  browser: Browser,
  origin: string,
  condition: Condition,
  withHistory: boolean,
): Promise<{ load(): Promise<LoadSample>; close(): Promise<void> }> {
  const context = await browser.newContext({ ...condition.context, serviceWorkers: 'block' });
  await context.addInitScript({ content: PROBE });
  const page = await context.newPage();
  const url = `${origin}/search?q=${encodeURIComponent(QUERY)}`;
  await page.goto(url, { timeout: LOAD_TIMEOUT_MS });
  await settle(page);
  if (withHistory) {
    await loadPersona(page);
    // A return visit: the runtime, the model and the weights are in the HTTP cache.
    await page.reload({ timeout: LOAD_TIMEOUT_MS });
    await settle(page);
    await page.waitForTimeout(5000);
  }
  if (condition.throttling) {
    const t = condition.throttling;
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: t.cpuSlowdown });
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: t.latencyMs,
      downloadThroughput: (t.downloadKbps * 1000) / 8,
      uploadThroughput: (t.uploadKbps * 1000) / 8,
    });
  }
  return {
    async load() {
      await page.goto(url, { timeout: LOAD_TIMEOUT_MS });
      await settle(page);
      return readLoad(page);
    },
    close: () => context.close(),
  };
}

const med = (values: (number | null)[]) => {
  const known = values.filter((v): v is number => v !== null);
  return known.length > 0 ? Math.round(median(known)) : null;
};

function summarizeSeries(samples: LoadSample[]) {
  const lcps = samples.flatMap((s) => (s.lcpMs === null ? [] : [s.lcpMs]));
  const personalized = samples.filter((s) => s.notePersonalized);
  const byPath = (p: string) => personalized.filter((s) => s.firstPage?.scorer === p).length;
  return {
    loads: samples.length,
    personalized: personalized.length,
    share: samples.length ? personalized.length / samples.length : 0,
    byTsScorer: byPath('ts'),
    byOnnxruntime: byPath('ort'),
    serverOrderReasons: samples
      .filter((s) => !s.notePersonalized)
      .map((s) => s.firstPage?.reason ?? 'no mark'),
    lcpMedianMs: med(lcps),
    lcp: lcps.length ? summarize(lcps) : null,
    firstCardMedianMs: med(samples.map((s) => s.firstCardMs)),
    firstPersonalizedCardMedianMs: med(personalized.map((s) => s.firstCardMs)),
    firstPageDecidedMedianMs: med(samples.map((s) => s.firstPage?.at ?? null)),
    hydrationWaitMedianMs: med(samples.map((s) => s.firstPage?.hydrationWaitMs ?? null)),
    orderMedianMs: med(samples.map((s) => s.firstPage?.orderMs ?? null)),
    tsReadyMedianMs: med(samples.map((s) => s.tsReadyMs)),
    ortReadyMedianMs: med(samples.map((s) => s.ortReadyMs)),
  };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

async function main(): Promise<void> {
  const dist = path.resolve(arg('--dist') ?? (process.env.INSPO_DIST_DIR || 'dist'));
  const baseline = arg('--baseline') ? path.resolve(arg('--baseline')!) : null;
  const loads = Number(arg('--loads') ?? 20);
  const wanted = (arg('--conditions') ?? 'desktop,mobile').split(',');
  const out = arg('--out') ?? 'fresh-load-personalization';
  for (const dir of [dist, baseline].filter((d): d is string => d !== null))
    if (!existsSync(path.join(dir, 'index.html'))) throw new Error(`${dir} has no build`);
  if (!Number.isInteger(loads) || loads < 1) throw new Error('--loads takes a positive integer');

  const loadBefore = os.loadavg()[0];
  const dataDir = await ensureTestIndex();
  const engine = openSearchService({ dataDir });
  const suggest = createSuggestService({ dataDir, stateDir: path.join(dataDir, 'bench-state') });
  const builds = [
    { name: 'this build', dir: dist },
    ...(baseline ? [{ name: 'today', dir: baseline }] : []),
  ];
  const servers = await Promise.all(
    builds.map(async (b) => {
      const app = createServer({
        engine,
        suggest,
        distDir: b.dir,
        thumbsDir: thumbsDir(dataDir),
        rateLimit: false,
      });
      await app.listen({ port: 0, host: '127.0.0.1' });
      return {
        ...b,
        app,
        origin: `http://localhost:${(app.server.address() as AddressInfo).port}`,
      };
    }),
  );
  const browser = await launchBenchChromium();
  const results: Record<string, unknown> = {};
  try {
    for (const condition of CONDITIONS.filter((c) => wanted.includes(c.name))) {
      // Every series is open at once and their loads alternate (load i of each, then load i + 1),
      // so every build and history sees the same machine load: the machine is shared.
      const series = [];
      for (const withHistory of [true, false])
        for (const s of servers)
          series.push({
            key: `${s.name}, ${withHistory ? 'with history' : 'no history'}`,
            run: await openSeries(browser, s.origin, condition, withHistory),
            samples: [] as LoadSample[],
          });
      try {
        for (let i = 0; i < loads; i++) for (const s of series) s.samples.push(await s.run.load());
      } finally {
        for (const s of series) await s.run.close();
      }
      const perBuild: Record<string, unknown> = {};
      for (const s of series) {
        const summary = summarizeSeries(s.samples);
        perBuild[s.key] = { ...summary, samples: s.samples };
        console.log(
          `${condition.name} · ${s.key}: ${JSON.stringify({ ...summary, lcp: undefined, serverOrderReasons: summary.serverOrderReasons.slice(0, 3) })}`,
        );
      }
      results[condition.name] = perBuild;
    }
  } finally {
    await browser.close();
    for (const s of servers) await s.app.close();
    suggest.close();
    engine.close();
  }

  const headline: Record<string, unknown> = {};
  for (const [name, perBuild] of Object.entries(results)) {
    const get = (k: string) =>
      (perBuild as Record<string, ReturnType<typeof summarizeSeries> | undefined>)[k];
    const mine = get('this build, with history');
    const todayNoHistory = get('today, no history');
    const todayHistory = get('today, with history');
    const change = (a: number | null | undefined, b: number | null | undefined) =>
      a != null && b != null && b > 0 ? Math.round(((a - b) / b) * 1000) / 1000 : null;
    headline[name] = {
      sharePersonalized: mine?.share ?? null,
      meetsShare: mine ? mine.share >= TARGET_SHARE : null,
      firstPersonalizedCardMedianMs: mine?.firstPersonalizedCardMedianMs ?? null,
      tsReadyMedianMs: mine?.tsReadyMedianMs ?? null,
      ortReadyMedianMs: mine?.ortReadyMedianMs ?? null,
      lcpWithHistoryMs: mine?.lcpMedianMs ?? null,
      lcpNoHistoryMs: get('this build, no history')?.lcpMedianMs ?? null,
      lcpTodayNoHistoryMs: todayNoHistory?.lcpMedianMs ?? null,
      lcpTodayWithHistoryMs: todayHistory?.lcpMedianMs ?? null,
      lcpChangeVsTodayNoHistory: change(mine?.lcpMedianMs, todayNoHistory?.lcpMedianMs),
      lcpChangeVsTodayWithHistory: change(mine?.lcpMedianMs, todayHistory?.lcpMedianMs),
      lcpChangeNoHistory: change(
        get('this build, no history')?.lcpMedianMs,
        todayNoHistory?.lcpMedianMs,
      ),
    };
  }
  const file = writeResult(out, {
    description:
      `Fresh loads (warm HTTP cache: return visits) of the results page for "${QUERY}" in headless Chromium, ` +
      `production build(s) served by the real server over the OpenMoji test index; "${PERSONA}" persona as the history. ` +
      `${loads} loads per series; the series' loads alternate (paired under the same machine load).`,
    notes: [
      'share: loads whose first page carried the personalized note (drawn only when the first page was personalized).',
      'firstCardMs: navigation start → first result card in the DOM; firstPage.at: when the order was decided (inspo:first-page mark); ' +
        'tsReadyMs / ortReadyMs: inspo:scorer-ready marks of the TS scorer and onnxruntime (ms since navigation start).',
      'lcp: largest-contentful-paint entries (buffered PerformanceObserver) after the page settled; medians.',
      'mobile: DevTools CPU ×4, 150 ms RTT, 1.6 Mbps down, 750 kbps up (Lighthouse mobile preset, as bench/web-vitals.ts), 412×823 at 1.75x.',
      'Shared 2-core machine (several sessions): absolute times are inflated; compare builds within this run (see loadAverage).',
    ],
    builds: Object.fromEntries(builds.map((b) => [b.name, b.dir])),
    query: QUERY,
    persona: PERSONA,
    loads,
    targets: { sharePersonalized: TARGET_SHARE, lcpChange: TARGET_LCP_CHANGE },
    loadAverage: { before: loadBefore, after: os.loadavg()[0] },
    headline,
    conditions: results,
  });
  console.log(JSON.stringify(headline, null, 1));
  console.log(`wrote ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
