import { expect, test } from '@playwright/test';
import {
  SEARCH_API_PATH,
  cards,
  isLaterPageUrl,
  logLaterPages,
  renderedCards,
  resultsFeed,
  retryAlert,
  scrollToBottom,
  submitSearch,
  waitForFeedSettled,
} from './support/search-page';
import { DEFAULT_PAGE_SIZE } from '@/contract/api';

const SEARCH_ROUTE = `**${SEARCH_API_PATH}**`;
/** The app may retry a failed request a few times, with backoff, before it shows the error. */
const ERROR_SHOWN_TIMEOUT_MS = 20_000;
/** Has more than one page in the openmoji test index. */
const MULTI_PAGE_QUERY = 'flag';

test('when the backend is unreachable, an alert offers Retry, and Retry recovers', async ({
  page,
}) => {
  await page.route(SEARCH_ROUTE, (route) => route.abort('connectionrefused'));
  await page.goto('/');
  await submitSearch(page, 'cat');

  const alert = retryAlert(page);
  await expect(alert).toBeVisible({ timeout: ERROR_SHOWN_TIMEOUT_MS });
  await expect(page.locator('article[data-pin-id]')).toHaveCount(0);

  await page.unroute(SEARCH_ROUTE);
  await alert.getByRole('button', { name: 'Retry' }).click();
  await waitForFeedSettled(resultsFeed(page, 'cat'));
  await expect(alert).toHaveCount(0);
});

test('a server error on a later page keeps the cards already shown', async ({ page }) => {
  // A pool page's pins (fetched ahead of the reader, quietly) or a server page past the pool.
  const isLaterPage = isLaterPageUrl;
  await page.route(isLaterPage, (route) =>
    route.fulfill({
      status: 500,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'internal', message: 'injected by the e2e suite' } }),
    }),
  );
  const laterPages = logLaterPages(page);
  await page.goto(`/search?q=${MULTI_PAGE_QUERY}`);
  const feed = resultsFeed(page, MULTI_PAGE_QUERY);
  await waitForFeedSettled(feed, 20);
  const firstCardId = await feed.locator('article[aria-posinset="1"]').getAttribute('data-pin-id');
  expect(firstCardId).not.toBeNull();

  await scrollToBottom(page);
  const alert = retryAlert(page);
  await expect(alert).toBeVisible({ timeout: ERROR_SHOWN_TIMEOUT_MS });
  await expect.poll(() => cards(feed).count()).toBeGreaterThan(0);
  const lastShown = Math.max(...(await renderedCards(feed)).map((c) => c.position));
  expect(lastShown).toBeGreaterThanOrEqual(DEFAULT_PAGE_SIZE);

  await page.evaluate(() => window.scrollTo(0, 0));
  const firstCard = feed.locator('article[aria-posinset="1"]');
  await expect(firstCard).toHaveAttribute('data-pin-id', firstCardId ?? '');
  await expect(firstCard).toBeInViewport();

  // Once the server answers again, Retry fetches the page that failed.
  await page.unroute(isLaterPage);
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect.poll(() => laterPages.answered).toBeGreaterThan(0);
  await expect
    .poll(async () => {
      await scrollToBottom(page);
      return Math.max(...(await renderedCards(feed)).map((c) => c.position));
    })
    .toBeGreaterThan(DEFAULT_PAGE_SIZE);
  await expect(alert).toHaveCount(0);
});
