/**
 * Masonry at scale: 5,000 results loaded by scrolling, in headless Chromium, the
 * production build served by the real server over a generated corpus (docs/generated-corpus.md)
 * where one broad query ("art") has well over 5,000 results. Targets: at most 150 cards in the
 * grid's DOM at any time, and no long task (> 50 ms) while scrolling.
 *
 * The reader scrolls the window with the mouse wheel, SCROLL_STEP_PX at a time, pausing a
 * frame and STEP_PAUSE_MS after each step; when the wheel can go no further (the loaded end
 * reached before the next page arrived) it waits for the page to grow. It stops once 5,000
 * results have arrived and it has scrolled past the 5,000th card's slot. Then it jumps back to
 * the top (pages dropped on the way down, SEARCH_MAX_PAGES, come back) and checks the first
 * card returns to its slot.
 *
 * In the page, from before the app starts: a PerformanceObserver for `longtask` entries, and a
 * requestAnimationFrame loop counting the cards (article[data-pin-id]) and all elements inside
 * the grid every frame (the maximum is what the DOM held at worst). From the DevTools protocol:
 * DOM node count and JS heap before and after (Performance.getMetrics). Also counted: scroll
 * jumps (the page moving the scroll position by itself between two steps).
 *
 * A long task's wall time includes the time the renderer waited for a CPU, which on a shared
 * machine can be most of it. So the renderer's main-thread tasks are also read from a Chrome
 * trace (category `toplevel`: each task's wall `dur` and thread CPU time `tdur`): tasks over
 * 50 ms of CPU are the page's own doing whatever else runs on the machine.
 *
 * The corpus is built on first use into data/bench/masonry-generated-<n> (gitignored, ~20 s)
 * and reused while its fingerprint matches. Needs a build: `npx vite build` (or INSPO_DIST_DIR).
 * `tsx bench/masonry-scroll.ts`; writes bench/results/masonry-scroll.json.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type CDPSession, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { SearchResponseSchema } from '@/contract/api';
import { openSearchService } from '@/server/service/search-service';
import { indexPath, META_KEYS, thumbsDir } from '@/server/engine/schema';
import { createServer } from '@/server/http/create-server';
import { buildFingerprint, buildIndex, readOpenmojiVersion } from '@/server/ingest/build-index';
import { defaultOpenmojiDir } from '@/server/ingest/sources/openmoji';
import { launchBenchChromium } from './lib/launch-chromium';
import { writeResult } from './lib/results';
import { summarize } from './lib/stats';

/** Generated pins: "art" is on ~30 % of them (docs/generated-corpus.md), so ~6,000 results. */
const CORPUS_PINS = 20_000;
const CORPUS_SEED = 1;
const QUERY = 'art';
const TARGET_RESULTS = 5000;
const TARGET_MAX_CARDS = 150;
const LONG_TASK_MS = 50;
const VIEWPORT = { width: 1280, height: 720 };
/** One wheel notch is 100 px; a flick of six. */
const SCROLL_STEP_PX = 600;
const STEP_PAUSE_MS = 40;
/** Waiting at the loaded end for the next page to grow the grid. */
const GROW_TIMEOUT_MS = 30_000;
const MAX_STEPS = 5000;
const DIST_DIR = path.resolve(process.env.INSPO_DIST_DIR || 'dist');
const DATA_DIR = path.resolve('data', 'bench', `masonry-generated-${CORPUS_PINS}`);

async function expectedFingerprint(): Promise<string> {
  return buildFingerprint({
    sources: ['generated'],
    openmojiVersion: await readOpenmojiVersion(defaultOpenmojiDir()),
    extra: JSON.stringify({ generated: CORPUS_PINS, seed: CORPUS_SEED }),
  });
}

function storedFingerprint(): string | null {
  const file = indexPath(DATA_DIR);
  if (!existsSync(file)) return null;
  const db = new Database(file, { readonly: true });
  try {
    return (
      (db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(META_KEYS.fingerprint) as
        string | undefined) ?? null
    );
  } finally {
    db.close();
  }
}

/** Builds the generated corpus unless an up-to-date build is there; returns the build time or null. */
async function ensureCorpus(): Promise<number | null> {
  if (storedFingerprint() === (await expectedFingerprint())) return null;
  console.log(`building ${CORPUS_PINS} generated pins into ${path.relative('.', DATA_DIR)}`);
  const started = performance.now();
  await buildIndex({
    dataDir: DATA_DIR,
    sources: ['generated'],
    generated: { count: CORPUS_PINS, seed: CORPUS_SEED },
  });
  return Math.round(performance.now() - started);
}

/** In the page before the app: long tasks and the per-frame DOM census of the grid. */
const PROBE = `(() => {
  const probe = (window.__masonryProbe = {
    longTasks: [],
    maxCards: 0,
    maxGridElements: 0,
    frames: 0,
    recording: false,
    since: Infinity,
  });
  // Only tasks that start once scrolling does: the observer reports a start-up task late, after
  // recording has begun.
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (probe.recording && e.startTime >= probe.since) probe.longTasks.push({ start: Math.round(e.startTime), ms: Math.round(e.duration) });
    }
  }).observe({ type: 'longtask', buffered: true });
  const census = () => {
    const grid = document.querySelector('[role="feed"]');
    if (grid && probe.recording) {
      probe.frames++;
      probe.maxCards = Math.max(probe.maxCards, grid.querySelectorAll('article[data-pin-id]').length);
      probe.maxGridElements = Math.max(probe.maxGridElements, grid.getElementsByTagName('*').length);
    }
    requestAnimationFrame(census);
  };
  requestAnimationFrame(census);
})();`;

interface Probe {
  longTasks: { start: number; ms: number }[];
  /** performance.now() when recording began. */
  since: number;
  maxCards: number;
  maxGridElements: number;
  frames: number;
  recording: boolean;
}

const readProbe = (page: Page): Promise<Probe> =>
  page.evaluate(() => (window as unknown as { __masonryProbe: Probe }).__masonryProbe);

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

const nextFrame = (page: Page) =>
  page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));

interface ScrollState {
  y: number;
  maxY: number;
  /** Highest aria-posinset among the cards in the DOM. */
  lastPosition: number;
}

const scrollState = (page: Page): Promise<ScrollState> =>
  page.evaluate(() => ({
    y: window.scrollY,
    maxY: document.documentElement.scrollHeight - window.innerHeight,
    lastPosition: Math.max(
      0,
      ...[...document.querySelectorAll('[role="feed"] article[aria-posinset]')].map((a) =>
        Number(a.getAttribute('aria-posinset')),
      ),
    ),
  }));

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** Main-thread tasks of the page's renderer over LONG_TASK_MS, by wall time and by CPU time. */
function mainThreadTasks(trace: Buffer): {
  over50MsWall: number;
  over50MsCpu: number;
  maxCpuMs: number;
} {
  const { traceEvents } = JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] };
  const main = traceEvents.find(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  );
  const tasks = traceEvents.filter(
    (e) =>
      main !== undefined &&
      e.pid === main.pid &&
      e.tid === main.tid &&
      e.ph === 'X' &&
      e.name === 'ThreadControllerImpl::RunTask',
  );
  const ms = (us: number | undefined) => (us ?? 0) / 1000;
  return {
    over50MsWall: tasks.filter((t) => ms(t.dur) > LONG_TASK_MS).length,
    over50MsCpu: tasks.filter((t) => ms(t.tdur) > LONG_TASK_MS).length,
    maxCpuMs: Math.round(Math.max(0, ...tasks.map((t) => ms(t.tdur)))),
  };
}

async function startTrace(browser: Browser, page: Page): Promise<void> {
  await browser.startTracing(page, { categories: ['toplevel'] });
}

async function main(): Promise<void> {
  if (!existsSync(path.join(DIST_DIR, 'index.html'))) {
    throw new Error(`${DIST_DIR} has no build: run \`npx vite build\` first.`);
  }
  const loadBefore = os.loadavg()[0];
  const buildMs = await ensureCorpus();
  const engine = openSearchService({ dataDir: DATA_DIR });
  const app = createServer({
    engine,
    distDir: DIST_DIR,
    thumbsDir: thumbsDir(DATA_DIR),
    rateLimit: false,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const origin = `http://localhost:${port}`;

  const browser = await launchBenchChromium();
  try {
    const first = SearchResponseSchema.parse(
      await (await fetch(`${origin}/api/v1/search?q=${QUERY}&limit=1`)).json(),
    );
    if (first.total < TARGET_RESULTS) {
      throw new Error(`"${QUERY}" has ${first.total} results, fewer than ${TARGET_RESULTS}`);
    }

    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    await context.addInitScript({ content: PROBE });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');

    let served = 0;
    let nextPages = 0;
    let previousPages = 0;
    /** Pages fetched after the jump back to the top are re-fetches of dropped pages. */
    let phase: 'down' | 'up' = 'down';
    const fetchMs: number[] = [];
    page.on('response', async (response) => {
      const url = new URL(response.url());
      if (url.pathname !== '/api/v1/search' || url.searchParams.get('q') !== QUERY) return;
      if (response.status() !== 200) return;
      const timing = response.request().timing();
      fetchMs.push(timing.responseEnd);
      const body = SearchResponseSchema.parse(await response.json());
      if (phase === 'up') previousPages++;
      else if (url.searchParams.has('cursor')) {
        nextPages++;
        served += body.items.length;
      } else served = body.items.length;
    });

    await page.goto(`${origin}/search?q=${QUERY}`);
    await page.locator('[role="feed"] article[data-pin-id]').first().waitFor();
    const before = await metrics(cdp);
    await page.evaluate(() => {
      const probe = (window as unknown as { __masonryProbe: Probe }).__masonryProbe;
      probe.since = performance.now();
      probe.recording = true;
    });
    await startTrace(browser, page);

    // Scroll until 5,000 results are in and the reader is past the 5,000th card's slot.
    await page.mouse.move(VIEWPORT.width / 2, VIEWPORT.height / 2);
    const started = performance.now();
    let steps = 0;
    let waits = 0;
    let scrollJumps = 0;
    let state = await scrollState(page);
    while (served < TARGET_RESULTS || state.lastPosition < TARGET_RESULTS) {
      if (++steps > MAX_STEPS)
        throw new Error(`gave up after ${MAX_STEPS} steps (${served} served)`);
      const expected = Math.min(state.y + SCROLL_STEP_PX, state.maxY);
      await page.mouse.wheel(0, SCROLL_STEP_PX);
      await nextFrame(page);
      await page.waitForTimeout(STEP_PAUSE_MS);
      const after = await scrollState(page);
      // The wheel moved the page by the step (or to the end); anything else is the page moving it.
      if (after.y !== expected && after.y !== Math.min(expected, after.maxY)) scrollJumps++;
      if (after.y >= after.maxY - 1) {
        // At the loaded end: wait for the next page to make the grid taller.
        waits++;
        const height = after.maxY;
        await page
          .waitForFunction(
            (h) => document.documentElement.scrollHeight - window.innerHeight > h,
            height,
            { timeout: GROW_TIMEOUT_MS },
          )
          .catch(() => {
            throw new Error(`the grid stopped growing at ${served} results`);
          });
      }
      state = await scrollState(page);
      if (steps % 100 === 0)
        console.log(`step ${steps}: ${served} results, card ${state.lastPosition}`);
    }
    const scrollMs = performance.now() - started;
    const tasks = mainThreadTasks(await browser.stopTracing());
    const afterScroll = await metrics(cdp);
    const probe = await readProbe(page);

    // Back to the top in one jump: the first pages were dropped on the way down.
    phase = 'up';
    const upStarted = performance.now();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('[role="feed"] article[aria-posinset="1"][data-pin-id]').waitFor();
    const backToTopMs = performance.now() - upStarted;
    const afterTop = await readProbe(page);
    await context.close();

    const longTasks = probe.longTasks;
    const over = longTasks.filter((t) => t.ms > LONG_TASK_MS);
    const mb = (bytes: number | undefined) =>
      bytes === undefined ? null : Number((bytes / 2 ** 20).toFixed(1));
    const result = {
      description:
        `Masonry grid at scale: ${TARGET_RESULTS.toLocaleString('en-US')} results of "${QUERY}" loaded by scrolling with the mouse wheel ` +
        `(${SCROLL_STEP_PX} px steps, a frame and ${STEP_PAUSE_MS} ms apart) in headless Chromium ${browser.version()}, ` +
        `${VIEWPORT.width}×${VIEWPORT.height}, production build served by the real server over a generated corpus.`,
      notes: [
        'maxCardsInGrid: most article[data-pin-id] inside the feed in any animation frame while scrolling; ' +
          'maxGridElements: all elements inside it (cards, their children, placeholders, skeletons).',
        `longTasks: PerformanceObserver longtask entries while scrolling (> ${LONG_TASK_MS} ms is the target's "long").`,
        "mainThreadTasks: the renderer main thread's tasks from a Chrome trace (toplevel): over 50 ms of wall time, " +
          'and over 50 ms of thread CPU time (what the page itself costs, whatever else the machine runs).',
        'scrollJumps: steps after which the scroll position was not where the wheel put it (the page moved it).',
        `Shared 2-core machine: other work inflates task lengths; load average before and after below.`,
      ],
      corpus: {
        name: 'generated',
        pins: CORPUS_PINS,
        seed: CORPUS_SEED,
        dataDir: path.relative('.', DATA_DIR),
        buildMs,
      },
      query: QUERY,
      total: first.total,
      resultsLoaded: served,
      pagesLoaded: { next: nextPages, refetchedOnTheWayUp: previousPages },
      scrollSteps: steps,
      waitsAtLoadedEnd: waits,
      scrollMs: Math.round(scrollMs),
      backToTopMs: Math.round(backToTopMs),
      framesSampled: probe.frames,
      maxCardsInGrid: probe.maxCards,
      maxCardsInGridIncludingBackToTop: afterTop.maxCards,
      maxGridElements: probe.maxGridElements,
      longTasks: {
        count: longTasks.length,
        over50Ms: over.length,
        maxMs: longTasks.length > 0 ? Math.max(...longTasks.map((t) => t.ms)) : 0,
        totalMs: longTasks.reduce((n, t) => n + t.ms, 0),
        longest: [...longTasks].sort((a, b) => b.ms - a.ms).slice(0, 10),
      },
      /** From the trace: the same kind of count by wall time, and by the main thread's CPU time. */
      mainThreadTasks: tasks,
      scrollJumps,
      searchFetchMs: fetchMs.length > 0 ? summarize(fetchMs) : null,
      document: {
        nodesBefore: before.Nodes ?? null,
        nodesAfter: afterScroll.Nodes ?? null,
        jsHeapUsedMbBefore: mb(before.JSHeapUsedSize),
        jsHeapUsedMbAfter: mb(afterScroll.JSHeapUsedSize),
      },
      loadAverage: { before: loadBefore, after: os.loadavg()[0] },
      targets: { maxCardsInGrid: TARGET_MAX_CARDS, longTasksOver50Ms: 0 },
      meetsTargets: {
        maxCardsInGrid: probe.maxCards <= TARGET_MAX_CARDS,
        longTasks: over.length === 0,
      },
    };
    const file = writeResult('masonry-scroll', result);
    console.log(
      `${served} results in ${nextPages + 1} pages, ${Math.round(scrollMs / 1000)} s; max ${probe.maxCards} cards ` +
        `(${probe.maxGridElements} elements) in the grid; ${over.length} long tasks > ${LONG_TASK_MS} ms ` +
        `(max ${result.longTasks.maxMs} ms; ${tasks.over50MsCpu} over ${LONG_TASK_MS} ms of CPU, max ${tasks.maxCpuMs} ms); ${scrollJumps} scroll jumps; heap ${result.document.jsHeapUsedMbBefore} → ` +
        `${result.document.jsHeapUsedMbAfter} MB; back to top ${Math.round(backToTopMs)} ms → ${file}`,
    );
  } finally {
    await browser.close();
    await app.close();
    engine.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
