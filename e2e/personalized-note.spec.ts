/**
 * The results page says when its order is personalized, in the result count's line, with the
 * way to see that activity; a reader without history sees the count alone.
 */
import { expect, test } from '@playwright/test';
import { blockingViolations } from './support/axe';
import {
  activityPanel,
  closePanel,
  loadPersona,
  searchInApp,
  waitForReranker,
} from './support/personalization';
import { resultsFeed, waitForFeedSettled } from './support/search-page';

const QUERY = 'red';
const NOTE = /Ordered for you from your activity on this device/;

test.setTimeout(120_000);

test('the count line says the order is personalized, links to the activity, and says nothing without history', async ({
  page,
}) => {
  await page.goto(`/search?q=${QUERY}`);
  await waitForFeedSettled(resultsFeed(page, QUERY));
  const meta = page.locator('.search-page__meta');
  await expect(meta).toHaveText(/\d+ ideas/);
  await expect(meta).not.toHaveText(NOTE);

  await loadPersona(page, 'Food lover');
  await closePanel(page, 'Your activity');
  await waitForReranker(page);
  await closePanel(page, 'Debug');
  await page.getByRole('link', { name: 'Inspo home' }).click();
  await searchInApp(page, QUERY);
  await expect(meta).toHaveText(NOTE);
  expect(await blockingViolations(page)).toEqual([]);

  await meta.getByRole('button', { name: 'Your activity' }).click();
  await expect(activityPanel(page)).toBeVisible();
});
