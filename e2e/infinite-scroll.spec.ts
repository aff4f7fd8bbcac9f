import { expect, test } from '@playwright/test';
import { DEFAULT_PAGE_SIZE } from '@/contract/api';
import {
  apiSearch,
  logSearchPages,
  renderedCards,
  resultsFeed,
  scrollToBottom,
  waitForFeedSettled,
  type RenderedCard,
} from './support/search-page';

/** A broad query with many results in the openmoji test index (checked below against the API). */
const BROAD_QUERY = 'flag';
/** Pages fetched with a cursor after the first one. */
const EXTRA_PAGES = 4;
const MIN_BROAD_RESULTS = DEFAULT_PAGE_SIZE * (EXTRA_PAGES + 1);
/**
 * Upper bound on cards in the DOM once 150 are loaded. A 1280×720 viewport shows about 15 cards;
 * a virtualized grid renders those plus some overscan, never everything it has loaded.
 */
const MAX_RENDERED_CARDS = 90;

/** Checks that every id keeps one position and every position one id, across DOM samples. */
class PositionLedger {
  readonly idAt = new Map<number, string>();
  readonly positionOf = new Map<string, number>();
  readonly problems: string[] = [];

  record(sample: RenderedCard[]): void {
    const inSample = new Set<string>();
    for (const { id, position } of sample) {
      if (inSample.has(id)) this.problems.push(`${id} rendered twice at once`);
      inSample.add(id);
      const knownId = this.idAt.get(position);
      if (knownId !== undefined && knownId !== id) {
        this.problems.push(`position ${position} showed ${knownId} and later ${id}`);
      }
      const knownPosition = this.positionOf.get(id);
      if (knownPosition !== undefined && knownPosition !== position) {
        this.problems.push(`${id} shown at positions ${knownPosition} and ${position}`);
      }
      this.idAt.set(position, id);
      this.positionOf.set(id, position);
    }
  }

  get lastPosition(): number {
    return Math.max(0, ...this.idAt.keys());
  }
}

test('scrolling loads more pages, without duplicates, in a bounded DOM', async ({
  page,
  request,
}) => {
  const { total } = await apiSearch(request, BROAD_QUERY);
  expect(total, `"${BROAD_QUERY}" must have enough results for this test`).toBeGreaterThanOrEqual(
    MIN_BROAD_RESULTS,
  );

  const firstPages = logSearchPages(page, BROAD_QUERY, 'first');
  const nextPages = logSearchPages(page, BROAD_QUERY, 'next');
  await page.goto(`/search?q=${BROAD_QUERY}`);
  const feed = resultsFeed(page, BROAD_QUERY);
  await waitForFeedSettled(feed, 20);

  const ledger = new PositionLedger();
  const servedCount = () =>
    [...firstPages.pages, ...nextPages.pages].reduce((n, p) => n + p.items.length, 0);
  let mostRendered = 0;
  /**
   * At the bottom of the grid the last card served is in the DOM. Pages may keep arriving
   * while we look (the feed prefetches near the end), so look until the grid has caught up.
   */
  const catchUpAtBottom = () =>
    expect
      .poll(async () => {
        await scrollToBottom(page);
        const sample = await renderedCards(feed);
        ledger.record(sample);
        mostRendered = Math.max(mostRendered, sample.length);
        return ledger.lastPosition >= servedCount();
      })
      .toBe(true);

  await catchUpAtBottom();
  while (nextPages.pages.length < EXTRA_PAGES) {
    const pagesBefore = nextPages.pages.length;
    await scrollToBottom(page);
    await expect.poll(() => nextPages.pages.length).toBeGreaterThan(pagesBefore);
    await catchUpAtBottom();
  }

  test.info().annotations.push({
    type: 'feed',
    description: `${nextPages.pages.length} pages after the first, last position ${ledger.lastPosition}, at most ${mostRendered} cards in the DOM`,
  });
  expect(ledger.problems).toEqual([]);
  expect(firstPages.invalid.concat(nextPages.invalid)).toEqual([]);

  // The server never sends a pin twice across the pages of one query.
  const served = [...firstPages.pages, ...nextPages.pages].flatMap((p) => p.items.map((c) => c.id));
  expect(served.length).toBeGreaterThanOrEqual(MIN_BROAD_RESULTS);
  expect(new Set(served).size).toBe(served.length);

  // Growth: the grid showed cards from every page it was given.
  expect(ledger.lastPosition).toBeGreaterThanOrEqual(MIN_BROAD_RESULTS);
  // Every card that was rendered is one the server sent for this query.
  const servedIds = new Set(served);
  expect([...ledger.positionOf.keys()].filter((id) => !servedIds.has(id))).toEqual([]);

  // Virtualization: far fewer cards in the DOM than loaded.
  expect(mostRendered).toBeLessThanOrEqual(MAX_RENDERED_CARDS);
  expect(mostRendered).toBeLessThan(served.length);
});
