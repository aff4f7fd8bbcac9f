import { expect, test } from '@playwright/test';
import { blockingViolations } from './support/axe';
import {
  cards,
  relatedFeed,
  resultsFeed,
  searchBox,
  waitForFeedSettled,
} from './support/search-page';

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
