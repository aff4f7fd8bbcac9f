/**
 * Zero layout shift: nothing on screen moves by itself while the first results load,
 * while the reader scrolls through several pages (the feed loads more as it goes), and when a
 * refinement chip is toggled and the narrowed results arrive.
 *
 * A PerformanceObserver for `layout-shift` entries (buffered, so the first paint counts too) is
 * installed before the app's own scripts run. Cumulative layout shift counts the entries without
 * `hadRecentInput` (a shift within 500 ms of a click or key press is the reader's doing, not the
 * page's); the test asserts that sum is exactly 0 and, when it is not, prints which elements
 * moved and where from, so the failure names its cause.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  apiSearch,
  isPinsBatchUrl,
  logSearchPages,
  resultsFeed,
  SEARCH_API_PATH,
  waitForFeedSettled,
} from './support/search-page';

/** Broad in the openmoji test index: several pages of results and a full chip rail. */
const BROAD_QUERY = 'animal';
/**
 * Pages fetched while scrolling: the candidate pool's pages (their display data, in a batch
 * each) and, past the pool, server pages asked for with a cursor.
 */
const PAGES_TO_SCROLL = 4;
/**
 * Scroll step as a share of the viewport, one step per SETTLE_MS: two screens a second, a
 * reader skimming fast (a wheel or a swipe, not a jump to the end).
 */
const SCROLL_STEP_SHARE = 0.5;
const MAX_SCROLL_STEPS = 200;
/**
 * Every search response (and every batch of pool pins) is held this long, like a slow network:
 * longer than the 500 ms after a
 * click during which shifts are the reader's (hadRecentInput), so what moves when the narrowed
 * results arrive counts; and the skeleton is surely painted before the first results replace it.
 */
const RESPONSE_DELAY_MS = 700;
/** Long enough for a fetched page to be laid out and its thumbnails to start painting. */
const SETTLE_MS = 250;

interface ShiftSource {
  node: string;
  previousRect: string;
  currentRect: string;
}

interface Shift {
  value: number;
  hadRecentInput: boolean;
  startTime: number;
  sources: ShiftSource[];
}

interface ShiftWindow {
  __layoutShifts: Shift[];
}

/**
 * Runs in the page before any of its scripts. Playwright injects init scripts through the
 * DevTools protocol, which the page's CSP (no inline script) does not govern.
 */
function observeLayoutShifts(): void {
  const describe = (node: Node | null | undefined): string => {
    if (!(node instanceof Element)) return node ? node.nodeName : '(gone)';
    const id = node.id ? `#${node.id}` : '';
    const classes = [...node.classList].map((c) => `.${c}`).join('');
    const label = node.getAttribute('aria-label') ?? node.getAttribute('data-pin-id') ?? '';
    return `${node.tagName.toLowerCase()}${id}${classes}${label ? `[${label}]` : ''}`;
  };
  const rect = (r: DOMRectReadOnly) => `${r.x},${r.y} ${r.width}×${r.height}`;
  const shifts: Shift[] = [];
  (window as unknown as ShiftWindow).__layoutShifts = shifts;
  type LayoutShiftEntry = PerformanceEntry & {
    value: number;
    hadRecentInput: boolean;
    sources?: { node?: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[];
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as LayoutShiftEntry[]) {
      shifts.push({
        value: entry.value,
        hadRecentInput: entry.hadRecentInput,
        startTime: Math.round(entry.startTime),
        sources: (entry.sources ?? []).map((s) => ({
          node: describe(s.node),
          previousRect: rect(s.previousRect),
          currentRect: rect(s.currentRect),
        })),
      });
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

async function shiftsSoFar(page: Page): Promise<Shift[]> {
  return page.evaluate(() => (window as unknown as ShiftWindow).__layoutShifts.slice());
}

/** The shifts that count towards CLS; a failing expect prints them with their sources. */
async function expectNoLayoutShift(page: Page, phase: string): Promise<void> {
  // A shift is reported after the frame that paints it.
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
  const counted = (await shiftsSoFar(page)).filter((s) => !s.hadRecentInput);
  const cls = counted.reduce((sum, s) => sum + s.value, 0);
  expect(counted, `layout shifts ${phase} (CLS ${cls.toFixed(4)})`).toEqual([]);
  expect(cls).toBe(0);
}

/** Every thumbnail in the viewport has loaded (or failed): nothing left that could still paint late. */
async function waitForVisibleImages(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(() =>
        [...document.querySelectorAll('img')].every((img) => {
          const r = img.getBoundingClientRect();
          // Across too: a module's carousel holds tiles past the screen's edge, which
          // load lazily when scrolled to.
          const onScreen =
            r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth;
          return !onScreen || img.complete;
        }),
      ),
    )
    .toBe(true);
}

/**
 * Searches other readers made (the server's query log): with them, a narrowed "animal" has
 * related searches of its own, which the broad page shows as a module in the grid. Without them
 * the suite's outcome would depend on which specs ran before this one on the same server.
 */
const LOGGED_SEARCHES = ['bird', 'squirrel', 'forest', 'antler', 'escargot', 'prickly'];

test.beforeAll(async ({ request }) => {
  for (const q of LOGGED_SEARCHES) await apiSearch(request, q);
});

for (const viewport of [
  { name: 'desktop', width: 1280, height: 720 },
  { name: 'phone', width: 390, height: 844 },
]) {
  test.describe(`on a ${viewport.name} screen (${viewport.width}×${viewport.height})`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test('no layout shift while results load, while scrolling through pages, and when a chip is toggled', async ({
      page,
    }) => {
      await page.addInitScript(observeLayoutShifts);
      let batches = 0;
      await page.route(
        (url) => url.pathname === SEARCH_API_PATH || isPinsBatchUrl(url),
        async (route) => {
          await new Promise((resolve) => setTimeout(resolve, RESPONSE_DELAY_MS));
          await route.continue();
          if (isPinsBatchUrl(new URL(route.request().url()))) batches += 1;
        },
      );
      const nextPages = logSearchPages(page, BROAD_QUERY, 'next');
      const pagesLoaded = () => batches + nextPages.pages.length;

      // 1. The first results.
      await page.goto(`/search?q=${BROAD_QUERY}`);
      const feed = resultsFeed(page, BROAD_QUERY);
      await waitForFeedSettled(feed);
      await expect(page.getByRole('toolbar', { name: 'Refine results' })).toBeVisible();
      await waitForVisibleImages(page);
      await expectNoLayoutShift(page, 'while the first results load');

      // 2. Scrolling: step by step until several more pages have come in and been laid out.
      for (let step = 0; pagesLoaded() < PAGES_TO_SCROLL; step++) {
        expect(step, `${PAGES_TO_SCROLL} pages loaded by scrolling`).toBeLessThan(MAX_SCROLL_STEPS);
        await page.evaluate(
          (share) => window.scrollBy(0, Math.round(window.innerHeight * share)),
          SCROLL_STEP_SHARE,
        );
        await page.waitForTimeout(SETTLE_MS);
      }
      await waitForFeedSettled(feed);
      await waitForVisibleImages(page);
      await expectNoLayoutShift(page, `while scrolling through ${PAGES_TO_SCROLL} more pages`);

      // 3. A chip, back at the top: the narrowed results replace the grid's content in place.
      // Back up first: the pages dropped on the way down (maxPages) come back into their slots.
      await page.evaluate(() => window.scrollTo(0, 0));
      await expect(feed.locator('article[aria-posinset="1"][data-pin-id]')).toBeVisible();
      await waitForFeedSettled(feed);
      const rail = page.getByRole('toolbar', { name: 'Refine results' });
      // Pressing a chip moves it to the front: find it by name, not by place.
      const label = (await rail.getByRole('button').nth(1).textContent()) ?? '';
      const chip = rail.getByRole('button', { name: label, exact: true });
      await chip.click();
      await expect(chip).toHaveAttribute('aria-pressed', 'true');
      await waitForFeedSettled(feed);
      await waitForVisibleImages(page);
      await expectNoLayoutShift(page, 'after toggling a chip');

      // …and toggling it off again.
      await chip.click();
      await expect(chip).toHaveAttribute('aria-pressed', 'false');
      await waitForFeedSettled(feed);
      await waitForVisibleImages(page);
      await expectNoLayoutShift(page, 'after toggling the chip off');
    });
  });
}
