/**
 * The demo sources in a real browser: a real index built by the real pipeline
 * from a few Sweet Home 3D furniture items (Debian's sweethome3d-furniture) and two Meteocons icons
 * recorded to WebM in headless Chromium at ingest, served by the real server (its own, like
 * pin-types.spec.ts: the shared test index has no typed pins). A furniture card says its price is
 * a demo price, and so does its closeup, with the demo shop, the item's licence and a link to where
 * it comes from; a weather card shows a play badge, and its closeup plays the recorded clip.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { buildIndex } from '@/server/ingest/build-index';
import { blockingViolations } from './support/axe';
import { startOwnServer, type OwnServer } from './support/own-server';
import { cardById, cards, resultsFeed, submitSearch, waitForFeedSettled } from './support/search-page';

const OAK_CHAIR = 'sh3d-blend-swap-cc-0-oakchair';
const RAIN = 'mc-rain';

let server: OwnServer;
let tmp: string;
let origin: string;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  tmp = mkdtempSync(path.join(os.tmpdir(), 'inspo-demo-e2e-'));
  const dataDir = path.join(tmp, 'data');
  await buildIndex({
    dataDir,
    sources: ['sweethome3d', 'meteocons'],
    pick: {
      sweethome3d: ['Blend Swap CC-0#oakChair', 'Kator Legaz#cafe-chair', 'Scopia#chair'],
      meteocons: ['rain-fill', 'snow-fill'],
    },
  });
  server = await startOwnServer({ dataDir, workDir: tmp });
  origin = server.origin;
});

test.afterAll(async () => {
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function searchFor(page: Page, q: string, atLeast: number): Promise<Locator> {
  await page.goto(`${origin}/`);
  await submitSearch(page, q);
  const feed = resultsFeed(page, q);
  await waitForFeedSettled(feed, atLeast);
  return feed;
}

test('"chair": furniture cards say their price is a demo price; the closeup shows the demo shop, the licence and where the item comes from', async ({
  page,
}) => {
  const feed = await searchFor(page, 'chair', 3);
  // The cards' own badges: the Shop module in the feed shows the same products again.
  const badges = cards(feed).locator('[data-pin-badge="price"]');
  await expect(badges).toHaveCount(3);
  for (const badge of await badges.all()) {
    await expect(badge).toContainText(/^€\d[\d,]*\.00/u);
    await expect(badge).toContainText('Demo price');
  }
  expect(await blockingViolations(page)).toEqual([]);

  await cardById(feed, OAK_CHAIR).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Oak chair');
  const offer = page.getByRole('region', { name: 'Price' });
  await expect(offer.getByText('Demo price')).toBeVisible();
  await expect(offer.getByRole('definition')).toHaveText(['Inspo demo shop', 'In stock']);
  // Not a shop: the link is the model's own page, and says so.
  await expect(offer.getByRole('link', { name: /View at/u })).toHaveCount(0);
  const source = offer.getByRole('link', { name: 'Where this item comes from' });
  await expect(source).toHaveAttribute('href', 'https://www.blendswap.com/blends/view/66530');
  await expect(source).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(page.getByRole('link', { name: 'CC0 1.0 (public domain)' })).toHaveAttribute(
    'href',
    'https://creativecommons.org/publicdomain/zero/1.0/',
  );
  expect(await blockingViolations(page)).toEqual([]);
});

test('"rain": the weather card shows a play badge, and its closeup plays the clip recorded at ingest', async ({
  page,
}) => {
  const feed = await searchFor(page, 'rain', 1);
  const card = cardById(feed, RAIN);
  const play = card.locator('[data-pin-badge="video"]');
  await expect(play).toBeVisible();
  await expect(play.locator('time')).toHaveAttribute('datetime', /^PT\d+(\.\d+)?S$/u);
  await card.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rain');
  await expect(page.getByRole('link', { name: 'MIT' })).toBeVisible();
  const video = page.locator('.closeup__media video');
  await expect(video).toHaveAttribute('controls', '');
  await expect(video).toHaveAttribute('poster', /^\/thumbs\/[0-9a-f]+-472\.webp$/u);
  expect(await video.evaluate((v: HTMLVideoElement) => v.paused)).toBe(true);
  expect(await blockingViolations(page)).toEqual([]);

  await video.evaluate((v: HTMLVideoElement) => v.play());
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 })
    .toBeGreaterThan(0.3);
  const state = await video.evaluate((v: HTMLVideoElement) => ({
    paused: v.paused,
    error: v.error?.code ?? null,
    width: v.videoWidth,
    height: v.videoHeight,
    duration: v.duration,
  }));
  expect(state).toMatchObject({ paused: false, error: null, width: 320, height: 320 });
  // One loop of the icon's animation, 2 to 6 s (animation-recorder.ts).
  expect(state.duration).toBeGreaterThanOrEqual(2);
  expect(state.duration).toBeLessThanOrEqual(6);
});
