/**
 * Locators and API helpers for the search combobox (WAI-ARIA 1.2): the listbox is found
 * through the input's aria-controls, the way assistive technology finds it.
 */
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { API_PREFIX, SuggestResponseSchema, type Suggestion } from '@/contract/api';
import { searchBox } from './search-page';

export const SUGGEST_API_PATH = `${API_PREFIX}/suggest`;

/** The popup the combobox controls. */
export async function listboxOf(page: Page): Promise<Locator> {
  const id = await searchBox(page).getAttribute('aria-controls');
  expect(id, 'the combobox names its listbox').toBeTruthy();
  return page.locator(`[id="${id}"]`);
}

export const options = (listbox: Locator): Locator => listbox.getByRole('option');

/** Waits until the listbox is shown with the answer for `text` (see data-answers). */
export async function expectSuggestionsFor(page: Page, text: string): Promise<Locator> {
  const listbox = await listboxOf(page);
  await expect(listbox).toBeVisible();
  await expect(listbox).toHaveAttribute('data-answers', text);
  await expect(options(listbox).first()).toBeVisible();
  await expect(searchBox(page)).toHaveAttribute('aria-expanded', 'true');
  return listbox;
}

export async function optionTexts(listbox: Locator): Promise<string[]> {
  return options(listbox).allTextContents();
}

/** Asks the suggest API directly. */
export async function apiSuggest(request: APIRequestContext, q: string): Promise<Suggestion[]> {
  const response = await request.get(`${SUGGEST_API_PATH}?${new URLSearchParams({ q })}`);
  expect(response.status()).toBe(200);
  return SuggestResponseSchema.parse(await response.json()).suggestions;
}

/** The `q` of a suggest request URL ('' when absent). */
export function suggestQuery(url: string): string | null {
  const parsed = new URL(url);
  return parsed.pathname === SUGGEST_API_PATH ? (parsed.searchParams.get('q') ?? '') : null;
}

/** Records the `q` of every suggest request the page makes from now on. */
export function logSuggestRequests(page: Page): string[] {
  const log: string[] = [];
  page.on('request', (request) => {
    const q = suggestQuery(request.url());
    if (q !== null) log.push(q);
  });
  return log;
}
