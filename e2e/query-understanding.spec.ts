import { expect, test, type APIRequestContext } from '@playwright/test';
import { SearchResponseSchema, type SearchResponse } from '@/contract/api';
import { blockingViolations } from './support/axe';
import {
  apiSearch,
  cardById,
  expectOnSearchUrl,
  nextSearchPage,
  resultsFeed,
  SEARCH_API_PATH,
  submitSearch,
  waitForFeedSettled,
} from './support/search-page';

const MISSPELT = 'buterfly';
/** A word the corpus does not use for what it has many pictures of (WordNet: car, auto). */
const SYNONYM_QUERY = 'automobile';

async function apiExact(request: APIRequestContext, q: string): Promise<SearchResponse> {
  const response = await request.get(
    `${SEARCH_API_PATH}?${new URLSearchParams({ q, exact: '1' })}`,
  );
  expect(response.status()).toBe(200);
  return SearchResponseSchema.parse(await response.json());
}

const banner = (page: import('@playwright/test').Page) =>
  page.getByText('Showing results for', { exact: false });

test('a misspelt query shows corrected results and a working "search instead" link', async ({
  page,
  request,
}) => {
  const corrected = await apiSearch(request, MISSPELT);
  expect(corrected.query.corrections.length, `the server corrects "${MISSPELT}"`).toBeGreaterThan(
    0,
  );
  const fixed = corrected.query.corrections[0]!.to;
  expect(corrected.total).toBeGreaterThan(0);

  await page.goto('/');
  const firstPage = nextSearchPage(page, MISSPELT, 'first');
  await submitSearch(page, MISSPELT);
  await expectOnSearchUrl(page, MISSPELT);
  expect((await firstPage).query.corrections).toEqual(corrected.query.corrections);

  await expect(banner(page)).toBeVisible();
  await expect(banner(page).locator('strong')).toHaveText(fixed);
  const feed = resultsFeed(page, MISSPELT);
  await waitForFeedSettled(feed);
  await expect(feed.locator('article[aria-posinset="1"]')).toHaveAttribute(
    'data-pin-id',
    corrected.items[0]!.id,
  );

  const exact = await apiExact(request, MISSPELT);
  expect(exact.query.corrections).toEqual([]);
  const instead = page.getByRole('link', { name: MISSPELT, exact: true });
  await expect(page.getByText('Search instead for')).toContainText(MISSPELT);
  await instead.click();
  await expect(page).toHaveURL(
    (url) =>
      url.pathname === '/search' &&
      url.searchParams.get('q') === MISSPELT &&
      url.searchParams.get('exact') === '1',
  );
  if (exact.total === 0) {
    await expect(
      page.getByRole('status').filter({ hasText: `No results for “${MISSPELT}”` }),
    ).toBeVisible();
  } else {
    await waitForFeedSettled(feed);
    await expect(feed.locator('article[aria-posinset="1"]')).toHaveAttribute(
      'data-pin-id',
      exact.items[0]!.id,
    );
  }
  await expect(banner(page)).toHaveCount(0);

  await page.goBack();
  await expect(banner(page)).toBeVisible();
});

test('a synonym query finds pins that never use the word', async ({ page, request }) => {
  const api = await apiSearch(request, SYNONYM_QUERY);
  const expanded = api.query.expansions.map((e) => e.term);
  expect(expanded, `"${SYNONYM_QUERY}" is expanded with synonyms`).toContain('car');
  const word = new RegExp(`\\b${SYNONYM_QUERY}\\b`, 'i');
  // Among the first rows, which the grid renders without scrolling.
  const bySynonym = api.items
    .slice(0, 10)
    .find((pin) => ![pin.title, pin.description, ...pin.tags].some((text) => word.test(text)));
  expect(bySynonym, 'a result found only through a synonym').toBeDefined();

  await page.goto('/');
  await submitSearch(page, SYNONYM_QUERY);
  const feed = resultsFeed(page, SYNONYM_QUERY);
  await waitForFeedSettled(feed);
  // Exact matches still rank first.
  const first = feed.locator('article[aria-posinset="1"]');
  await expect(first).toHaveAttribute('data-pin-id', api.items[0]!.id);
  expect([api.items[0]!.title, ...api.items[0]!.tags].some((t) => word.test(t))).toBe(true);
  await expect(cardById(feed, bySynonym!.id)).toBeVisible();
});

test('related searches are a labelled region of tiles that navigate', async ({ page, request }) => {
  // Shown as a module of image tiles in the grid, in place of a list of links.
  const api = await apiSearch(request, 'animal');
  const module = api.modules?.find((m) => m.kind === 'related');
  const related = module && 'tiles' in module ? module.tiles.map((t) => t.label) : [];
  expect(related.length).toBeGreaterThan(0);

  await page.goto('/search?q=animal');
  const region = page.getByRole('region', { name: 'Related searches' });
  await expect(region.getByRole('link')).toHaveCount(related.length);
  for (const [i, text] of related.entries())
    await expect(region.getByRole('link').nth(i)).toContainText(text);
  const target = related[0]!;
  await region.getByRole('link').first().focus();
  await page.keyboard.press('Enter');
  await expectOnSearchUrl(page, target);
  await waitForFeedSettled(resultsFeed(page, target));
});

test('a corrected results page has no serious accessibility violations', async ({ page }) => {
  await page.goto(`/search?q=${MISSPELT}`);
  await waitForFeedSettled(resultsFeed(page, MISSPELT));
  await expect(banner(page)).toBeVisible();
  expect(await blockingViolations(page)).toEqual([]);
});
