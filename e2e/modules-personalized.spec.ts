/**
 * The results page's modules as the device orders them, in a real browser on the test index:
 * keyboard and screen-reader order follow the page (a module is reached right after the cards
 * drawn above it); a module seen on screen and a tile opened join the engagement log ("Your
 * activity" counts them); a history that favours one kind of module moves it up, with the debug
 * panel's account of why; and "From your saves" is built on the device from saved pins that
 * match the query, a labelled, keyboard-operable region, with no request telling the server
 * which pins were saved.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { blockingViolations } from './support/axe';
import {
  closePanel,
  openActivity,
  openDebug,
  saveFromCloseup,
  searchInApp,
} from './support/personalization';
import { cards, isLaterPageUrl, resultsFeed, waitForFeedSettled } from './support/search-page';

/** Broad in the openmoji test index: the server proposes narrowing, then related searches. */
const BROAD_QUERY = 'animal';
/** Saved pins of this query match it on the device (they are among its candidates). */
const SAVES_QUERY = 'cat';

test.use({ viewport: { width: 1280, height: 900 } });
test.setTimeout(90_000);

const region = (page: Page, name: string): Locator => page.getByRole('region', { name });

/** The module counts the activity panel shows: "N seen · M used". */
async function moduleCounts(page: Page): Promise<{ seen: number; used: number }> {
  const text =
    (await (await openActivity(page)).getByTestId('module-event-count').textContent()) ?? '';
  const match = /^(\d+)\D+(\d+)/u.exec(text);
  return { seen: Number(match?.[1]), used: Number(match?.[2]) };
}

/**
 * The positions of the last card drawn above the narrowing module (by place, not by DOM order)
 * and of the first one below it.
 */
const cardsAroundNarrowing = (feed: Locator): Promise<{ above: number; below: number }> =>
  feed.evaluate((grid) => {
    const block = document.querySelector('[data-module="narrow"]')!.getBoundingClientRect();
    const all = [...grid.querySelectorAll<HTMLElement>('article[data-pin-id]')].map((a) => ({
      pos: Number(a.getAttribute('aria-posinset')),
      rect: a.getBoundingClientRect(),
    }));
    return {
      above: Math.max(...all.filter((c) => c.rect.bottom <= block.top).map((c) => c.pos)),
      below: Math.min(...all.filter((c) => c.rect.top >= block.bottom).map((c) => c.pos)),
    };
  });

/**
 * The broad query's results page, settled, with its narrowing module drawn; the feed, the module
 * and the positions of the cards drawn just above and just below it.
 */
async function openNarrowing(page: Page) {
  await page.goto(`/search?q=${BROAD_QUERY}`);
  const feed = resultsFeed(page, BROAD_QUERY);
  await waitForFeedSettled(feed);
  const narrow = region(page, 'Narrow it down');
  await expect(narrow.getByRole('link').first()).toBeVisible();
  return { feed, narrow, ...(await cardsAroundNarrowing(feed)) };
}

test('Tab from the last card above a module reaches the module’s first control, and goes on to the cards below it', async ({
  page,
}) => {
  const { feed, narrow, above, below } = await openNarrowing(page);
  expect(below).toBe(above + 1);
  const lastAbove = feed.locator(`article[aria-posinset="${above}"]`);
  await lastAbove.focus();
  // Past the card's own controls (Save, its menu), the next stop is the module's first control:
  // "Scroll left" is off at the start, so its first tile.
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    const inCard = await lastAbove.evaluate((card) => card.contains(document.activeElement));
    if (!inCard) break;
  }
  await expect(narrow.getByRole('link').first()).toBeFocused();
  // Shift+Tab goes back into the card above.
  await page.keyboard.press('Shift+Tab');
  expect(await lastAbove.evaluate((card) => card.contains(document.activeElement))).toBe(true);
  // From the module's last control (Scroll right), Tab reaches the first card below it.
  await narrow.getByRole('button', { name: 'Scroll right' }).focus();
  if (await narrow.getByRole('button', { name: 'Scroll right' }).isDisabled())
    await narrow.getByRole('link').last().focus();
  await page.keyboard.press('Tab');
  await expect(feed.locator(`article[aria-posinset="${below}"]`)).toBeFocused();
  // The module is an article of the feed (a feed holds articles), its region inside.
  await expect(feed.getByRole('article').filter({ has: narrow })).toHaveCount(1);
  expect(await blockingViolations(page)).toEqual([]);
});

/** Cards drawn wholly below a module (by place): the pages loaded after it. */
const cardsBelow = (module: Locator): Promise<number> =>
  module.evaluate((block) => {
    const bottom = block.getBoundingClientRect().bottom;
    return [...block.closest('[role="feed"]')!.querySelectorAll('article[data-pin-id]')].filter(
      (card) => card.getBoundingClientRect().top >= bottom,
    ).length;
  });

test('focus on a module’s tile stays there while the pages below the module come in', async ({
  page,
}) => {
  // The later pages wait until a tile has focus, so that the module is the last thing in the
  // grid then (its slot lies past the first page's cards), and they come in under it after.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(isLaterPageUrl, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`/search?q=${BROAD_QUERY}`);
  const feed = resultsFeed(page, BROAD_QUERY);
  await waitForFeedSettled(feed);
  const related = region(page, 'Related searches');
  const tile = related.getByRole('link').first();
  await expect(tile).toBeVisible();
  expect(await cardsBelow(related)).toBe(0);
  // Focus scrolls the tile into view, near the loaded end: the next pages are asked for.
  await tile.focus();
  release();
  await expect.poll(() => cardsBelow(related)).toBeGreaterThan(0);
  // The same element keeps focus (the module was not drawn afresh), and Enter follows it.
  await expect(tile).toBeFocused();
  const href = (await tile.getAttribute('href'))!;
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(href);
});

test('Page Down and Page Up move through the feed’s articles, a module’s among them', async ({
  page,
}) => {
  const { feed, narrow, above, below } = await openNarrowing(page);
  const block = feed.getByRole('article').filter({ has: narrow });
  const card = (pos: number) => feed.locator(`article[aria-posinset="${pos}"]`);
  await card(above - 1).focus();
  await page.keyboard.press('PageDown');
  await expect(card(above)).toBeFocused();
  // The module is the next article: Page Down stops on it, not on the card after it.
  await page.keyboard.press('PageDown');
  await expect(block).toBeFocused();
  await expect(block).toBeInViewport();
  await page.keyboard.press('PageDown');
  await expect(card(below)).toBeFocused();
  await page.keyboard.press('PageUp');
  await expect(block).toBeFocused();
  await page.keyboard.press('PageUp');
  await expect(card(above)).toBeFocused();
  // From a control inside the module, the next and previous articles are the cards around it.
  await narrow.getByRole('link').first().focus();
  await page.keyboard.press('PageDown');
  await expect(card(below)).toBeFocused();
  await narrow.getByRole('link').first().focus();
  await page.keyboard.press('PageUp');
  await expect(card(above)).toBeFocused();
  // Tab still goes from the module's article into it: its first control.
  await block.focus();
  await page.keyboard.press('Tab');
  await expect(narrow.getByRole('link').first()).toBeFocused();
});

test('modules seen and used join the log; a history that favours a kind moves it up, and the debug panel says why', async ({
  page,
}) => {
  await page.goto(`/search?q=${BROAD_QUERY}`);
  await waitForFeedSettled(resultsFeed(page, BROAD_QUERY));
  const narrow = region(page, 'Narrow it down');
  const related = region(page, 'Related searches');
  // Server order first: narrowing above related searches.
  expect((await narrow.boundingBox())!.y).toBeLessThan((await related.boundingBox())!.y);
  await narrow.scrollIntoViewIfNeeded();
  await related.scrollIntoViewIfNeeded();
  await expect.poll(() => moduleCounts(page)).toEqual({ seen: 2, used: 0 });
  // Once per page view: scrolling away and back logs nothing more.
  await closePanel(page, 'Your activity');
  await page.evaluate(() => window.scrollTo(0, 0));
  await related.scrollIntoViewIfNeeded();
  await expect.poll(() => moduleCounts(page)).toEqual({ seen: 2, used: 0 });
  await closePanel(page, 'Your activity');

  // A related search opened from its tile is a use of that module.
  await related.getByRole('link').first().click();
  await expect(page).not.toHaveURL(`/search?q=${BROAD_QUERY}`);
  await expect.poll(async () => (await moduleCounts(page)).used).toBe(1);

  // A history where related searches are opened and narrowing never is (an imported file).
  const at = Date.now() - 60_000;
  const lines = Array.from({ length: 10 }, (_, i) => [
    { v: 1, type: 'module-view', kind: 'narrow', query: 'dog', at: at + i * 10, slot: 2 },
    { v: 1, type: 'module-view', kind: 'related', query: 'dog', at: at + i * 10 + 1, slot: 6 },
    ...(i < 8
      ? [
          {
            v: 1,
            type: 'module-click',
            kind: 'related',
            query: 'dog',
            at: at + i * 10 + 2,
            slot: 6,
            action: 'open',
          },
        ]
      : []),
  ]).flat();
  const panel = await openActivity(page);
  await panel.getByLabel('Import activity (JSONL file)').setInputFiles({
    name: 'modules.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n')),
  });
  await expect(panel.getByRole('status')).toContainText('Imported 28 events');
  await closePanel(page, 'Your activity');

  await searchInApp(page, BROAD_QUERY);
  // Related searches now take the first module rows, narrowing the next: same rows, new order.
  await expect(related).toBeVisible();
  expect((await related.boundingBox())!.y).toBeLessThan((await narrow.boundingBox())!.y);
  const debug = await openDebug(page);
  await expect(debug.getByTestId('module-order')).toContainText(
    `Module order for “${BROAD_QUERY}”: final = server score`,
  );
  const rows = debug.getByTestId('module-order-table').locator('tbody tr');
  await expect(rows.first()).toHaveAttribute('data-module-kind', 'related');
  await expect(rows.nth(1)).toHaveAttribute('data-module-kind', 'narrow');
  // Related searches came second from the server and were lifted; narrowing lost ground.
  await expect(rows.first().locator('td').first()).toHaveText('2');
  await expect(rows.first().locator('td').nth(4)).toHaveText(/^\+/u);
  await expect(rows.nth(1).locator('td').nth(4)).toHaveText(/^−/u);

  // Clearing the history brings back the server's order.
  await closePanel(page, 'Debug');
  await (await openActivity(page)).getByRole('button', { name: 'Clear history' }).click();
  await closePanel(page, 'Your activity');
  // (A search for the query on screen is the same page: a new visit of it.)
  await page.goto(`/search?q=${BROAD_QUERY}`);
  await waitForFeedSettled(resultsFeed(page, BROAD_QUERY));
  await expect(narrow).toBeVisible();
  expect((await narrow.boundingBox())!.y).toBeLessThan((await related.boundingBox())!.y);
});

test('"From your saves": saved pins that match the query, made on the device; no request carries the saves', async ({
  page,
}) => {
  await page.goto(`/search?q=${SAVES_QUERY}`);
  const feed = resultsFeed(page, SAVES_QUERY);
  await waitForFeedSettled(feed, 3);
  const saved: string[] = [];
  for (const index of [0, 2]) {
    const card = cards(resultsFeed(page, SAVES_QUERY)).nth(index);
    saved.push((await card.getAttribute('data-pin-id')) ?? '');
    await saveFromCloseup(page, card);
    await waitForFeedSettled(resultsFeed(page, SAVES_QUERY), 3);
  }
  expect(saved.every((id) => id !== '')).toBe(true);

  // Every request from here on: none may name a saved pin or carry a body.
  const requests: { url: string; method: string; body: string | null }[] = [];
  page.on('request', (r) =>
    requests.push({ url: r.url(), method: r.method(), body: r.postData() }),
  );
  // A later visit: the saves are restored from the device's storage, and the query searched.
  await page.goto('/');
  await searchInApp(page, SAVES_QUERY);
  const saves = region(page, 'From your saves');
  await saves.scrollIntoViewIfNeeded();
  await expect(saves.getByRole('heading', { level: 2, name: 'From your saves' })).toBeVisible();
  const tiles = saves.getByRole('link');
  await expect(tiles).toHaveCount(2);
  const hrefs = await tiles.evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  expect(hrefs.sort()).toEqual(saved.map((id) => `/pin/${encodeURIComponent(id)}`).sort());
  // Keyboard: a tile takes focus and Enter opens the saved pin.
  await tiles.first().focus();
  await expect(tiles.first()).toBeFocused();
  expect(await blockingViolations(page)).toEqual([]);

  const api = requests.filter((r) => new URL(r.url).pathname.startsWith('/api/'));
  expect(api.length).toBeGreaterThan(0); // the search itself
  for (const r of api) {
    expect(r.method, r.url).toBe('GET');
    expect(r.body, r.url).toBeNull();
    // The first page's display data came with the answer: no batch asks for a saved pin.
    for (const id of saved) expect(decodeURIComponent(r.url), r.url).not.toContain(id);
  }

  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/pin\//u);
});
