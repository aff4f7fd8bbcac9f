import { expect, test, type Locator, type Page } from '@playwright/test';
import { relatedFeed, resultsFeed, searchBox, waitForFeedSettled } from './support/search-page';

/** Enough Tab presses to get past the header and a rail of refinement chips. */
const MAX_TABS = 60;

/** Presses `key` until an element matched by `target` has focus; fails after MAX_TABS presses. */
async function tabTo(
  page: Page,
  target: Locator,
  what: string,
  key: 'Tab' | 'Shift+Tab' = 'Tab',
): Promise<void> {
  const focused = target.and(page.locator(':focus'));
  for (let presses = 0; presses < MAX_TABS; presses++) {
    await page.keyboard.press(key);
    if ((await focused.count()) > 0) return;
  }
  throw new Error(`${what} never got focus in ${MAX_TABS} Tab presses`);
}

test('search, open a pin and come back with the keyboard only', async ({ page }) => {
  await page.goto('/');
  await tabTo(page, searchBox(page), 'the search box');
  await page.keyboard.type('cat');
  await page.keyboard.press('Enter');

  const feed = resultsFeed(page, 'cat');
  await waitForFeedSettled(feed);
  await tabTo(page, feed.locator('article[data-pin-id]'), 'a result card');
  const focusedCard = feed.locator('article[data-pin-id]:focus');
  const id = (await focusedCard.getAttribute('data-pin-id')) ?? '';
  const title = (await focusedCard.locator('img').getAttribute('alt')) ?? '';
  expect(id).not.toBe('');

  await page.keyboard.press('Enter');
  await expect(page).toHaveURL((url) => url.pathname === `/pin/${encodeURIComponent(id)}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await waitForFeedSettled(relatedFeed(page), 1);

  // Back sits before the heading the closeup focuses on open, so it is behind us: Shift+Tab.
  const back = page.getByRole('button', { name: 'Back', exact: true });
  await tabTo(page, back, 'the Back button', 'Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(
    (url) => url.pathname === '/search' && url.searchParams.get('q') === 'cat',
  );
  await expect(feed).toBeVisible();
});
