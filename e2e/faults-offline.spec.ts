/**
 * Offline (context.setOffline): the app says so in a status message, keeps what it shows,
 * holds new requests instead of failing them, and carries on by itself when the network is back.
 */
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_PAGE_SIZE } from '@/contract/api';
import {
  cards,
  expectOnSearchUrl,
  logLaterPages,
  renderedCards,
  resultsFeed,
  scrollToLoadedEnd,
  submitSearch,
  waitForFeedSettled,
} from './support/search-page';

/** Has more than one page in the openmoji test index. */
const MULTI_PAGE_QUERY = 'flag';
const OTHER_QUERY = 'cat';
/**
 * Longer than the retries a failed request would get (1 s + 2 s backoff): had the app treated
 * "offline" as a failure, its error alert would be up by then.
 */
const RETRY_WINDOW_MS = 4_000;

const offlineBanner = (page: Page) =>
  page.getByRole('status').filter({ hasText: 'You’re offline. Ideas already loaded stay here' });

const lastPosition = async (page: Page, q: string) =>
  Math.max(0, ...(await renderedCards(resultsFeed(page, q))).map((c) => c.position));

test('offline: a status says so, shown results stay, held requests go out by themselves once online', async ({
  page,
  context,
}) => {
  const later = logLaterPages(page);
  await page.goto(`/search?q=${MULTI_PAGE_QUERY}`);
  const feed = resultsFeed(page, MULTI_PAGE_QUERY);
  await waitForFeedSettled(feed, 20);
  // The second page's pins are fetched ahead of the reader, before the network goes.
  await expect.poll(() => later.answered).toBe(1);
  const firstCard = feed.locator('article[aria-posinset="1"]');
  const firstId = await firstCard.getAttribute('data-pin-id');
  await expect(offlineBanner(page)).toHaveCount(0);

  await context.setOffline(true);
  await expect(offlineBanner(page)).toBeVisible();
  // Reaching the end of the loaded cards shows the page fetched ahead, then asks for the next,
  // which waits for the network.
  await expect
    .poll(async () => {
      await scrollToLoadedEnd(feed);
      return lastPosition(page, MULTI_PAGE_QUERY);
    })
    .toBe(2 * DEFAULT_PAGE_SIZE);
  await scrollToLoadedEnd(feed);
  await page.waitForTimeout(RETRY_WINDOW_MS);
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(await lastPosition(page, MULTI_PAGE_QUERY)).toBe(2 * DEFAULT_PAGE_SIZE);
  expect(later.answered).toBe(1);
  // What was shown stays.
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(firstCard).toHaveAttribute('data-pin-id', firstId ?? '');
  await expect(firstCard).toBeInViewport();

  // Back online: the held page goes out by itself, no Retry needed.
  await context.setOffline(false);
  await expect(offlineBanner(page)).toHaveCount(0);
  await expect.poll(() => later.answered).toBeGreaterThan(1);
  await expect(page.getByRole('alert')).toHaveCount(0);

  // Offline again, a new search says it is waiting for the network, not that something broke.
  await context.setOffline(true);
  await expect(offlineBanner(page)).toBeVisible();
  await submitSearch(page, OTHER_QUERY);
  await expectOnSearchUrl(page, OTHER_QUERY);
  const waiting = page
    .getByRole('status')
    .filter({ hasText: `Ideas for “${OTHER_QUERY}” will load as soon as you’re back online.` });
  await expect(waiting).toBeVisible();
  await expect(waiting).toContainText('You’re offline.');
  await page.waitForTimeout(RETRY_WINDOW_MS);
  await expect(page.getByRole('alert')).toHaveCount(0);

  // Back online: the held search runs by itself.
  await context.setOffline(false);
  await expect(offlineBanner(page)).toHaveCount(0);
  await waitForFeedSettled(resultsFeed(page, OTHER_QUERY));
  await expect(waiting).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(await cards(resultsFeed(page, OTHER_QUERY)).count()).toBeGreaterThan(0);
});

test('offline while an error is shown: Retry says offline, and the search recovers once online', async ({
  page,
  context,
}) => {
  // The first answer fails (server error), so the reader is looking at an alert with Retry.
  await page.route('**/api/v1/search?**', (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'internal', message: 'injected by the e2e suite' } }),
    }),
  );
  // Searched in the app: a results page opened by its address comes with its first answer
  // (src/server/http/first-view.ts), which no route can fail.
  await page.goto('/');
  await submitSearch(page, OTHER_QUERY);
  const alert = page.getByRole('alert').filter({ hasText: 'Couldn’t load ideas.' });
  await expect(alert).toBeVisible({ timeout: 20_000 });
  await page.unroute('**/api/v1/search?**');

  await context.setOffline(true);
  await expect(offlineBanner(page)).toBeVisible();
  await alert.getByRole('button', { name: 'Retry' }).click();
  // The retry waits for the network and says so, instead of failing again.
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: `Ideas for “${OTHER_QUERY}” will load as soon as you’re back online.` }),
  ).toBeVisible();
  await expect(alert).toHaveCount(0);

  await context.setOffline(false);
  await waitForFeedSettled(resultsFeed(page, OTHER_QUERY));
  await expect(page.getByRole('alert')).toHaveCount(0);
});
