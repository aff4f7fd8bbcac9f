/**
 * Pin types in a real browser: a real index built from a small manifest with a product
 * and video pins (the WebM clip made with ffmpeg's testsrc in this setup: test/api/support/
 * media-manifest.ts), served by the real server (its own, like first-run.spec.ts: the shared test
 * index has no typed pins). Cards show a price or a play badge; a product's closeup shows the
 * offer and links out; a video's closeup plays the clip with controls and captions; a video
 * card previews its clip, muted, while hovered or focused and on screen, never with reduced
 * motion; axe finds nothing serious.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { MEDIA_PINS, PRODUCT_LINE, writeMediaManifest } from '../test/api/support/media-manifest';
import { blockingViolations } from './support/axe';
import { serveManifest, type OwnServer } from './support/own-server';
import { cardById, resultsFeed, submitSearch, waitForFeedSettled } from './support/search-page';

let server: OwnServer;
let origin: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  server = await serveManifest('pin-types', writeMediaManifest);
  origin = server.origin;
});

test.afterAll(async () => {
  await server?.close();
});

async function searchFor(page: Page, q: string): Promise<Locator> {
  await page.goto(`${origin}/`);
  await submitSearch(page, q);
  const feed = resultsFeed(page, q);
  await waitForFeedSettled(feed, 3);
  return feed;
}

/** What the card's muted preview is doing: absent, or playing/paused at some time. */
const previewState = (card: Locator) =>
  card.evaluate((el) => {
    const video = el.querySelector<HTMLVideoElement>('video[data-preview]');
    return video
      ? { present: true, paused: video.paused, muted: video.muted, time: video.currentTime }
      : { present: false, paused: true, muted: true, time: 0 };
  });

test('cards show a price badge in the page’s locale and a play badge with the clip’s length; plain cards show neither', async ({
  page,
}) => {
  const feed = await searchFor(page, 'chair');
  const product = cardById(feed, MEDIA_PINS.product);
  await expect(product.locator('[data-pin-badge="price"]')).toHaveText('€129.00');
  const video = cardById(feed, MEDIA_PINS.videoWithImage);
  const play = video.locator('[data-pin-badge="video"]');
  await expect(play).toHaveText('Video0:03');
  await expect(play.locator('time')).toHaveAttribute('datetime', 'PT3S');
  await expect(cardById(feed, MEDIA_PINS.plain).locator('[data-pin-badge]')).toHaveCount(0);
  // No card of a results page loads a clip until one is pointed at.
  await expect(feed.locator('video')).toHaveCount(0);
  expect(await blockingViolations(page)).toEqual([]);
});

test('the price follows the interface’s language', async ({ page }) => {
  await page.goto(`${origin}/`);
  await page.evaluate(() => localStorage.setItem('inspo:locale', 'de'));
  // The German page's labels are German: the card is found by its pin id.
  await page.goto(`${origin}/search?q=chair`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(
    page.locator(`article[data-pin-id="${MEDIA_PINS.product}"] [data-pin-badge="price"]`),
  ).toHaveText('129,00\u00a0€');
});

test('a product’s closeup shows the offer and links out to it in a new tab, without an opener', async ({
  page,
}) => {
  const feed = await searchFor(page, 'chair');
  await cardById(feed, MEDIA_PINS.product).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Oak reading chair');
  const offer = page.getByRole('region', { name: 'Price' });
  await expect(offer.locator('[data-price]')).toHaveText('€129.00');
  await expect(offer.getByRole('definition')).toHaveText([PRODUCT_LINE.merchant, 'In stock']);
  // Not a demo price: nothing says so.
  await expect(offer.getByText('Demo price')).toHaveCount(0);
  const link = offer.getByRole('link', { name: `View at ${PRODUCT_LINE.merchant}` });
  await expect(link).toHaveAttribute('href', PRODUCT_LINE.link);
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  expect(await blockingViolations(page)).toEqual([]);
});

test('a video’s closeup plays the clip with the browser’s controls and its captions track', async ({
  page,
}) => {
  const feed = await searchFor(page, 'video');
  await cardById(feed, MEDIA_PINS.captionedVideo).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Spinning test pattern');
  const video = page.locator('.closeup__media video');
  await expect(video).toHaveAttribute('controls', '');
  await expect(video).toHaveAttribute('poster', /^\/thumbs\/[0-9a-f]+-472\.webp$/u);
  // Nothing starts by itself in a closeup.
  expect(await video.evaluate((v: HTMLVideoElement) => v.paused)).toBe(true);
  const track = video.locator('track');
  await expect(track).toHaveAttribute('kind', 'captions');
  await expect(track).toHaveAttribute('srclang', 'en');
  await expect(track).toHaveAttribute('label', 'English');
  expect(await blockingViolations(page)).toEqual([]);

  // The reader presses play: the clip plays (its time moves on) and the captions cue shows.
  await video.evaluate((v: HTMLVideoElement) => v.play());
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 })
    .toBeGreaterThan(0.3);
  expect(
    await video.evaluate((v: HTMLVideoElement) => ({
      paused: v.paused,
      error: v.error?.code ?? null,
      duration: Math.round(v.duration),
    })),
  ).toEqual({ paused: false, error: null, duration: 3 });
  await expect
    .poll(() =>
      video.evaluate((v: HTMLVideoElement) => {
        const cues = v.textTracks[0]?.activeCues;
        return cues && cues.length > 0 ? (cues[0] as VTTCue).text : null;
      }),
    )
    .toBe('A spinning test pattern');
});

test('a video card previews its clip, muted, while hovered or focused, and pauses once scrolled off screen', async ({
  page,
}) => {
  const feed = await searchFor(page, 'chair');
  const card = cardById(feed, MEDIA_PINS.videoWithImage);
  await card.hover();
  await expect
    .poll(() => previewState(card))
    .toMatchObject({ present: true, paused: false, muted: true });
  await expect.poll(async () => (await previewState(card)).time).toBeGreaterThan(0.2);
  // Pointer gone: the preview is gone.
  await page.mouse.move(1, 1);
  await expect.poll(async () => (await previewState(card)).present).toBe(false);

  // Focus (keyboard) starts it too; scrolled off screen while still focused, it pauses.
  await card.focus();
  await expect.poll(() => previewState(card)).toMatchObject({ present: true, paused: false });
  // Just past the card's bottom edge: off screen, but still drawn by the virtualized grid.
  const bottom = await card.evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY);
  await page.evaluate((y) => {
    document.body.style.minHeight = '5000px';
    window.scrollTo(0, y + 20);
  }, bottom);
  await expect.poll(() => previewState(card)).toMatchObject({ present: true, paused: true });
  // Back on screen, it goes on.
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect.poll(() => previewState(card)).toMatchObject({ present: true, paused: false });
});

test('with reduced motion, no card previews its clip, hovered or focused; the badge and the closeup’s controls stay', async ({
  page,
}) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const feed = await searchFor(page, 'chair');
  const asked: string[] = [];
  page.on('request', (request) => asked.push(new URL(request.url()).pathname));
  const card = cardById(feed, MEDIA_PINS.videoWithImage);
  await card.hover();
  await card.focus();
  // A preview would be drawn in the same task as the hover (and load its chunk and clip at
  // once); a second later there is still none, and nothing of it was asked for.
  await page.waitForTimeout(1_000);
  expect(await previewState(card)).toEqual({ present: false, paused: true, muted: true, time: 0 });
  expect(await page.locator('video').count()).toBe(0);
  expect(asked.filter((p) => p.startsWith('/media/') || p.includes('video-preview'))).toEqual([]);
  await expect(card.locator('[data-pin-badge="video"]')).toBeVisible();
  await card.press('Enter');
  const video = page.locator('.closeup__media video');
  await expect(video).toHaveAttribute('controls', '');
  expect(await video.evaluate((v: HTMLVideoElement) => v.paused)).toBe(true);
});
