import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import {
  cards,
  relatedFeed,
  resultsFeed,
  searchBox,
  waitForFeedSettled,
} from './support/search-page';

const BLOCKING_IMPACTS = new Set(['serious', 'critical']);

/** Serious and critical axe violations, summarized so a failure says what and where. */
async function blockingViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => BLOCKING_IMPACTS.has(v.impact ?? ''))
    .map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
}

test('the home page has no serious accessibility violations', async ({ page }) => {
  await page.goto('/');
  await expect(searchBox(page)).toBeVisible();
  expect(await blockingViolations(page)).toEqual([]);
});

test('a results page has no serious accessibility violations', async ({ page }) => {
  await page.goto('/search?q=cat');
  await waitForFeedSettled(resultsFeed(page, 'cat'));
  expect(await blockingViolations(page)).toEqual([]);
});

test('a closeup page has no serious accessibility violations', async ({ page }) => {
  await page.goto('/search?q=cat');
  const feed = resultsFeed(page, 'cat');
  await waitForFeedSettled(feed);
  await cards(feed).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await waitForFeedSettled(relatedFeed(page), 1);
  expect(await blockingViolations(page)).toEqual([]);
});
