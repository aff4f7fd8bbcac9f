/**
 * Locators and steps for the personalization specs: the dock's panels (its toggles sit in the top
 * bar; Debug only in demo mode), the reranker's state as the debug panel shows it, and the
 * grid's order.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { API_PREFIX, RelatedResponseSchema } from '@/contract/api';
import {
  apiSearch,
  cards,
  renderedCards,
  resultsFeed,
  submitSearch,
  waitForFeedSettled,
} from './search-page';

/** First model load in a fresh browser: fetch + compile ~14 MB of WebAssembly. */
export const RERANKER_READY_TIMEOUT_MS = 45_000;

export const dock = (page: Page): Locator =>
  page.getByRole('complementary', { name: 'Personalization' });
export const debugPanel = (page: Page): Locator =>
  page.getByRole('region', { name: 'Reranker debug', exact: true });
export const activityPanel = (page: Page): Locator =>
  page.getByRole('region', { name: 'Your activity', exact: true });

export async function openActivity(page: Page): Promise<Locator> {
  const panel = activityPanel(page);
  if (!(await panel.isVisible()))
    await dock(page).getByRole('button', { name: 'Your activity' }).click();
  await expect(panel).toBeVisible();
  return panel;
}

/**
 * Turns demo mode on through its switch in the activity panel, unless it is on already (a page
 * opened with `?debug=1`, or a device that remembers it): without it there is no Debug toggle.
 */
export async function enableDemoMode(page: Page): Promise<void> {
  const toggle = dock(page).getByRole('button', { name: 'Debug', exact: true });
  if ((await toggle.count()) > 0) return;
  const wasOpen = await activityPanel(page).isVisible();
  const panel = await openActivity(page);
  await panel.getByRole('checkbox', { name: /^Show the Debug panel/ }).check();
  if (!wasOpen) await closePanel(page, 'Your activity');
  await expect(toggle).toBeVisible();
}

/** The debug panel, in demo mode (switched on first when the page was opened without it). */
export async function openDebug(page: Page): Promise<Locator> {
  const panel = debugPanel(page);
  if (!(await panel.isVisible())) {
    await enableDemoMode(page);
    await dock(page).getByRole('button', { name: 'Debug', exact: true }).click();
  }
  await expect(panel).toBeVisible();
  return panel;
}

/** Closes a panel with its dock toggle (the panels float over the page). */
export async function closePanel(page: Page, button: 'Debug' | 'Your activity'): Promise<void> {
  const toggle = dock(page).getByRole('button', { name: button, exact: true });
  if ((await toggle.getAttribute('aria-pressed')) === 'true') await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
}

export async function waitForReranker(page: Page, state: RegExp | string = 'ready'): Promise<void> {
  await expect((await openDebug(page)).getByTestId('reranker-state')).toHaveText(state, {
    timeout: RERANKER_READY_TIMEOUT_MS,
  });
}

export async function eventCount(page: Page): Promise<number> {
  const text = await (await openActivity(page)).getByTestId('event-count').textContent();
  return Number(/^(\d+)/.exec(text ?? '')?.[1] ?? Number.NaN);
}

export async function loadPersona(page: Page, label: string): Promise<void> {
  const panel = await openActivity(page);
  await panel.getByRole('button', { name: label, exact: true }).click();
  await expect(panel.getByRole('status')).toContainText(`Loaded “${label}”`);
}

/** Ids of the first `count` results as the grid shows them (by aria-posinset). */
export function gridOrder(page: Page, q: string, count: number): Promise<string[]> {
  return feedOrder(resultsFeed(page, q), count);
}

/** The same for any feed, e.g. a closeup's "More like this". */
export async function feedOrder(feed: Locator, count: number): Promise<string[]> {
  await waitForFeedSettled(feed, count);
  const rendered = await renderedCards(feed);
  const sorted = rendered.sort((a, b) => a.position - b.position);
  expect(sorted.slice(0, count).map((c) => c.position)).toEqual(
    Array.from({ length: count }, (_, i) => i + 1),
  );
  return sorted.slice(0, count).map((c) => c.id);
}

/** Searches from the page's own search box (no reload: the loaded model stays). */
export async function searchInApp(page: Page, q: string): Promise<void> {
  await submitSearch(page, q);
  await waitForFeedSettled(resultsFeed(page, q));
}

/**
 * The server's order for q as far as the device reranks it: the candidate pool (its top N
 * results; the grid's first pages are cut from it), as ids and categories.
 */
export async function serverOrder(
  page: Page,
  q: string,
): Promise<{ id: string; category: string }[]> {
  const first = await apiSearch(page.request, q);
  expect(first.pool, `the first answer for "${q}" carries a candidate pool`).toBeDefined();
  return first.pool!.candidates.map((c) => ({ id: c.id, category: c.category }));
}

/** The same for a pin's related pins ("More like this"): their candidate pool. */
export async function serverRelated(
  page: Page,
  pinId: string,
): Promise<{ id: string; category: string }[]> {
  const response = await page.request.get(
    `${API_PREFIX}/pins/${encodeURIComponent(pinId)}/related`,
  );
  expect(response.status()).toBe(200);
  const first = RelatedResponseSchema.parse(await response.json());
  expect(
    first.pool,
    `the first related answer for ${pinId} carries a candidate pool`,
  ).toBeDefined();
  return first.pool!.candidates.map((c) => ({ id: c.id, category: c.category }));
}

/** Opens a result card's closeup, saves the pin there and goes Back to the results. */
export async function saveFromCloseup(page: Page, card: Locator): Promise<void> {
  const title = (await card.locator('h2').textContent()) ?? '';
  await card.click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const closeup = page.locator('.closeup');
  await closeup.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(closeup.getByRole('button', { name: 'Saved', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Back' }).click();
}

export { cards, resultsFeed };
