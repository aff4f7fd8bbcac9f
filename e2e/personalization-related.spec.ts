/**
 * A closeup's "More like this" is reranked like search results: each page before it is shown.
 * After opening and saving pins of one kind, the related pins of a pin of another kind put more
 * of that kind at the top than the server did; with the history cleared, or a broken model, they
 * are in server order (and the debug panel says why).
 * chromium-wasm only (not a rerank-*.spec.ts): on WebGPU (SwiftShader) whether a run fits the
 * 150 ms page budget depends on the machine's load, and the EP is not what this is about.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  activityPanel,
  closePanel,
  debugPanel,
  feedOrder,
  loadPersona,
  openActivity,
  openDebug,
  resultsFeed,
  searchInApp,
  saveFromCloseup,
  serverOrder,
  serverRelated,
  waitForReranker,
} from './support/personalization';
import { relatedFeed, waitForFeedSettled } from './support/search-page';

/** The kind engaged with: the first animal results for this query are sea creatures. */
const KIND_QUERY = 'fish';
const KIND_CATEGORY = 'Animals & nature';
/**
 * Pisces (a zodiac symbol, also in the fish results): the server's related pins start with the
 * other zodiac signs, and the sea creatures come after them.
 */
const TARGET_ID = 'om-2653';
const PINS_ENGAGED = 4;
const TOP = 10;
test.setTimeout(120_000);

async function openAndSave(page: Page, pinId: string): Promise<void> {
  const card = resultsFeed(page, KIND_QUERY).locator(`article[data-pin-id="${pinId}"]`);
  await saveFromCloseup(page, card);
  await waitForFeedSettled(resultsFeed(page, KIND_QUERY), PINS_ENGAGED);
}

/** The newest row of the debug panel's page log: the page ranked last. */
const latestPageRow = (page: Page) =>
  debugPanel(page).getByRole('table', { name: 'Recent result pages' }).getByRole('row').nth(1);

const countKind = (ids: readonly string[], categoryOf: ReadonlyMap<string, string>) =>
  ids.filter((id) => categoryOf.get(id) === KIND_CATEGORY).length;

test('“More like this” moves the engaged kind up; with the history cleared it is in server order', async ({
  page,
}) => {
  const related = await serverRelated(page, TARGET_ID);
  const categoryOf = new Map(related.map((c) => [c.id, c.category]));
  const serverTop = related.slice(0, TOP).map((c) => c.id);
  // The premise: the server keeps most of that kind below the top, so there is room to move up.
  expect(countKind(serverTop, categoryOf)).toBeLessThanOrEqual(2);
  expect(
    countKind(
      related.map((c) => c.id),
      categoryOf,
    ),
  ).toBeGreaterThanOrEqual(TOP);

  const fish = await serverOrder(page, KIND_QUERY);
  const engaged = fish
    .filter((c) => c.category === KIND_CATEGORY)
    .slice(0, PINS_ENGAGED)
    .map((c) => c.id);
  expect(engaged).toHaveLength(PINS_ENGAGED);
  expect(fish.map((c) => c.id)).toContain(TARGET_ID);

  await page.goto(`/search?q=${KIND_QUERY}`);
  await waitForReranker(page);
  await closePanel(page, 'Debug');
  await waitForFeedSettled(resultsFeed(page, KIND_QUERY), PINS_ENGAGED);
  for (const id of engaged) await openAndSave(page, id);

  // Open the target from the grid (a click of another kind, as a reader would).
  await resultsFeed(page, KIND_QUERY).locator(`article[data-pin-id="${TARGET_ID}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/pin/${TARGET_ID}$`));
  const personalized = await feedOrder(relatedFeed(page), TOP);
  await openDebug(page);
  await expect(debugPanel(page).getByTestId('feed-order')).toHaveText(/^Latest page personalized/);
  await expect(latestPageRow(page)).toContainText('related pins');
  expect(personalized.every((id) => categoryOf.has(id))).toBe(true);
  expect(countKind(personalized, categoryOf)).toBeGreaterThan(countKind(serverTop, categoryOf));

  // Leave the closeup first (its dwell is logged on the way out), then clear the history.
  await page.getByRole('button', { name: 'Back' }).click();
  await waitForFeedSettled(resultsFeed(page, KIND_QUERY));
  await (await openActivity(page)).getByRole('button', { name: 'Clear history' }).click();
  await expect(activityPanel(page).getByRole('status')).toHaveText(/History cleared/);
  // Forward to the same closeup: no click is logged, the model stays loaded.
  await page.goForward();
  await expect(page).toHaveURL(new RegExp(`/pin/${TARGET_ID}$`));
  expect(await feedOrder(relatedFeed(page), TOP)).toEqual(serverTop);
  await expect(debugPanel(page).getByTestId('feed-order')).toHaveText(
    'Showing server order: no history yet.',
  );
  await expect(latestPageRow(page)).toContainText('related pins');
});

test('with a broken model “More like this” stays in server order and the debug panel says why', async ({
  page,
}) => {
  await page
    .context()
    .route('**/models/reranker.onnx', (route) => route.fulfill({ status: 404, body: 'gone' }));
  const serverTop = (await serverRelated(page, TARGET_ID)).slice(0, TOP).map((c) => c.id);
  await page.goto('/?debug=1');
  await loadPersona(page, 'Animal fan');
  await searchInApp(page, KIND_QUERY);
  await waitForReranker(page, /^failed: /);
  await resultsFeed(page, KIND_QUERY).locator(`article[data-pin-id="${TARGET_ID}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/pin/${TARGET_ID}$`));
  expect(await feedOrder(relatedFeed(page), TOP)).toEqual(serverTop);
  await expect(debugPanel(page).getByTestId('feed-order')).toHaveText(
    /^Showing server order: .*HTTP 404/,
  );
  await expect(latestPageRow(page)).toContainText('related pins');
});
