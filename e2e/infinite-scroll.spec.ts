import { expect, test } from '@playwright/test';
import { DEFAULT_PAGE_SIZE } from '@/contract/api';
import {
  apiSearch,
  isSearchResponse,
  logPinBatches,
  renderedCards,
  resultsFeed,
  scrollToBottom,
  SEARCH_API_PATH,
  waitForFeedSettled,
  type RenderedCard,
} from './support/search-page';

/**
 * A broad query with more results than a candidate pool holds in the openmoji test index
 * (checked below against the API): the feed shows the pool's pages, then the server's pages
 * past it.
 */
const BROAD_QUERY = 'flag';
/** Server pages (asked for with a cursor) to load past the pool. */
const PAGES_PAST_POOL = 2;
/**
 * Upper bound on cards in the DOM once hundreds are loaded. A 1280×720 viewport shows about 15
 * cards; a virtualized grid renders those plus some overscan, never everything it has loaded.
 */
const MAX_RENDERED_CARDS = 90;
/** Viewport steps of the final sweep through every slot (~400 cards, ~15 a screen). */
const MAX_SWEEP_STEPS = 200;

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

test('scrolling shows the pool’s pages in order, then server pages past it, without duplicates or gaps, in a bounded DOM', async ({
  page,
  request,
}) => {
  const server = await apiSearch(request, BROAD_QUERY);
  const pool = server.pool!.candidates.map((c) => c.id);
  expect(server.total, `"${BROAD_QUERY}" must go on past its pool`).toBeGreaterThan(
    pool.length + DEFAULT_PAGE_SIZE,
  );

  // The server's pages past the pool, as the API lists them (the app's copies are counted, not
  // read: a body read late from the browser can be gone).
  const pastPoolPages: string[][] = [];
  const pastPoolCursors: string[] = [];
  for (let cursor = server.pool!.nextCursor; cursor !== null;) {
    pastPoolCursors.push(cursor);
    const next = await apiSearch(request, BROAD_QUERY, cursor);
    pastPoolPages.push(next.items.map((c) => c.id));
    cursor = next.nextCursor;
  }
  const answered = { first: 0, next: 0 };
  page.on('response', (r) => {
    if (r.status() !== 200) return;
    if (isSearchResponse(r, BROAD_QUERY, 'first')) answered.first += 1;
    if (isSearchResponse(r, BROAD_QUERY, 'next')) answered.next += 1;
  });
  const cursorsAsked: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname === SEARCH_API_PATH && url.searchParams.has('cursor'))
      cursorsAsked.push(url.searchParams.get('cursor')!);
  });
  const batches = logPinBatches(page);
  await page.goto(`/search?q=${BROAD_QUERY}`);
  const feed = resultsFeed(page, BROAD_QUERY);
  // The first two rows: how many more the virtualized grid mounts depends on what stands above
  // it (the related-search line when there is no related module, a module block at row 2: on
  // the cluster engine the line pushes a fourth row past the mounted window, 15 cards, not 20).
  await waitForFeedSettled(feed, 10);

  const ledger = new PositionLedger();
  let mostRendered = 0;
  const sample = async () => {
    const cards = await renderedCards(feed);
    ledger.record(cards);
    mostRendered = Math.max(mostRendered, cards.length);
  };
  /** Pins the grid has been given: the pool's pages (30 each), then the server's pages past it. */
  const shownSoFar = () =>
    Math.min(pool.length, DEFAULT_PAGE_SIZE * (batches.length + 1)) +
    pastPoolPages.slice(0, answered.next).reduce((n, p) => n + p.length, 0);

  while (answered.next < PAGES_PAST_POOL) {
    const before = ledger.lastPosition;
    await scrollToBottom(page);
    // At the bottom of the grid the last card given is in the DOM; pages may keep arriving
    // while we look (the feed asks near the end), so look until the grid has caught up.
    await expect
      .poll(async () => {
        await scrollToBottom(page);
        await sample();
        return ledger.lastPosition > before;
      })
      .toBe(true);
    if (ledger.lastPosition < pool.length) {
      // The pool's next page is fetched ahead of the reader: before they reach the end.
      await expect
        .poll(() => batches.length)
        .toBeGreaterThanOrEqual(Math.ceil(ledger.lastPosition / DEFAULT_PAGE_SIZE));
    }
  }
  await expect
    .poll(async () => {
      await scrollToBottom(page);
      await sample();
      return ledger.lastPosition >= shownSoFar();
    })
    .toBe(true);

  // Every slot once more, top to bottom (the grid is virtualized: the jumps above skip most).
  await page.evaluate(() => window.scrollTo(0, 0));
  for (let step = 0; ; step += 1) {
    expect(step, 'the sweep reaches the bottom').toBeLessThan(MAX_SWEEP_STEPS);
    await expect
      .poll(async () => {
        await sample();
        return (await renderedCards(feed)).length;
      })
      .toBeGreaterThan(0);
    const atBottom = await page.evaluate(() => {
      const before = window.scrollY;
      window.scrollBy(0, Math.round(window.innerHeight * 0.8));
      return window.scrollY === before;
    });
    if (atBottom) break;
  }

  test.info().annotations.push({
    type: 'feed',
    description: `${batches.length} pool batches, ${answered.next} server pages past the pool, last position ${ledger.lastPosition}, at most ${mostRendered} cards in the DOM`,
  });
  expect(ledger.problems).toEqual([]);
  // The first page came with the page itself (src/server/http/first-view.ts), never asked again.
  expect(answered.first).toBe(0);

  // No history: the grid is the server's order exactly — the pool, then the pages past it.
  const pastPool = pastPoolPages.flat();
  const expected = [...pool, ...pastPool.filter((id) => !pool.includes(id))];
  const shown = Array.from({ length: ledger.lastPosition }, (_, i) => ledger.idAt.get(i + 1));
  expect(shown.filter((id) => id === undefined)).toHaveLength(0);
  expect(shown).toEqual(expected.slice(0, shown.length));
  expect(shown.length).toBeGreaterThan(pool.length + DEFAULT_PAGE_SIZE);

  // The pool's pages came as display data in batches of one page, each pin once, in order...
  expect(batches.slice(0, 3)).toEqual([
    pool.slice(30, 60),
    pool.slice(60, 90),
    pool.slice(90, 120),
  ]);
  const batched = batches.flat();
  expect(new Set(batched).size).toBe(batched.length);
  // ...and server paging went on from the pool's cursor, never back into the pool.
  expect(cursorsAsked[0]).toBe(server.pool!.nextCursor);
  expect(cursorsAsked.filter((c) => !pastPoolCursors.includes(c))).toEqual([]);

  // Virtualization: far fewer cards in the DOM than loaded.
  expect(mostRendered).toBeLessThanOrEqual(MAX_RENDERED_CARDS);
  expect(mostRendered).toBeLessThan(shown.length);
});
