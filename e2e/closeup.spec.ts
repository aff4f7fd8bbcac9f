import { expect, test, type Page } from '@playwright/test';
import {
  cardById,
  cards,
  relatedFeed,
  resultsFeed,
  waitForFeedSettled,
} from './support/search-page';

/** ~190 results in the openmoji test index: enough to scroll well past the first page. */
const QUERY = 'animal';
/** Past the first screens, so coming back to the top (or a re-layout) would be noticed. */
const SCROLL_DOWN_PX = 1500;
/** Restored scroll may differ by sub-pixel rounding and not much more. */
const SCROLL_TOLERANCE_PX = 3;

const scrollY = (page: Page): Promise<number> => page.evaluate(() => window.scrollY);

interface OpenedCard {
  id: string;
  title: string;
  scrollYBefore: number;
}

/** From a results page scrolled down a little, opens the card nearest the viewport's middle. */
async function openCardBelowTheFold(page: Page): Promise<OpenedCard> {
  await page.goto(`/search?q=${QUERY}`);
  const feed = resultsFeed(page, QUERY);
  await waitForFeedSettled(feed);
  // The grid grows as pages arrive, so the first scroll may stop short: scroll until it is there.
  await expect
    .poll(async () => {
      await page.evaluate((y) => window.scrollTo(0, y), SCROLL_DOWN_PX);
      return scrollY(page);
    })
    .toBe(SCROLL_DOWN_PX);
  await expect(feed).toHaveAttribute('aria-busy', 'false');

  const id = await cards(feed).evaluateAll((articles) => {
    const middle = window.innerHeight / 2;
    const inView = articles.filter((a) => {
      const box = a.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight && box.width > 0;
    });
    inView.sort(
      (a, b) =>
        Math.abs(a.getBoundingClientRect().top - middle) -
        Math.abs(b.getBoundingClientRect().top - middle),
    );
    return inView[0]?.getAttribute('data-pin-id') ?? '';
  });
  expect(id, 'a card fully in the viewport').not.toBe('');
  const card = cardById(feed, id);
  const title = (await card.locator('img').getAttribute('alt')) ?? '';
  expect(title).not.toBe('');
  const scrollYBefore = await scrollY(page);

  await card.click();
  await expect(page).toHaveURL((url) => url.pathname === `/pin/${encodeURIComponent(id)}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await waitForFeedSettled(relatedFeed(page), 1);
  await expect(cardById(relatedFeed(page), id)).toHaveCount(0);
  return { id, title, scrollYBefore };
}

async function expectBackWhereWeWere(page: Page, opened: OpenedCard): Promise<void> {
  await expect(page).toHaveURL(
    (url) => url.pathname === '/search' && url.searchParams.get('q') === QUERY,
  );
  const feed = resultsFeed(page, QUERY);
  await expect(feed).toBeVisible();
  await expect
    .poll(async () => Math.abs((await scrollY(page)) - opened.scrollYBefore))
    .toBeLessThanOrEqual(SCROLL_TOLERANCE_PX);
  await expect(cardById(feed, opened.id)).toBeInViewport();
}

test('the Back button returns to the same place in the results', async ({ page }) => {
  const opened = await openCardBelowTheFold(page);
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await expectBackWhereWeWere(page, opened);
});

test('browser back returns to the same place in the results', async ({ page }) => {
  const opened = await openCardBelowTheFold(page);
  await page.goBack();
  await expectBackWhereWeWere(page, opened);
});
