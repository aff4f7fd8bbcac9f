/**
 * A results page opened by its address comes with its first answer (src/server/http/first-view.ts,
 * src/lib/api-client/first-view.ts): the app shows it without asking the API again, which is what
 * moves the first thumbnails forward on a slow phone link (bench/web-vitals.ts). If the address the
 * server answers ever drifts from the one the app asks (the parameters of getSearchPage), the app
 * would ask again, and this spec fails.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  cards,
  resultsFeed,
  SEARCH_API_PATH,
  submitSearch,
  waitForFeedSettled,
} from './support/search-page';

/** First-page search requests the page makes (a first page has no cursor). */
function firstPageRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname === SEARCH_API_PATH && !url.searchParams.has('cursor'))
      seen.push(url.searchParams.get('q') ?? '');
  });
  return seen;
}

for (const [name, path, q] of [
  ['a query', '/search?q=cat', 'cat'],
  ['exact mode', '/search?q=cat&exact=1', 'cat'],
] as const) {
  test(`a results page for ${name} shows its first answer without asking the API for it`, async ({
    page,
  }) => {
    const asked = firstPageRequests(page);
    await page.goto(path);
    const feed = resultsFeed(page, q);
    await waitForFeedSettled(feed);
    expect(await cards(feed).count()).toBeGreaterThan(0);
    expect(asked).toEqual([]);

    // A search made in the app asks the API, as always.
    await submitSearch(page, 'dog');
    await waitForFeedSettled(resultsFeed(page, 'dog'));
    expect(asked).toEqual(['dog']);
  });
}
