/**
 * Visual search in the closeup, in a real browser over the served index (its image embeddings and
 * near-duplicate groups come from its pixels): an area of a pin's picture finds the pin's
 * look-alikes (a pin whose `similar` lists its near duplicates, found through the API), by
 * pointer and by keyboard alone; a local picture is searched without the picture leaving the
 * page (the network log holds one request with a body: the vector); Back leaves the search;
 * the server's 409 and a model that cannot load are said politely, and nothing is lost. axe clean.
 */
import { expect, test, type APIRequestContext, type Page, type Request } from '@playwright/test';
import { SearchResponseSchema, type Pin } from '@/contract/api';
import { blockingViolations } from './support/axe';
import { SEARCH_API_PATH } from './support/search-page';

/**
 * Broad queries of the OpenMoji test index; at least one has a card with look-alikes. Flags come
 * last: every flag is a similar rectangle, so another country's can outrank a copy.
 */
const QUERIES = ['face', 'person', 'hand', 'heart', 'circle', 'square', 'arrow', 'flag'];
/** The image model loads on first use (several MB, a WebAssembly compile, a warm-up run). */
const MODEL_TIMEOUT_MS = 60_000;
const VISUAL_SEARCH_PATH = '/api/v1/visual-search';

async function pinWithLookAlikes(request: APIRequestContext): Promise<Pin & { similar: string[] }> {
  for (const q of QUERIES) {
    const response = await request.get(`${SEARCH_API_PATH}?${new URLSearchParams({ q, limit: '50' })}`);
    expect(response.status()).toBe(200);
    const { items } = SearchResponseSchema.parse(await response.json());
    const pin = items.find((p) => (p.similar?.length ?? 0) > 0 && !p.video);
    if (pin) return pin as Pin & { similar: string[] };
  }
  throw new Error(`no card with look-alikes among ${QUERIES.join(', ')}`);
}

const results = (page: Page) => page.getByRole('region', { name: 'Looks like this' });
const resultIds = (page: Page) =>
  results(page)
    .locator('[data-pin-id]')
    .evaluateAll((items) => items.map((item) => item.getAttribute('data-pin-id')!));

/**
 * axe on the page with the look-alikes shown. "More like this" is then below them, and its
 * virtualized feed mounts no card while it is out of view: an empty role=feed is an axe violation
 * of its own (aria-required-children), which the results would otherwise hide behind. So the feed
 * is brought into view first, as a reader scrolling down would.
 */
async function axeWithResults(page: Page) {
  const related = page.getByRole('feed', { name: 'More like this' });
  await related.scrollIntoViewIfNeeded();
  await expect(related.locator('article').first()).toBeVisible();
  return blockingViolations(page);
}

async function expectLookAlikeFound(page: Page, similar: readonly string[]) {
  await expect(results(page).getByRole('status')).toHaveText(/pins? looks? like this/, {
    timeout: MODEL_TIMEOUT_MS,
  });
  const ids = await resultIds(page);
  expect(ids.length).toBeGreaterThan(0);
  const top = ids.slice(0, 5);
  expect(
    top.some((id) => similar.includes(id)),
    `one of ${similar.join(', ')} among the first results ${top.join(', ')}`,
  ).toBe(true);
}

test.describe('visual search in the closeup', () => {
  test.setTimeout(MODEL_TIMEOUT_MS + 60_000);

  test('an area selected with the pointer finds the pin’s look-alikes; Back leaves the search', async ({
    page,
    request,
  }) => {
    const pin = await pinWithLookAlikes(request);
    await page.goto(`/pin/${encodeURIComponent(pin.id)}?ep=wasm`);
    await page.getByRole('button', { name: 'Search inside this image' }).click();
    const selector = page.getByRole('application', { name: `Area of “${pin.title}” to search` });
    await expect(selector).toBeFocused();
    expect(await blockingViolations(page)).toEqual([]);

    // A first drag, then the real one: from the top left corner to past the bottom right (the
    // pointer is captured, the area kept inside the picture): the whole picture.
    const box = (await selector.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.7, { steps: 3 });
    await page.mouse.up();
    await expect(selector).toHaveAttribute('data-area', /^r:(49\d|50\d),(49\d|50\d),(29\d|30\d),(19\d|20\d)$/);
    await page.mouse.move(box.x + 1, box.y + 1);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 3 });
    await page.mouse.move(box.x + box.width + 20, box.y + box.height + 20, { steps: 3 });
    await page.mouse.up();
    await expect(selector).toHaveAttribute('data-area', /^r:[0-9],[0-9],(99\d|1000),(99\d|1000)$/);
    await page.getByRole('button', { name: 'Search this area' }).click();

    await expect(page).toHaveURL(/[?&]look=r%3A/);
    await expectLookAlikeFound(page, pin.similar);
    // The pin itself is left out: its look-alikes are the news.
    expect(await resultIds(page)).not.toContain(pin.id);
    expect(await axeWithResults(page)).toEqual([]);

    await page.goBack();
    await expect(page).toHaveURL((url) => !url.searchParams.has('look'));
    await expect(results(page)).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 1, name: pin.title })).toBeVisible();
  });

  test('the keyboard alone selects, resizes, cancels and searches an area', async ({ page, request }) => {
    const pin = await pinWithLookAlikes(request);
    await page.goto(`/pin/${encodeURIComponent(pin.id)}?ep=wasm`);
    const start = page.getByRole('button', { name: 'Search inside this image' });
    await start.focus();
    await page.keyboard.press('Enter');
    const selector = page.getByRole('application', { name: `Area of “${pin.title}” to search` });
    await expect(selector).toBeFocused();
    await expect(selector).toHaveAccessibleDescription(/arrow keys move the area/);
    await expect(selector).toHaveAttribute('data-area', 'r:200,200,600,600');

    // Escape cancels: the picture is back and focus returns to the button.
    await page.keyboard.press('Escape');
    await expect(selector).toHaveCount(0);
    await expect(start).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(selector).toBeFocused();

    // Grow to the whole picture: Shift+arrows resize, arrows move (kept inside the picture).
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowUp');
    for (let i = 0; i < 8; i++) await page.keyboard.press('Shift+ArrowRight');
    for (let i = 0; i < 8; i++) await page.keyboard.press('Shift+ArrowDown');
    await expect(selector).toHaveAttribute('data-area', 'r:0,0,1000,1000');
    await expect(page.getByRole('status').filter({ hasText: 'Selected area:' })).toHaveText(
      'Selected area: 100% wide, 100% high, 0% from the left, 0% from the top.',
    );
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/[?&]look=r%3A0%2C0%2C1000%2C1000/);
    await expect(page.getByRole('heading', { name: 'Looks like this' })).toBeFocused();
    await expectLookAlikeFound(page, pin.similar);
  });

  test('a local picture is searched on the device: only its embedding is sent', async ({
    page,
    request,
  }) => {
    const pin = await pinWithLookAlikes(request);
    const lookAlike = pin.similar[0]!;
    // The look-alike's own picture (the file the index embedded), as a file from this device,
    // searched from another closeup.
    const picture = await request.get((await (await request.get(`/api/v1/pins/${lookAlike}`)).json()).pin.imageUrl);
    expect(picture.status()).toBe(200);
    const bytes = await picture.body();

    await page.goto(`/pin/${encodeURIComponent(pin.id)}?ep=wasm`);
    await expect(page.getByText('Your picture stays on this device: only its embedding (a list of numbers) is sent.')).toBeVisible();
    const sent: Request[] = [];
    // The whole context: the page, the encoder's worker and anything else it starts.
    page.context().on('request', (r) => {
      if (r.postDataBuffer()) sent.push(r);
    });
    const input = page.getByLabel('Search with an image');
    await input.setInputFiles({ name: 'my-picture.webp', mimeType: 'image/webp', buffer: bytes });
    await expect(page).toHaveURL(/[?&]look=f%3A/);
    await expect(results(page).getByRole('status')).toHaveText(/pins? looks? like this/, {
      timeout: MODEL_TIMEOUT_MS,
    });
    // The same picture is the nearest pin (or a copy of it: the group may hold identical pictures).
    expect(pin.similar).toContain((await resultIds(page))[0]);

    // One request carried a body: the vector, as JSON, and nothing of the picture.
    expect(sent.map((r) => `${r.method()} ${new URL(r.url()).pathname}`)).toEqual([
      `POST ${VISUAL_SEARCH_PATH}`,
    ]);
    const body = sent[0]!.postDataBuffer()!;
    expect(Object.keys(JSON.parse(body.toString('utf8')) as object).sort()).toEqual([
      'exclude',
      'k',
      'limit',
      'model',
      'vector',
    ]);
    const slice = bytes.subarray(Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 32);
    expect(body.includes(slice)).toBe(false);
    expect(body.includes(Buffer.from(slice.toString('base64').slice(0, 24)))).toBe(false);
    expect(await axeWithResults(page)).toEqual([]);
  });

  test('a server without image embeddings, and a model that cannot load, are said politely', async ({
    page,
    browser,
    request,
  }) => {
    const pin = await pinWithLookAlikes(request);
    await page.route(VISUAL_SEARCH_PATH, (route) =>
      route.fulfill({
        status: 409,
        contentType: 'application/json',
        body: JSON.stringify({
          error: { code: 'unavailable', message: 'Visual search is not available here: this index has no image embeddings.' },
        }),
      }),
    );
    await page.goto(`/pin/${encodeURIComponent(pin.id)}?ep=wasm&look=r:0,0,1000,1000`);
    const alert = results(page).getByRole('alert');
    await expect(alert).toContainText('Visual search isn’t available on this server.', { timeout: MODEL_TIMEOUT_MS });
    await expect(alert.getByRole('button', { name: 'Retry' })).toHaveCount(0);
    // The closeup and its related pins are still there.
    await expect(page.getByRole('heading', { level: 1, name: pin.title })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'More like this' })).toBeVisible();
    expect(await blockingViolations(page)).toEqual([]);

    // A fresh browser context (nothing cached) whose model download fails (the worker fetches it:
    // routed on the context): an error with Retry, and the selection is kept.
    const { baseURL } = test.info().project.use;
    const context = await browser.newContext({ ...(baseURL ? { baseURL } : {}), serviceWorkers: 'block' });
    const MODEL = /\/models\/image-encoder-[0-9a-f]+\.onnx$/;
    await context.route(MODEL, (route) => route.fulfill({ status: 503 }));
    const other = await context.newPage();
    await other.goto(`/pin/${encodeURIComponent(pin.id)}?ep=wasm&look=r:100,100,500,500`);
    const failed = results(other).getByRole('alert');
    await expect(failed).toContainText('The image model couldn’t run in this browser.');
    await expect(failed).toContainText('could not be downloaded');
    await expect(other).toHaveURL(/look=r%3A100%2C100%2C500%2C500|look=r:100,100,500,500/);
    await context.unroute(MODEL);
    await failed.getByRole('button', { name: 'Retry' }).click();
    await expect(results(other).getByRole('status')).toHaveText(/pins? looks? like this/, {
      timeout: MODEL_TIMEOUT_MS,
    });
    await context.close();
  });
});
