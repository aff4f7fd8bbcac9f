/**
 * The results page's modules and tabs in a real browser on the test index: the
 * modules the server generates for a broad query sit in the grid as labelled regions with a
 * heading, their carousels scroll with visible buttons and are operable from the keyboard, a
 * tile goes to its search; the All · Products · Videos tabs follow the WAI-ARIA tabs pattern,
 * land in the URL (`type=`) and survive Back and Forward; axe finds nothing serious; and the
 * modules' insertion (their chunk held back, so their boxes stand empty first) moves nothing at
 * 1280×900 (CLS 0). (Shop and Watch need an index with typed pins: test/api/modules.test.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { blockingViolations } from './support/axe';
import { startOwnServer, type OwnServer } from './support/own-server';
import { apiSearch, resultsFeed, SEARCH_API_PATH, waitForFeedSettled } from './support/search-page';

/** Broad in the openmoji test index: a narrowing and a related-searches module. */
const BROAD_QUERY = 'animal';
/** Long enough for the empty boxes to be painted before the modules' chunk fills them. */
const CHUNK_DELAY_MS = 700;

const narrowModule = (page: Page): Locator => page.getByRole('region', { name: 'Narrow it down' });

async function openBroadQuery(page: Page): Promise<Locator> {
  await page.goto(`/search?q=${BROAD_QUERY}`);
  const feed = resultsFeed(page, BROAD_QUERY);
  await waitForFeedSettled(feed);
  return feed;
}

test.use({ viewport: { width: 1280, height: 900 } });

test('the server’s modules appear in the grid as labelled regions, in its order, after their rows', async ({
  page,
  request,
}) => {
  const api = await apiSearch(request, BROAD_QUERY);
  const kinds = (api.modules ?? []).map((m) => m.kind);
  expect(kinds).toEqual(['narrow', 'related']);
  const feed = await openBroadQuery(page);
  const narrow = narrowModule(page);
  const related = page.getByRole('region', { name: 'Related searches' });
  await expect(narrow.getByRole('heading', { level: 2, name: 'Narrow it down' })).toBeVisible();
  const tiles = (api.modules![0] as { tiles: { label: string }[] }).tiles;
  await expect(narrow.getByRole('link')).toHaveCount(tiles.length);
  await expect(narrow.getByRole('link').first()).toContainText(tiles[0]!.label);
  // Full width, below the first two rows of cards (the slot), above the cards after them.
  const box = (await narrow.boundingBox())!;
  const grid = (await feed.boundingBox())!;
  expect(Math.round(box.width)).toBeGreaterThan(grid.width - 40);
  const firstCard = (await feed.locator('article[aria-posinset="1"]').boundingBox())!;
  expect(box.y).toBeGreaterThan(firstCard.y + firstCard.height);
  await related.scrollIntoViewIfNeeded();
  await expect(related.getByRole('heading', { name: 'Related searches' })).toBeVisible();
  // The related searches are tiles now, not a second list of links above the grid.
  await expect(page.getByRole('navigation', { name: 'Related searches' })).toHaveCount(0);
});

test('a carousel scrolls with its buttons from the keyboard, and a tile opens its search; Back returns', async ({
  page,
}) => {
  await page.setViewportSize({ width: 700, height: 900 }); // narrow: the tiles overflow their row
  await openBroadQuery(page);
  const narrow = narrowModule(page);
  await narrow.scrollIntoViewIfNeeded();
  const back = narrow.getByRole('button', { name: 'Scroll left' });
  const forward = narrow.getByRole('button', { name: 'Scroll right' });
  await expect(back).toBeVisible();
  await expect(back).toBeDisabled(); // at the start
  await forward.focus();
  await page.keyboard.press('Enter');
  const row = narrow.getByRole('list');
  await expect.poll(() => row.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  await expect(back).toBeEnabled();

  // Tab reaches the tiles; Enter follows one: the query with its refinement.
  const tile = narrow.getByRole('link').first();
  await tile.focus();
  await expect(tile).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/[?&]refine=/u);
  const url = new URL(page.url());
  expect(url.searchParams.get('q')).toBe(BROAD_QUERY);
  await waitForFeedSettled(resultsFeed(page, BROAD_QUERY));
  await page.goBack();
  await expect(page).toHaveURL(`/search?q=${BROAD_QUERY}`);
  await expect(narrowModule(page)).toBeVisible();
});

test('right to left, a carousel starts at its right end: only its left button is on', async ({
  page,
}) => {
  await page.setViewportSize({ width: 700, height: 900 });
  await page.goto('/');
  await page.evaluate(() => localStorage.setItem('inspo:locale', 'he'));
  await page.goto(`/search?q=${BROAD_QUERY}`);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  const narrow = page.getByRole('region', { name: 'צמצום החיפוש' }); // Narrow it down
  await narrow.scrollIntoViewIfNeeded();
  const left = narrow.getByRole('button', { name: 'גלילה שמאלה' });
  const right = narrow.getByRole('button', { name: 'גלילה ימינה' });
  await expect(right).toBeDisabled();
  await expect(left).toBeEnabled();
  await left.click();
  await expect.poll(() => narrow.getByRole('list').evaluate((el) => el.scrollLeft)).toBeLessThan(0);
  await expect(right).toBeEnabled();
});

test('All · Products · Videos: WAI-ARIA tabs, in the URL, surviving Back and Forward', async ({
  page,
}) => {
  await openBroadQuery(page);
  const tablist = page.getByRole('tablist', { name: 'Result types' });
  const all = tablist.getByRole('tab', { name: 'All' });
  const products = tablist.getByRole('tab', { name: 'Products' });
  const videos = tablist.getByRole('tab', { name: 'Videos' });
  await expect(all).toHaveAttribute('aria-selected', 'true');
  await expect(products).toHaveAttribute('tabindex', '-1'); // one Tab stop: the selected tab
  await expect(page.getByRole('tabpanel', { name: 'All' })).toBeVisible();

  // Arrows move focus only (manual activation); Enter selects.
  await all.focus();
  await page.keyboard.press('ArrowRight');
  await expect(products).toBeFocused();
  await expect(page).toHaveURL(`/search?q=${BROAD_QUERY}`);
  await page.keyboard.press('End');
  await expect(videos).toBeFocused();
  await page.keyboard.press('Home');
  await expect(all).toBeFocused();
  await page.keyboard.press('ArrowLeft'); // wraps
  await expect(videos).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(products).toBeFocused();
  const typed = page.waitForResponse(
    (r) =>
      new URL(r.url()).pathname === SEARCH_API_PATH &&
      new URL(r.url()).searchParams.get('type') === 'product',
  );
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(`/search?q=${BROAD_QUERY}&type=product`);
  expect((await typed).status()).toBe(200);
  await expect(products).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel', { name: 'Products' })).toBeVisible();
  // The test index has no product pins: the tab says so.
  await expect(page.getByText(/No results for/u)).toBeVisible();

  await page.goBack();
  await expect(page).toHaveURL(`/search?q=${BROAD_QUERY}`);
  await expect(all).toHaveAttribute('aria-selected', 'true');
  await waitForFeedSettled(resultsFeed(page, BROAD_QUERY));
  await page.goForward();
  await expect(page).toHaveURL(`/search?q=${BROAD_QUERY}&type=product`);
  await expect(products).toHaveAttribute('aria-selected', 'true');

  // A link to a tab opens on it.
  await page.goto(`/search?q=${BROAD_QUERY}&type=video`);
  await expect(tablist.getByRole('tab', { name: 'Videos' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
});

test('a results page with modules and tabs has no serious accessibility violations', async ({
  page,
}) => {
  await openBroadQuery(page);
  await expect(narrowModule(page)).toBeVisible();
  await expect(page.getByRole('tablist')).toBeVisible();
  expect(await blockingViolations(page)).toEqual([]);
});

/** Where each card and module box is on the page (ids and rounded rects). */
function placesOnPage(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [
      ...document.querySelectorAll(
        'article[data-pin-id], .masonry-feed__block, .masonry-feed__more',
      ),
    ].map((el) => {
      const r = el.getBoundingClientRect();
      const name = el.getAttribute('data-pin-id') ?? el.className;
      return `${name} ${Math.round(r.x)},${Math.round(r.y + window.scrollY)} ${Math.round(r.width)}x${Math.round(r.height)}`;
    }),
  );
}

/**
 * The same once the grid stopped mounting cards: after a scroll the virtualized grid mounts the
 * rows now in range a frame or more later (more so on a loaded machine), which is not a move.
 */
async function settledPlacesOnPage(page: Page): Promise<string[]> {
  let last = await placesOnPage(page);
  for (let tries = 0; tries < 20; tries += 1) {
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 100))),
    );
    const now = await placesOnPage(page);
    if (now.join('\n') === last.join('\n')) return now;
    last = now;
  }
  throw new Error('the grid kept mounting and moving cards for 20 samples');
}

/**
 * INSPO_E2E_CORPUS_DIR: the data dir of another index (the full default corpus, `data`) that the
 * layout-shift test runs on instead, through a server of its own; unset, the shared test index.
 */
const CORPUS_DIR = process.env.INSPO_E2E_CORPUS_DIR;
let corpus: { server: OwnServer; tmp: string } | null = null;

async function corpusOrigin(): Promise<string> {
  if (!CORPUS_DIR) return '';
  if (!corpus) {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'inspo-modules-corpus-'));
    corpus = {
      server: await startOwnServer({ dataDir: path.resolve(CORPUS_DIR), workDir: tmp }),
      tmp,
    };
  }
  return corpus.server.origin;
}

test.afterAll(async () => {
  if (!corpus) return;
  await corpus.server.close();
  rmSync(corpus.tmp, { recursive: true, force: true });
});

interface ShiftWindow {
  __shifts: { value: number; hadRecentInput: boolean; sources: string[] }[];
}

test('the first results and the modules’ insertion move nothing: CLS 0.00 at 1280×900', async ({
  page,
}) => {
  test.setTimeout(120_000); // an own server over a large corpus starts in the test

  await page.addInitScript(() => {
    const shifts: ShiftWindow['__shifts'] = [];
    (window as unknown as ShiftWindow).__shifts = shifts;
    type Entry = PerformanceEntry & {
      value: number;
      hadRecentInput: boolean;
      sources?: { node?: Node | null }[];
    };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as Entry[])
        shifts.push({
          value: e.value,
          hadRecentInput: e.hadRecentInput,
          sources: (e.sources ?? []).map((s) =>
            s.node instanceof Element ? `${s.node.tagName}.${s.node.className}` : String(s.node),
          ),
        });
    }).observe({ type: 'layout-shift', buffered: true });
  });
  // The modules' chunk is held back: their boxes are laid out (and painted) empty first.
  let chunkAsked = false;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/search-modules-[\w-]+\.js$/u, async (route) => {
    chunkAsked = true;
    await released;
    await route.continue();
  });
  await page.goto(`${await corpusOrigin()}/search?q=${BROAD_QUERY}`);
  const feed = resultsFeed(page, BROAD_QUERY);
  await waitForFeedSettled(feed);
  await expect.poll(() => chunkAsked).toBe(true);
  // A block whose module is not drawn yet stands empty.
  await expect(page.locator('.masonry-feed__block:empty').first()).toBeAttached();
  // The empty box is brought into view first: how far down row 2 ends depends on the corpus (on
  // the full default corpus it is just below the fold at 1280×900), and a box filled off screen
  // could never count as a shift. Scrolling is not a layout shift; places are page coordinates.
  await page
    .locator('.masonry-feed__block:empty')
    .first()
    .evaluate((el) => {
      const top = el.getBoundingClientRect().top;
      if (top > window.innerHeight - 200) window.scrollBy(0, top - window.innerHeight / 2);
    });
  await waitForFeedSettled(feed);
  // Cards are placed with transforms, which the Layout Instability API does not count as
  // shifts: so where every card and block is, before and after, is compared as well.
  const before = await settledPlacesOnPage(page);
  await page.waitForTimeout(CHUNK_DELAY_MS); // the empty boxes are painted meanwhile
  release();
  const narrow = narrowModule(page);
  await expect(narrow).toBeVisible();
  // The block is in view: what it draws arrives on screen.
  const box = (await narrow.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeLessThan(900);
  await expect
    .poll(() =>
      narrow.locator('img').evaluateAll((imgs) =>
        imgs.every((img) => {
          const r = img.getBoundingClientRect();
          return r.left > window.innerWidth || (img as HTMLImageElement).complete;
        }),
      ),
    )
    .toBe(true);
  expect(await settledPlacesOnPage(page)).toEqual(before);
  // The tabs' chunk is in too (its box stood empty at the same height until then).
  await expect(page.getByRole('tablist')).toBeVisible();
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
  const counted = (
    await page.evaluate(() => (window as unknown as ShiftWindow).__shifts.slice())
  ).filter((s) => !s.hadRecentInput);
  expect(counted).toEqual([]);
  expect(counted.reduce((sum, s) => sum + s.value, 0).toFixed(2)).toBe('0.00');
});
