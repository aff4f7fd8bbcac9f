/**
 * Near duplicates: a card's closeup says "N similar" and lists its look-alikes, by
 * keyboard, without accessibility violations. The pin is found through the API (the test index's
 * groups follow from its pixels, not from a fixture). Folding copies and the MMR order are
 * unit-tested (src/server/visual/diversify.test.ts, src/server/service/with-diversity.test.ts).
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { SearchResponseSchema, type SearchResponse } from '@/contract/api';
import { blockingViolations } from './support/axe';
import { SEARCH_API_PATH } from './support/search-page';

/** Broad queries of the OpenMoji test index; at least one has a card with look-alikes. */
const QUERIES = ['flag', 'face', 'person', 'hand', 'heart', 'circle', 'square', 'arrow'];

async function apiSearch(request: APIRequestContext, q: string): Promise<SearchResponse> {
  const response = await request.get(`${SEARCH_API_PATH}?${new URLSearchParams({ q, limit: '50' })}`);
  expect(response.status()).toBe(200);
  return SearchResponseSchema.parse(await response.json());
}

test('a card with look-alikes lists them in its closeup as "N similar"', async ({ page, request }) => {
  let found: { id: string; similar: string[] } | undefined;
  for (const q of QUERIES) {
    const { items } = await apiSearch(request, q);
    const pin = items.find((p) => (p.similar?.length ?? 0) > 0);
    if (pin) {
      found = { id: pin.id, similar: pin.similar! };
      break;
    }
  }
  expect(found, `a card with look-alikes among ${QUERIES.join(', ')}`).toBeDefined();
  const { id, similar } = found!;

  await page.goto(`/pin/${encodeURIComponent(id)}`);
  const toggle = page.getByRole('button', { name: `${similar.length} similar` });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const list = page.getByRole('region', { name: 'Similar images' }).getByRole('link');
  await expect(list).toHaveCount(similar.length);
  await expect(list.first()).toHaveAttribute('href', `/pin/${encodeURIComponent(similar[0]!)}`);
  expect(await blockingViolations(page)).toEqual([]);

  // The list is reachable and followable from the keyboard.
  await page.keyboard.press('Tab');
  await expect(list.first()).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL((url) => url.pathname === `/pin/${encodeURIComponent(similar[0]!)}`);
});
