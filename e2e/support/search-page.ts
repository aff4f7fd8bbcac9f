/**
 * Locators and waits shared by the specs. They follow the SPA accessibility contract
 * (docs/team-brief.md): the tests find things the way a screen-reader user would, by role
 * and accessible name, so a regression in the contract fails a test.
 */
import {
  expect,
  type APIRequestContext,
  type Locator,
  type Page,
  type Response,
} from '@playwright/test';
import {
  API_PREFIX,
  MAX_BATCH_PINS,
  PinsResponseSchema,
  SearchResponseSchema,
  type Pin,
  type SearchResponse,
} from '@/contract/api';

export const SEARCH_API_PATH = `${API_PREFIX}/search`;
/** Display data of candidate-pool pins: the pages the device cuts from the pool fetch it here. */
export const PINS_API_PATH = `${API_PREFIX}/pins`;

/** By label, not role: the box may become a combobox once autocomplete lands. */
export const searchBox = (page: Page): Locator =>
  page.getByRole('search').getByLabel('Search ideas', { exact: true });

/** The curly quotes are part of the contract, so the name is matched exactly. */
export const resultsFeed = (page: Page, q: string): Locator =>
  page.getByRole('feed', { name: `Results for “${q}”`, exact: true });

export const relatedFeed = (page: Page): Locator =>
  page.getByRole('feed', { name: 'More like this', exact: true });

export const cards = (feed: Locator): Locator => feed.locator('article[data-pin-id]');

export const cardById = (feed: Locator, id: string): Locator =>
  feed.locator(`article[data-pin-id="${id}"]`);

export type PageKind = 'first' | 'next';

/** True for a search API response to query `q`; `next` means a page asked for with a cursor. */
export function isSearchResponse(response: Response, q: string, kind: PageKind): boolean {
  const url = new URL(response.url());
  if (url.pathname !== SEARCH_API_PATH || url.searchParams.get('q') !== q) return false;
  const hasCursor = url.searchParams.has('cursor');
  return kind === 'next' ? hasCursor : !hasCursor;
}

/** Waits for the next search page the app fetches and parses it with the contract's schema. */
export async function nextSearchPage(
  page: Page,
  q: string,
  kind: PageKind,
): Promise<SearchResponse> {
  const response = await page.waitForResponse(
    (r) => isSearchResponse(r, q, kind) && r.status() === 200,
  );
  return SearchResponseSchema.parse(await response.json());
}

export interface SearchPageLog {
  pages: SearchResponse[];
  /** Responses that did not parse with the contract's schema (a test asserts this stays empty). */
  invalid: string[];
}

/** Records every successful search page of query `q` the app receives, from now on. */
export function logSearchPages(page: Page, q: string, kind: PageKind): SearchPageLog {
  const log: SearchPageLog = { pages: [], invalid: [] };
  page.on('response', async (response) => {
    if (!isSearchResponse(response, q, kind) || response.status() !== 200) return;
    try {
      log.pages.push(SearchResponseSchema.parse(await response.json()));
    } catch (error) {
      log.invalid.push(`${response.url()}: ${String(error)}`);
    }
  });
  return log;
}

/** True for a batch of pool pins' display data (`/api/v1/pins?ids=`), the way pool pages load. */
export function isPinsBatchUrl(url: URL): boolean {
  return url.pathname === PINS_API_PATH && url.searchParams.has('ids');
}

/** Records the ids of every batch of pool pins the app asks for, from now on. */
export function logPinBatches(page: Page): string[][] {
  const batches: string[][] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (isPinsBatchUrl(url)) batches.push((url.searchParams.get('ids') ?? '').split(','));
  });
  return batches;
}

/**
 * A later page of a feed: the candidate pool's pages load their pins in a batch, pages past the
 * pool are search pages asked for with a cursor.
 */
export function isLaterPageUrl(url: URL): boolean {
  return (
    isPinsBatchUrl(url) || (url.pathname === SEARCH_API_PATH && url.searchParams.has('cursor'))
  );
}

/** Counts the later pages (see isLaterPageUrl) that came back with a 200, from now on. */
export function logLaterPages(page: Page): { readonly answered: number } {
  const log = { answered: 0 };
  page.on('response', (response) => {
    if (isLaterPageUrl(new URL(response.url())) && response.status() === 200) log.answered += 1;
  });
  return log;
}

/** Display data for pins by id, from the API (in batches of the most it takes). */
export async function apiPins(request: APIRequestContext, ids: readonly string[]): Promise<Pin[]> {
  const pins: Pin[] = [];
  for (let i = 0; i < ids.length; i += MAX_BATCH_PINS) {
    const params = new URLSearchParams({ ids: ids.slice(i, i + MAX_BATCH_PINS).join(',') });
    const response = await request.get(`${PINS_API_PATH}?${params}`);
    expect(response.status()).toBe(200);
    pins.push(...PinsResponseSchema.parse(await response.json()).items);
  }
  return pins;
}

/** Asks the API directly, e.g. to learn what the grid should show. */
export async function apiSearch(
  request: APIRequestContext,
  q: string,
  cursor?: string,
): Promise<SearchResponse> {
  const params = new URLSearchParams({ q });
  if (cursor) params.set('cursor', cursor);
  const response = await request.get(`${SEARCH_API_PATH}?${params}`);
  expect(response.status()).toBe(200);
  return SearchResponseSchema.parse(await response.json());
}

/** Types a query into the search box of the current page and submits it with Enter. */
export async function submitSearch(page: Page, q: string): Promise<void> {
  const box = searchBox(page);
  await box.fill(q);
  await box.press('Enter');
}

export async function expectOnSearchUrl(page: Page, q: string): Promise<void> {
  await expect(page).toHaveURL(
    (url) => url.pathname === '/search' && url.searchParams.get('q') === q,
  );
}

/** Waits until the feed has cards and no page is loading. */
export async function waitForFeedSettled(feed: Locator, minCards = 1): Promise<void> {
  await expect(feed).toBeVisible();
  await expect(feed).toHaveAttribute('aria-busy', 'false');
  await expect.poll(() => cards(feed).count()).toBeGreaterThanOrEqual(minCards);
}

export interface RenderedCard {
  id: string;
  position: number;
}

/** Cards currently in the DOM (the grid is virtualized, so this is a window onto the results). */
export function renderedCards(feed: Locator): Promise<RenderedCard[]> {
  return cards(feed).evaluateAll((articles) =>
    articles.map((a) => ({
      id: a.getAttribute('data-pin-id') ?? '',
      position: Number(a.getAttribute('aria-posinset')),
    })),
  );
}

/** Errors the app reports with a way out: the contract's `role="alert"` with a Retry button. */
export const retryAlert = (page: Page): Locator =>
  page.getByRole('alert').filter({ has: page.getByRole('button', { name: 'Retry' }) });

export async function scrollToBottom(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
}

/**
 * Scrolls so the bottom edge of the loaded cards (the feed's own box) meets the bottom of the
 * viewport: "the reader reached the end of what is loaded", whatever the page puts below the
 * grid (placeholders for pages on their way, "Load more", the footer).
 */
export async function scrollToLoadedEnd(feed: Locator): Promise<void> {
  await feed.evaluate((grid) => {
    const bottom = grid.getBoundingClientRect().bottom + window.scrollY;
    window.scrollTo(0, Math.max(0, bottom - window.innerHeight));
  });
}
