/**
 * Tags predicted from pixels, in a real browser over a real index built here: a manifest of
 * OpenMoji cat faces tagged "cat" and plants tagged "plant" (installed with the dependencies,
 * CC BY-SA 4.0), plus one cat face and one plant without tags. The build trains the tag head on
 * the tagged pins; the untagged cat's closeup shows "cat" as a suggested tag (outlined, apart from
 * the author's tags), its link searches for it by keyboard, and that search finds the untagged pin
 * through its predicted tag, below pins tagged by a person.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { PinResponseSchema, SearchResponseSchema } from '@/contract/api';
import { defaultOpenmojiDir } from '@/server/ingest/sources/openmoji';
import { blockingViolations } from './support/axe';
import { serveManifest, type OwnServer } from './support/own-server';
import {
  cards,
  cardById,
  PINS_API_PATH,
  resultsFeed,
  SEARCH_API_PATH,
  waitForFeedSettled,
} from './support/search-page';

const CATS = ['1F431', '1F638', '1F639', '1F63A', '1F63B', '1F63C', '1F63D', '1F63E', '1F63F'];
const PLANTS = ['1F331', '1F332', '1F333', '1F335', '1F33F', '1F340', '1F341', '1F343', '1F384'];
const UNTAGGED_CAT = '1F640';
const UNTAGGED_PLANT = '1F334';

let server: OwnServer;
let origin: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  server = await serveManifest('suggested-tags', (dir) => {
    fs.mkdirSync(dir, { recursive: true });
    const svg = (code: string) => path.join(defaultOpenmojiDir(), 'color', 'svg', `${code}.svg`);
    const pin = (code: string, title: string, tags: string[]) => ({
      id: `emoji-${code.toLowerCase()}`,
      title,
      tags,
      image: svg(code),
      source: { name: 'openmoji', attribution: 'OpenMoji', url: 'https://openmoji.org' },
      license: { name: 'CC BY-SA 4.0', url: 'https://creativecommons.org/licenses/by-sa/4.0/' },
    });
    const lines = [
      ...CATS.map((c, i) => pin(c, `Face number ${i}`, ['cat', 'animal'])),
      ...PLANTS.map((c, i) => pin(c, `Growing thing ${i}`, ['plant', 'green'])),
      pin(UNTAGGED_CAT, 'Surprised face', []),
      pin(UNTAGGED_PLANT, 'Tall thing', []),
    ];
    const file = path.join(dir, 'pins.jsonl');
    fs.writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
    return file;
  });
  origin = server.origin;
});

test.afterAll(async () => {
  await server?.close();
});

test('an untagged pin shows tags guessed from its picture, and is found by them', async ({
  page,
  request,
}) => {
  const id = `emoji-${UNTAGGED_CAT.toLowerCase()}`;
  const { pin } = PinResponseSchema.parse(
    await (await request.get(`${origin}${PINS_API_PATH}/${id}`)).json(),
  );
  expect(pin.tags).toEqual([]);
  expect(pin.suggestedTags).toContain('cat');
  expect(pin.suggestedTags).not.toContain('plant');

  await page.goto(`${origin}/pin/${id}`);
  const list = page.getByRole('list', { name: 'Suggested tags' });
  await expect(list).toBeVisible();
  await expect(page.getByText('Guessed from the picture, not given by its author.')).toBeVisible();
  // No list of the author's tags: this pin has none.
  await expect(page.getByRole('list', { name: 'Tags', exact: true })).toHaveCount(0);
  expect(await blockingViolations(page)).toEqual([]);

  const link = list.getByRole('link', { name: 'cat', exact: true });
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL((url) => url.searchParams.get('q') === 'cat');
  const feed = resultsFeed(page, 'cat');
  await waitForFeedSettled(feed, CATS.length + 1);
  await expect(cardById(feed, id)).toBeVisible();
  await expect(cards(feed)).toHaveCount(CATS.length + 1);
  // Found through a guess, so the server ranks it after every pin a person tagged "cat" (the
  // page may rerank on the device; the server's order is the API's).
  const response = await request.get(`${origin}${SEARCH_API_PATH}?q=cat`);
  const { items } = SearchResponseSchema.parse(await response.json());
  expect(items.map((p) => p.id).indexOf(id)).toBe(CATS.length);
});
