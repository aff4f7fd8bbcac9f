/**
 * Shop and Watch modules in a real browser, on an index with typed pins: a manifest
 * with two products and two clips of a chair (test/api/support/modules-manifest.ts, the clip made
 * with ffmpeg in the setup), served by its own server like pin-types.spec.ts (the shared test
 * index has no typed pins). "chair" gets a "Shop chair" region of product tiles with their price
 * badges and a "Watch" region of video tiles with their play badges; a tile opens the pin's
 * closeup; the Products and Videos tabs keep one type; axe finds nothing serious.
 */
import { expect, test } from '@playwright/test';
import { MODULE_PINS, writeModulesManifest } from '../test/api/support/modules-manifest';
import { blockingViolations } from './support/axe';
import { serveManifest, type OwnServer } from './support/own-server';
import { cards, resultsFeed, waitForFeedSettled } from './support/search-page';

let server: OwnServer;
let origin: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  server = await serveManifest('modules', writeModulesManifest);
  origin = server.origin;
});

test.afterAll(async () => {
  await server?.close();
});

test.use({ viewport: { width: 1280, height: 900 } });

test('"chair" gets a Shop and a Watch module with their pins and badges; a tile opens the closeup', async ({
  page,
}) => {
  await page.goto(`${origin}/search?q=chair`);
  await waitForFeedSettled(resultsFeed(page, 'chair'));
  const shop = page.getByRole('region', { name: 'Shop chair' });
  const watch = page.getByRole('region', { name: 'Watch' });
  await expect(shop.getByRole('heading', { level: 2 })).toHaveText('Shop chair');
  await expect(shop.getByRole('link')).toHaveCount(MODULE_PINS.products.length);
  // In the server's order (its ranking): compared as a set.
  const prices = await shop.locator('[data-pin-badge="price"]').allTextContents();
  expect(prices.sort()).toEqual(['€129.00', '€59.00']);
  await expect(watch.getByRole('link')).toHaveCount(MODULE_PINS.videos.length);
  await expect(watch.locator('[data-pin-badge="video"]')).toHaveCount(MODULE_PINS.videos.length);
  expect(await blockingViolations(page)).toEqual([]);

  const first = shop.getByRole('link').first();
  const title = (await first.locator('.module-tile__label').textContent()) ?? '';
  expect(title).not.toBe('');
  await first.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/pin/(${MODULE_PINS.products.join('|')})$`, 'u'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await page.goBack();
  await expect(shop).toBeVisible();
});

test('the Products and Videos tabs show one type each, and no Shop module of their own', async ({
  page,
}) => {
  await page.goto(`${origin}/search?q=chair`);
  const tabs = page.getByRole('tablist', { name: 'Result types' });
  await tabs.getByRole('tab', { name: 'Products' }).click();
  await expect(page).toHaveURL(`${origin}/search?q=chair&type=product`);
  const feed = resultsFeed(page, 'chair');
  await waitForFeedSettled(feed);
  await expect(cards(feed)).toHaveCount(MODULE_PINS.products.length);
  await expect(cards(feed).locator('[data-pin-badge="price"]')).toHaveCount(
    MODULE_PINS.products.length,
  );
  await expect(page.getByRole('region', { name: 'Shop chair' })).toHaveCount(0);
  await tabs.getByRole('tab', { name: 'Videos' }).click();
  await expect(page).toHaveURL(`${origin}/search?q=chair&type=video`);
  await waitForFeedSettled(feed);
  await expect(cards(feed)).toHaveCount(MODULE_PINS.videos.length);
  await expect(page.getByRole('region', { name: 'Watch' })).toHaveCount(0);
  await page.goBack();
  await expect(page).toHaveURL(`${origin}/search?q=chair&type=product`);
  await expect(tabs.getByRole('tab', { name: 'Products' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
});
