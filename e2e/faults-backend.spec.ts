/**
 * Backend faults, injected at the network edge (page.route): a backend that stops answering
 * (the client's own deadline ends the wait), a backend that goes away while results are on
 * screen, and a slow backend whose older answer arrives after a newer one.
 * (A first search against a backend that refuses connections, and a later page that gets a
 * 500, are in errors.spec.ts.)
 */
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_PAGE_SIZE, SearchResponseSchema } from '@/contract/api';
import {
  NETWORK_ERROR_MESSAGE,
  REQUEST_TIMEOUT_MS,
  TIMEOUT_ERROR_MESSAGE,
} from '@/lib/api-client/api-client';
import { hangRequests, isApiRequest, type UrlMatcher } from './support/faults';
import { gridOrder } from './support/personalization';
import {
  apiSearch,
  cards,
  expectOnSearchUrl,
  isLaterPageUrl,
  logLaterPages,
  renderedCards,
  resultsFeed,
  retryAlert,
  SEARCH_API_PATH,
  scrollToLoadedEnd,
  submitSearch,
  waitForFeedSettled,
} from './support/search-page';

/** The deadline, plus room for a loaded machine to render the alert. */
const TIMED_OUT_ALERT_MS = REQUEST_TIMEOUT_MS + 10_000;
/** A refused connection is retried twice with backoff (1 s, 2 s) before the alert shows. */
const REFUSED_ALERT_MS = 20_000;
/** Has more than one page in the openmoji test index. */
const MULTI_PAGE_QUERY = 'flag';

test.setTimeout(90_000);

const searchPage =
  (q: string, kind: 'first' | 'next'): UrlMatcher =>
  (url) =>
    url.pathname === SEARCH_API_PATH &&
    url.searchParams.get('q') === q &&
    url.searchParams.has('cursor') === (kind === 'next');

const settleFrames = (page: Page) =>
  page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );

const lastPosition = async (page: Page, q: string) =>
  Math.max(0, ...(await renderedCards(resultsFeed(page, q))).map((c) => c.position));

test('a search the backend never answers times out with Retry instead of loading forever', async ({
  page,
}) => {
  const hung = await hangRequests(page, searchPage('cat', 'first'));
  await page.goto('/');
  const started = Date.now();
  await submitSearch(page, 'cat');
  const feed = resultsFeed(page, 'cat');
  await expect(feed).toHaveAttribute('aria-busy', 'true');

  const alert = retryAlert(page);
  await expect(alert).toBeVisible({ timeout: TIMED_OUT_ALERT_MS });
  expect(Date.now() - started).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS);
  await expect(alert).toContainText('Couldn’t load ideas.');
  await expect(alert).toContainText(TIMEOUT_ERROR_MESSAGE);
  // One wait, not three: a timed-out request is not retried behind the reader's back.
  expect(hung.requests).toHaveLength(1);

  // The backend answers again; Retry works from the keyboard.
  await hung.release();
  const retry = alert.getByRole('button', { name: 'Retry' });
  await retry.focus();
  await retry.press('Enter');
  await waitForFeedSettled(resultsFeed(page, 'cat'));
  await expect(alert).toHaveCount(0);
});

for (const fault of ['goes down', 'stops answering'] as const) {
  test(`when the backend ${fault} under a results page, the cards stay, an alert offers Retry, and Retry recovers`, async ({
    page,
  }) => {
    const later = logLaterPages(page);
    await page.goto(`/search?q=${MULTI_PAGE_QUERY}`);
    const feed = resultsFeed(page, MULTI_PAGE_QUERY);
    await waitForFeedSettled(feed, 20);
    // The next page's pins are fetched ahead of the reader: let that land before the fault.
    await expect.poll(() => later.answered).toBeGreaterThan(0);
    const firstCard = feed.locator('article[aria-posinset="1"]');
    const firstId = await firstCard.getAttribute('data-pin-id');
    expect(firstId).not.toBeNull();

    // Every API route fails from now on, not just search: the whole backend is gone.
    const hung = fault === 'stops answering' ? await hangRequests(page, isApiRequest) : null;
    const refuse = (route: import('@playwright/test').Route) => route.abort('connectionrefused');
    if (!hung) await page.route(isApiRequest, refuse);

    // The reader goes on to the end of what is loaded (the page fetched ahead shows at once)
    // until the feed asks for a page that cannot come.
    const alert = retryAlert(page);
    await expect
      .poll(
        async () => {
          await scrollToLoadedEnd(feed);
          return alert.isVisible();
        },
        { timeout: hung ? TIMED_OUT_ALERT_MS : REFUSED_ALERT_MS },
      )
      .toBe(true);
    await expect(alert).toContainText('Couldn’t load more ideas.');
    await expect(alert).toContainText(hung ? TIMEOUT_ERROR_MESSAGE : NETWORK_ERROR_MESSAGE);
    if (hung) {
      // One wait, not two: the page asked for is the one already on its way.
      const laterPages = hung.requests.filter((r) => isLaterPageUrl(new URL(r.url())));
      expect(laterPages).toHaveLength(1);
    }
    const shownAtFault = await lastPosition(page, MULTI_PAGE_QUERY);

    // What was shown is still there: the first page's cards, from the top.
    expect(await lastPosition(page, MULTI_PAGE_QUERY)).toBeGreaterThanOrEqual(DEFAULT_PAGE_SIZE);
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect(firstCard).toHaveAttribute('data-pin-id', firstId ?? '');
    await expect(firstCard).toBeInViewport();
    expect(await cards(feed).count()).toBeGreaterThan(0);

    // The backend comes back: Retry fetches the page that failed.
    if (hung) await hung.release();
    else await page.unroute(isApiRequest, refuse);
    await alert.getByRole('button', { name: 'Retry' }).click();
    await expect
      .poll(async () => {
        await scrollToLoadedEnd(feed);
        return lastPosition(page, MULTI_PAGE_QUERY);
      })
      .toBeGreaterThan(Math.max(DEFAULT_PAGE_SIZE, shownAtFault));
    await expect(alert).toHaveCount(0);
  });
}

test('a slow answer to an earlier search never replaces the newer search’s results', async ({
  page,
}) => {
  const [older, newer] = ['cat', MULTI_PAGE_QUERY];
  const newerFirstPage = (await apiSearch(page.request, newer)).items.map((c) => c.id);
  const olderFirstPage = (await apiSearch(page.request, older)).items.map((c) => c.id);
  expect(olderFirstPage.slice(0, 10), 'the two answers differ').not.toEqual(
    newerFirstPage.slice(0, 10),
  );

  // Hold the older search's answer until the newer one is on screen, then deliver it.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let delivered: 'delivered' | 'cancelled by the app' | null = null;
  let handlerDone!: () => void;
  const handled = new Promise<void>((resolve) => (handlerDone = resolve));
  await page.route(searchPage(older, 'first'), async (route) => {
    try {
      const response = await route.fetch();
      SearchResponseSchema.parse(await response.json());
      await released;
      await route.fulfill({ response });
      delivered = 'delivered';
    } catch {
      // The app gave up on the request (it moved on): there is nothing to deliver to.
      delivered = 'cancelled by the app';
    } finally {
      handlerDone();
    }
  });

  await page.goto('/');
  const olderRequested = page.waitForRequest((r) => searchPage(older, 'first')(new URL(r.url())));
  await submitSearch(page, older);
  await olderRequested;
  await submitSearch(page, newer);
  await expectOnSearchUrl(page, newer);
  const feed = resultsFeed(page, newer);
  await waitForFeedSettled(feed, 10);
  const shownBefore = await gridOrder(page, newer, 10);
  expect(shownBefore).toEqual(newerFirstPage.slice(0, 10));

  release();
  await handled;
  expect(delivered).not.toBeNull();
  await settleFrames(page);

  await expectOnSearchUrl(page, newer);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(newer);
  await expect(resultsFeed(page, older)).toHaveCount(0);
  expect(await gridOrder(page, newer, 10)).toEqual(newerFirstPage.slice(0, 10));
});
