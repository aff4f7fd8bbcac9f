import { expect, test, type Response } from '@playwright/test';
import { SuggestResponseSchema } from '@/contract/api';
import { blockingViolations } from './support/axe';
import {
  expectSuggestionsFor,
  listboxOf,
  logSuggestRequests,
  options,
  optionTexts,
  suggestQuery,
} from './support/autocomplete';
import { expectOnSearchUrl, resultsFeed, searchBox, submitSearch } from './support/search-page';

const isSuggestAnswer = (response: Response, q: string) =>
  suggestQuery(response.url()) === q && response.status() === 200;

/** Lets the page run two frames, so anything a late response would render has been painted. */
const settleFrames = (page: import('@playwright/test').Page) =>
  page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );

test('the box is a combobox; arrows move, Enter searches the highlighted option', async ({
  page,
}) => {
  await page.goto('/');
  const box = searchBox(page);
  await expect(box).toHaveRole('combobox');
  await expect(box).toHaveAttribute('aria-autocomplete', 'list');
  await expect(box).toHaveAttribute('aria-expanded', 'false');

  const answer = page.waitForResponse((r) => isSuggestAnswer(r, 'ca'));
  await box.click();
  await box.pressSequentially('ca');
  const listbox = await expectSuggestionsFor(page, 'ca');
  const { suggestions } = SuggestResponseSchema.parse(await (await answer).json());
  expect(await optionTexts(listbox)).toEqual(suggestions.map((s) => s.text));
  await expect(box).not.toHaveAttribute('aria-activedescendant');

  // Matched characters are bold, from the server's ranges.
  const first = suggestions[0]!;
  const [start, end] = first.matches[0]!;
  await expect(options(listbox).first().locator('mark')).toHaveText(first.text.slice(start, end));

  await box.press('ArrowDown');
  await box.press('ArrowDown');
  const highlighted = options(listbox).nth(1);
  await expect(highlighted).toHaveAttribute('aria-selected', 'true');
  await expect(options(listbox).first()).toHaveAttribute('aria-selected', 'false');
  await expect(box).toHaveAttribute(
    'aria-activedescendant',
    (await highlighted.getAttribute('id'))!,
  );
  await expect(box).toBeFocused();

  const chosen = suggestions[1]!.text;
  await box.press('Enter');
  await expectOnSearchUrl(page, chosen);
  await expect(resultsFeed(page, chosen)).toBeVisible();
  await expect(box).toHaveValue(chosen);
  await expect(box).toHaveAttribute('aria-expanded', 'false');
});

test('arrows wrap around the list in both directions', async ({ page }) => {
  await page.goto('/');
  const box = searchBox(page);
  await box.click();
  await box.pressSequentially('ca');
  const listbox = await expectSuggestionsFor(page, 'ca');
  const count = await options(listbox).count();
  expect(count).toBeGreaterThan(2);

  await box.press('ArrowUp');
  await expect(options(listbox).nth(count - 1)).toHaveAttribute('aria-selected', 'true');
  await box.press('ArrowDown');
  await expect(options(listbox).first()).toHaveAttribute('aria-selected', 'true');
  await box.press('ArrowUp');
  await expect(options(listbox).nth(count - 1)).toHaveAttribute('aria-selected', 'true');
});

test('Enter with nothing highlighted searches the typed text', async ({ page }) => {
  await page.goto('/');
  await searchBox(page).click();
  await searchBox(page).pressSequentially('ca');
  await expectSuggestionsFor(page, 'ca');
  await searchBox(page).press('Enter');
  await expectOnSearchUrl(page, 'ca');
});

test('Escape closes the list, a second Escape clears the box', async ({ page }) => {
  await page.goto('/');
  const box = searchBox(page);
  await box.click();
  await box.pressSequentially('cat');
  const listbox = await expectSuggestionsFor(page, 'cat');

  await box.press('Escape');
  await expect(listbox).toBeHidden();
  await expect(box).toHaveAttribute('aria-expanded', 'false');
  await expect(box).toHaveValue('cat');

  await box.press('Escape');
  await expect(box).toHaveValue('');
  await expect(box).toBeFocused();
  await expect(page).toHaveURL((url) => url.pathname === '/');
});

test('Tab leaves the box and closes the list', async ({ page }) => {
  await page.goto('/');
  const box = searchBox(page);
  await box.click();
  await box.pressSequentially('ca');
  const listbox = await expectSuggestionsFor(page, 'ca');

  await box.press('Tab');
  await expect(box).not.toBeFocused();
  await expect(listbox).toBeHidden();
  await expect(box).toHaveAttribute('aria-expanded', 'false');
  await expect(box).toHaveValue('ca');
});

test('clicking an option searches it without the box losing focus first', async ({ page }) => {
  await page.goto('/');
  const box = searchBox(page);
  await box.click();
  await box.pressSequentially('ca');
  const listbox = await expectSuggestionsFor(page, 'ca');
  const target = options(listbox).nth(2);
  const text = (await target.textContent()) ?? '';
  expect(text).not.toBe('');

  await target.hover();
  await expect(target).toHaveAttribute('aria-selected', 'true');
  await target.click();
  await expectOnSearchUrl(page, text);
  await expect(box).toBeFocused();
});

test.describe('on a touch screen', () => {
  test.use({ hasTouch: true });

  test('tapping an option searches it', async ({ page }) => {
    await page.goto('/');
    const box = searchBox(page);
    await box.tap();
    await box.pressSequentially('ca');
    const listbox = await expectSuggestionsFor(page, 'ca');
    const target = options(listbox).nth(1);
    const text = (await target.textContent()) ?? '';
    await target.tap();
    await expectOnSearchUrl(page, text);
  });
});

test('recent searches on an empty box: listed, removable one by one, clearable, kept on reload', async ({
  page,
}) => {
  await page.goto('/');
  await submitSearch(page, 'cat');
  await expectOnSearchUrl(page, 'cat');
  await submitSearch(page, 'dog');
  await expectOnSearchUrl(page, 'dog');
  await submitSearch(page, 'tree');
  await expectOnSearchUrl(page, 'tree');

  const box = searchBox(page);
  await box.fill('');
  const listbox = await expectSuggestionsFor(page, '');
  const recent = listbox.getByRole('group', { name: 'Recent searches' });
  const popular = listbox.getByRole('group', { name: 'Popular searches' });
  await expect(recent.getByRole('option')).toHaveText(['tree', 'dog', 'cat']);
  await expect(popular.getByRole('option').first()).toBeVisible();

  await page.getByRole('button', { name: 'Remove dog from recent searches' }).click();
  await expect(recent.getByRole('option')).toHaveText(['tree', 'cat']);
  await expect(box).toBeFocused();
  await expect(listbox).toBeVisible();

  // Keyboard: Shift+Delete removes the highlighted recent search.
  await box.press('ArrowDown');
  await expect(recent.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await box.press('Shift+Delete');
  await expect(recent.getByRole('option')).toHaveText(['cat']);

  await page.reload();
  await searchBox(page).click();
  await searchBox(page).fill('');
  const reloaded = await expectSuggestionsFor(page, '');
  await expect(
    reloaded.getByRole('group', { name: 'Recent searches' }).getByRole('option'),
  ).toHaveText(['cat']);

  await page.getByRole('button', { name: 'Clear recent searches' }).click();
  await expect(reloaded.getByRole('group', { name: 'Recent searches' })).toHaveCount(0);
  await expect(reloaded.getByRole('group', { name: 'Popular searches' })).toBeVisible();
  expect(
    await page.evaluate(() => JSON.parse(localStorage.getItem('inspo:recent-searches') ?? '{}')),
  ).toMatchObject({ state: { items: [] } });
});

test('an older answer arriving after a newer one never replaces it', async ({ page }) => {
  await page.goto('/');
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let heldBody: unknown = null;
  let handlerDone!: () => void;
  const handled = new Promise<void>((resolve) => (handlerDone = resolve));

  // Hold the answer for "ca" until "cat" has been answered and shown, then deliver it.
  await page.route('**/api/v1/suggest?q=c*', async (route) => {
    if (suggestQuery(route.request().url()) !== 'ca') return route.continue();
    const response = await route.fetch();
    heldBody = await response.json();
    await released;
    // The app may have aborted the request already: then there is nothing to deliver to.
    await route.fulfill({ response }).catch(() => {});
    handlerDone();
  });

  const box = searchBox(page);
  await box.click();
  const caRequested = page.waitForRequest((r) => suggestQuery(r.url()) === 'ca');
  const caAborted = page.waitForEvent('requestfailed', (r) => suggestQuery(r.url()) === 'ca');
  await box.pressSequentially('ca');
  await caRequested;

  const catAnswer = page.waitForResponse((r) => isSuggestAnswer(r, 'cat'));
  await box.press('t');
  const catBody = SuggestResponseSchema.parse(await (await catAnswer).json());
  const listbox = await expectSuggestionsFor(page, 'cat');
  // The stale request was cancelled as soon as the text moved on (AbortSignal).
  await caAborted;

  release();
  await handled;
  await settleFrames(page);

  const caTexts = SuggestResponseSchema.parse(heldBody).suggestions.map((s) => s.text);
  const catTexts = catBody.suggestions.map((s) => s.text);
  expect(caTexts, 'the two answers differ, so a mix-up would show').not.toEqual(catTexts);
  await expect(listbox).toHaveAttribute('data-answers', 'cat');
  expect(await optionTexts(listbox)).toEqual(catTexts);
});

test('repeated prefixes come from the cache; unchanged text asks nothing', async ({ page }) => {
  await page.goto('/');
  const requests = logSuggestRequests(page);
  const box = searchBox(page);
  await box.click();
  await expectSuggestionsFor(page, '');
  // One key at a time, each answered: a prefix whose request was aborted is not cached.
  for (const [key, text] of [
    ['c', 'c'],
    ['a', 'ca'],
    ['t', 'cat'],
  ] as const) {
    await box.press(key);
    await expectSuggestionsFor(page, text);
  }

  await box.press('ArrowLeft'); // the caret moves, the text does not: no request
  await box.press('Backspace'); // "ct"
  await expectSuggestionsFor(page, 'ct');
  await box.press('Delete'); // "c": cached
  await expectSuggestionsFor(page, 'c');
  await box.press('a'); // "ca": cached
  await expectSuggestionsFor(page, 'ca');
  await box.press('t'); // "cat": cached
  await expectSuggestionsFor(page, 'cat');
  await box.press('Shift+Home');
  await box.press('Shift+End');
  await settleFrames(page);
  expect(requests).toEqual(['', 'c', 'ca', 'cat', 'ct']);
});

test('an IME composition asks for suggestions only once it is committed', async ({ page }) => {
  await page.goto('/');
  const requests = logSuggestRequests(page);
  const box = searchBox(page);
  await box.click();
  await expectSuggestionsFor(page, '');

  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'c', selectionStart: 1, selectionEnd: 1 });
  await cdp.send('Input.imeSetComposition', { text: 'ca', selectionStart: 2, selectionEnd: 2 });
  await expect(box).toHaveValue('ca');
  // Enter during composition belongs to the IME: no search.
  await cdp.send('Input.insertText', { text: 'cat' });
  await expect(box).toHaveValue('cat');
  await expectSuggestionsFor(page, 'cat');
  await settleFrames(page);
  expect(requests).toEqual(['', 'cat']);
  await expect(page).toHaveURL((url) => url.pathname === '/');
});

test('the open list has no serious accessibility violations', async ({ page }) => {
  await page.goto('/');
  await submitSearch(page, 'cat');
  await expectOnSearchUrl(page, 'cat');
  const box = searchBox(page);
  await box.fill('');
  await expectSuggestionsFor(page, '');
  expect(await blockingViolations(page)).toEqual([]);

  await box.pressSequentially('ca');
  await expectSuggestionsFor(page, 'ca');
  await box.press('ArrowDown');
  expect(await blockingViolations(page)).toEqual([]);
  await expect(await listboxOf(page)).toBeVisible();
});
