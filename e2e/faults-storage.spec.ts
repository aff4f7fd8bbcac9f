/**
 * IndexedDB faults: missing or refusing to open (the engagement log lives in memory, the app
 * says so without getting in the way, and works), and a database left by an older build
 * (migrated: the history is kept, nothing crashes).
 */
import { expect, test, type Page } from '@playwright/test';
import {
  readIndexedDb,
  seedIndexedDb,
  STORAGE_FAULT_MESSAGE,
  storageFaultSource,
  type StorageFault,
} from './support/faults';
import {
  activityPanel,
  dock,
  eventCount,
  loadPersona,
  searchInApp,
} from './support/personalization';
import { apiSearch, cards, resultsFeed } from './support/search-page';

/** Where the app keeps the engagement log (src/features/personalization/store/engagement-store.ts). */
const DB = { name: 'inspo', store: 'kv', key: 'inspo-engagement' } as const;
const CURRENT_VERSION = 2;
const QUERY = 'red';

const storageNotice = (page: Page) =>
  dock(page)
    .getByRole('status')
    .filter({ hasText: 'Your activity can’t be saved in this browser' });

const storedLine = (page: Page) => activityPanel(page).locator('dt:text-is("Stored") + dd');

const REASONS: Record<StorageFault, string> = {
  missing: 'IndexedDB is not available',
  'open throws': `IndexedDB could not be opened: ${STORAGE_FAULT_MESSAGE}`,
};

for (const fault of ['missing', 'open throws'] as const) {
  test(`IndexedDB ${fault}: history is kept in memory, a dismissible notice says it won’t persist, the app works`, async ({
    page,
  }) => {
    await page.addInitScript(storageFaultSource(fault));
    await page.goto('/');
    const notice = storageNotice(page);
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('your history won’t be kept after you leave or reload');

    // Personalization still works for this visit: events are logged and counted.
    await loadPersona(page, 'Traveller');
    const count = await eventCount(page);
    expect(count).toBeGreaterThan(0);
    await expect(storedLine(page)).toHaveText(`in memory only, lost on reload: ${REASONS[fault]}`);
    await searchInApp(page, QUERY);
    expect(await cards(resultsFeed(page, QUERY)).count()).toBeGreaterThan(0);

    // Non-blocking and dismissible from the keyboard.
    const dismiss = notice.getByRole('button', { name: 'Dismiss' });
    await dismiss.focus();
    await dismiss.press('Enter');
    await expect(notice).toHaveCount(0);
    expect(await eventCount(page)).toBe(count);

    // As the notice said: memory does not survive a reload.
    await page.reload();
    await expect(storageNotice(page)).toBeVisible();
    expect(await eventCount(page)).toBe(0);
  });
}

test('a history stored by an older build (version 0 events) is migrated and kept', async ({
  page,
}) => {
  const pins = (await apiSearch(page.request, QUERY)).items.slice(0, 3);
  const at = Date.UTC(2024, 0, 1);
  // Version 0 (pre-release builds) stored events without `v`; one event is beyond repair.
  const v0Events = [
    ...pins.map((pin, i) => ({
      type: i === 0 ? 'save' : 'click',
      pinId: pin.id,
      at: at + i * 1000,
      query: QUERY,
      category: pin.category,
      dominantColor: pin.dominantColor,
      embedding: pin.embedding ?? null,
    })),
    { type: 'like', pinId: 'from-a-broken-build', at: at + 9000 },
  ];
  // A page of the app's origin that does not start the app: the seed is in place before it runs.
  await page.goto('/api/health');
  await seedIndexedDb(page, {
    name: DB.name,
    version: 1,
    stores: { [DB.store]: { [DB.key]: { state: { events: v0Events }, version: 0 } } },
  });

  await page.goto('/');
  // Hydration (and the migration) is asynchronous.
  await expect.poll(() => eventCount(page)).toBe(pins.length);
  await expect(storageNotice(page)).toHaveCount(0);
  await expect(storedLine(page)).toHaveText('in this browser (IndexedDB)');
  await expect
    .poll(async () => {
      const { value } = await readIndexedDb(page, DB);
      return value as { version: number; state: { events: { v: number; pinId: string }[] } };
    })
    .toMatchObject({
      version: CURRENT_VERSION,
      state: { events: pins.map((pin) => ({ v: 1, pinId: pin.id })) },
    });

  // The migrated history is the app's: counted by type, and searching works.
  await expect(activityPanel(page).locator('dt:text-is("Breakdown") + dd')).toHaveText(
    '2 opened · 1 saved · 0 hidden · 0 visits',
  );
  await searchInApp(page, QUERY);

  await page.reload();
  await expect.poll(() => eventCount(page)).toBe(pins.length);
});

test('a database an older build laid out differently (no store, another version) is upgraded, and history persists', async ({
  page,
}) => {
  await page.goto('/api/health');
  await seedIndexedDb(page, {
    name: DB.name,
    version: 3,
    stores: { 'legacy-settings': { theme: 'dark' } },
  });

  await page.goto('/');
  await loadPersona(page, 'Food lover');
  const count = await eventCount(page);
  expect(count).toBeGreaterThan(0);
  await expect(storedLine(page)).toHaveText('in this browser (IndexedDB)');
  await expect(storageNotice(page)).toHaveCount(0);

  await page.reload();
  await expect.poll(() => eventCount(page)).toBe(count);
  const stored = await readIndexedDb(page, DB);
  expect(stored.version).toBe(4);
  expect(stored.stores.sort()).toEqual([DB.store, 'legacy-settings']);
  // Another build's data on the origin is left alone.
  expect((await readIndexedDb(page, { ...DB, store: 'legacy-settings', key: 'theme' })).value).toBe(
    'dark',
  );
});
