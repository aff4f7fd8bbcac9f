import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { SearchResponseSchema, type SearchResponse } from '@/contract/api';
import { blockingViolations } from './support/axe';
import {
  renderedCards,
  resultsFeed,
  SEARCH_API_PATH,
  waitForFeedSettled,
} from './support/search-page';

/** Broad enough for a dozen chips of every kind on the test index. */
const BROAD_QUERY = 'animal';
const MAX_PAGE = 100;

const toolbar = (page: Page): Locator => page.getByRole('toolbar', { name: 'Refine results' });
const chips = (rail: Locator): Locator => rail.getByRole('button');

async function apiRefined(
  request: APIRequestContext,
  q: string,
  refine: string[],
): Promise<SearchResponse> {
  const params = new URLSearchParams({ q, limit: String(MAX_PAGE) });
  for (const r of refine) params.append('refine', r);
  const response = await request.get(`${SEARCH_API_PATH}?${params}`);
  expect(response.status()).toBe(200);
  return SearchResponseSchema.parse(await response.json());
}

const refineOf = (page: Page) => new URL(page.url()).searchParams.getAll('refine');

test('pick a chip with the keyboard: the grid narrows, the chip is pressed and first; Back undoes it', async ({
  page,
  request,
}) => {
  const broad = await apiRefined(request, BROAD_QUERY, []);
  const termIndex = broad.refinements.findIndex((r) => r.kind === 'term');
  expect(termIndex, 'the broad query offers a term chip').toBeGreaterThan(0);
  const term = broad.refinements[termIndex]!;

  await page.goto(`/search?q=${BROAD_QUERY}`);
  const feed = resultsFeed(page, BROAD_QUERY);
  await waitForFeedSettled(feed);
  const rail = toolbar(page);
  await expect(chips(rail)).toHaveText(broad.refinements.map((r) => r.label));
  await expect(chips(rail).first()).toHaveAttribute('aria-pressed', 'false');
  const before = (await renderedCards(feed)).map((c) => c.id);

  // One Tab stop: the first chip; arrows move from there.
  await chips(rail).first().focus();
  await expect(chips(rail).first()).toHaveAttribute('tabindex', '0');
  await expect(chips(rail).nth(1)).toHaveAttribute('tabindex', '-1');
  await page.keyboard.press('ArrowRight');
  await expect(chips(rail).nth(1)).toBeFocused();
  await expect(chips(rail).nth(1)).toHaveAttribute('tabindex', '0');
  await page.keyboard.press('End');
  await expect(chips(rail).last()).toBeFocused();
  await page.keyboard.press('ArrowRight'); // wraps
  await expect(chips(rail).first()).toBeFocused();
  await page.keyboard.press('Home');
  for (let i = 0; i < termIndex; i++) await page.keyboard.press('ArrowRight');
  const chip = rail.getByRole('button', { name: term.label, exact: true });
  await expect(chip).toBeFocused();

  const refined = await apiRefined(request, BROAD_QUERY, [term.value]);
  expect(refined.total).toBeGreaterThan(0);
  expect(refined.total).toBeLessThan(broad.total);
  await page.keyboard.press('Space');
  await expect.poll(() => refineOf(page)).toEqual([term.value]);
  await expect(chip).toHaveAttribute('aria-pressed', 'true');
  await expect(chips(rail).first()).toHaveText(term.label);
  await expect(chip).toBeFocused();

  await waitForFeedSettled(feed);
  await expect(page.getByText(`${refined.total} ideas`)).toBeVisible();
  const allowed = new Set(refined.items.map((c) => c.id));
  const after = await renderedCards(feed);
  expect(after.length).toBeGreaterThan(0);
  for (const card of after)
    expect(allowed, `card ${card.id} satisfies the chip`).toContain(card.id);
  await expect(feed.locator('article[aria-posinset="1"]')).toHaveAttribute(
    'data-pin-id',
    refined.items[0]!.id,
  );
  expect(after.map((c) => c.id)).not.toEqual(before);

  // The chips adapt to the narrowed query: the rest come from the refined response.
  await expect(chips(rail)).toHaveText([term.label, ...refined.refinements.map((r) => r.label)]);

  await page.goBack();
  await expect.poll(() => refineOf(page)).toEqual([]);
  await expect(rail.getByRole('button', { name: term.label, exact: true })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  await waitForFeedSettled(feed);
  await expect(page.getByText(`${broad.total} ideas`)).toBeVisible();
  await expect(chips(rail)).toHaveText(broad.refinements.map((r) => r.label));
});

test('pressing an active chip removes it; Enter works like Space', async ({ page, request }) => {
  const broad = await apiRefined(request, BROAD_QUERY, []);
  const term = broad.refinements.find((r) => r.kind === 'term')!;
  await page.goto(`/search?q=${BROAD_QUERY}&refine=${encodeURIComponent(term.value)}`);
  const rail = toolbar(page);
  const chip = rail.getByRole('button', { name: term.label, exact: true });
  await expect(chip).toHaveAttribute('aria-pressed', 'true');
  await expect(chips(rail).first()).toHaveText(term.label);

  await chip.focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => refineOf(page)).toEqual([]);
  await expect(rail.getByRole('button', { name: term.label, exact: true })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  await expect(rail.locator(':focus')).toHaveCount(1);
});

test('colour chips show their swatch and are named by the colour', async ({ page, request }) => {
  const broad = await apiRefined(request, BROAD_QUERY, []);
  const colour = broad.refinements.find((r) => r.kind === 'color' && r.swatch);
  expect(colour, 'the broad query offers a colour chip').toBeDefined();

  await page.goto(`/search?q=${BROAD_QUERY}`);
  const chip = toolbar(page).getByRole('button', { name: colour!.label, exact: true });
  const swatch = chip.locator('.refine-chip__swatch');
  await expect(swatch).toHaveAttribute('aria-hidden', 'true');
  const hex = colour!.swatch!;
  const rgb = `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
  await expect(swatch).toHaveCSS('background-color', rgb);

  await chip.click();
  await expect.poll(() => refineOf(page)).toEqual([colour!.value]);
  // The narrowed response no longer lists the active colour; its chip keeps the swatch.
  await waitForFeedSettled(resultsFeed(page, BROAD_QUERY));
  await expect(chip).toHaveAttribute('aria-pressed', 'true');
  await expect(swatch).toHaveCSS('background-color', rgb);
});

test.describe('on a narrow screen', () => {
  test.use({ viewport: { width: 700, height: 900 } });

  test('the rail scrolls with its buttons and keeps its position when a chip is picked', async ({
    page,
  }) => {
    await page.goto(`/search?q=${BROAD_QUERY}`);
    await waitForFeedSettled(resultsFeed(page, BROAD_QUERY));
    const rail = toolbar(page);
    const left = page.getByRole('button', { name: 'Scroll refinements left' });
    const right = page.getByRole('button', { name: 'Scroll refinements right' });
    await expect(right).toBeVisible();
    await expect(left).toHaveCount(0);

    const scrollEnd = rail.evaluate(
      (el) => new Promise((resolve) => el.addEventListener('scrollend', resolve, { once: true })),
    );
    await right.click();
    await scrollEnd;
    await expect(left).toBeVisible();
    const scrolled = await rail.evaluate((el) => el.scrollLeft);
    expect(scrolled).toBeGreaterThan(0);

    // Mark the element: the same rail (not a re-mounted one) must survive the refinement.
    await rail.evaluate((el) => el.setAttribute('data-test-mark', 'kept'));
    const visibleChip = await rail.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const chip = [...el.querySelectorAll('button')].find((b) => {
        const r = b.getBoundingClientRect();
        return r.left >= box.left + 48 && r.right <= box.right - 48;
      });
      return chip?.textContent ?? null;
    });
    expect(visibleChip).not.toBeNull();
    await rail.getByRole('button', { name: visibleChip!, exact: true }).click();
    await expect.poll(() => refineOf(page).length).toBe(1);
    await waitForFeedSettled(resultsFeed(page, BROAD_QUERY));

    await expect(rail).toHaveAttribute('data-test-mark', 'kept');
    const { scrollLeft, max } = await rail.evaluate((el) => ({
      scrollLeft: el.scrollLeft,
      max: el.scrollWidth - el.clientWidth,
    }));
    expect(scrollLeft).toBe(Math.min(scrolled, max));
  });
});

test('a results page with chips has no serious accessibility violations', async ({ page }) => {
  await page.goto(`/search?q=${BROAD_QUERY}&refine=color%3Agray`);
  await waitForFeedSettled(resultsFeed(page, BROAD_QUERY));
  await expect(chips(toolbar(page)).first()).toHaveAttribute('aria-pressed', 'true');
  expect(await blockingViolations(page)).toEqual([]);
});
