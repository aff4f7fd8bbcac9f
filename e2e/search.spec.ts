import { expect, test } from '@playwright/test';
import type { Candidate } from '@/contract/api';
import {
  cardById,
  cards,
  expectOnSearchUrl,
  nextSearchPage,
  resultsFeed,
  submitSearch,
  waitForFeedSettled,
} from './support/search-page';

/** Grid column width in CSS px; at devicePixelRatio 1 the srcset picks the 1x thumbnail. */
const COLUMN_WIDTH = 236;
/** The least a first page must show: `cat` fills a grid of at least this many cards on the default corpus. */
const MIN_FIRST_PAGE_CARDS = 20;

test('a search from a fresh load shows a grid of correctly sized cards', async ({ page }) => {
  await page.goto('/');
  const firstPage = nextSearchPage(page, 'cat', 'first');
  await submitSearch(page, 'cat');
  await expectOnSearchUrl(page, 'cat');

  const { items, total } = await firstPage;
  expect(total).toBeGreaterThanOrEqual(MIN_FIRST_PAGE_CARDS);
  expect(items.length).toBeGreaterThanOrEqual(MIN_FIRST_PAGE_CARDS);
  const pins = new Map<string, Candidate>(items.map((c) => [c.id, c]));
  const feed = resultsFeed(page, 'cat');
  await waitForFeedSettled(feed, MIN_FIRST_PAGE_CARDS);

  const visible = await cards(feed).evaluateAll((articles) =>
    articles
      .filter((a) => {
        const box = a.getBoundingClientRect();
        return box.bottom > 0 && box.top < window.innerHeight && box.width > 0;
      })
      .map((a) => a.getAttribute('data-pin-id') ?? ''),
  );
  expect(visible.length).toBeGreaterThan(0);

  for (const id of visible) {
    const pin = pins.get(id);
    expect(pin, `visible card ${id} came from the first page`).toBeDefined();
    const img = cardById(feed, id).locator('img');
    await expect(img).toHaveAttribute('width', String(pin?.width));
    await expect(img).toHaveAttribute('height', String(pin?.height));
    await expect(img).toHaveAttribute('alt', pin?.title ?? '');
    // Wait for the decode: a broken or missing thumbnail never gets a natural size.
    await expect
      .poll(() =>
        img.evaluate((i: HTMLImageElement) =>
          i.complete ? [i.naturalWidth, i.naturalHeight] : null,
        ),
      )
      .toEqual([COLUMN_WIDTH, pin?.height]);
  }
  expect(pins.get(visible[0] ?? '')?.width).toBe(COLUMN_WIDTH);

  const first = feed.locator('article[aria-posinset="1"]');
  await expect(first).toHaveCount(1);
  const firstId = (await first.getAttribute('data-pin-id')) ?? '';
  const firstPin = pins.get(firstId);
  expect(firstPin).toBeDefined();
  await expect(first).toContainText(firstPin?.title ?? '');
  const mentionsCat = [firstPin?.title ?? '', ...(firstPin?.tags ?? [])].some((text) =>
    /\bcats?\b/i.test(text),
  );
  expect(mentionsCat, `first result "${firstPin?.title}" [${firstPin?.tags}]`).toBe(true);
});

test('an empty result says so in a status message', async ({ page }) => {
  await page.goto('/');
  await submitSearch(page, 'zzqxqzz');
  await expectOnSearchUrl(page, 'zzqxqzz');
  await expect(
    page.getByRole('status').filter({ hasText: 'No results for “zzqxqzz”' }),
  ).toBeVisible();
  await expect(page.locator('article[data-pin-id]')).toHaveCount(0);
});
