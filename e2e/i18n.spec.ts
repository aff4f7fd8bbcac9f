/**
 * The interface in the reader's language, through the real UI: the browser's language picks the
 * locale (its catalogue a lazy chunk), <html lang dir> follow, the language menu switches and is
 * remembered, the searcher's language travels as `hl`, and right-to-left locales are laid out
 * mirrored (a geometric check of the grid, the search box and the footer, plus a screenshot of
 * the home page against a committed baseline), stay axe-clean, and move along the chips in the
 * direction the arrow keys point.
 */
import { expect, test, type Page } from '@playwright/test';
import { blockingViolations } from './support/axe';
import { cards, SEARCH_API_PATH, waitForFeedSettled } from './support/search-page';

/** The late chunks (the language menu) come after the load event and an idle moment. */
const LATE_CHUNK_TIMEOUT_MS = 20_000;
/** A first search on a cold, shared machine (load 20–40 on 2 cores here) can take over 10 s. */
const FIRST_FEED_TIMEOUT_MS = 30_000;

/** Every `hl` the app sends with a search, from now on. */
function searchLanguages(page: Page): string[] {
  const sent: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname === SEARCH_API_PATH) sent.push(url.searchParams.get('hl') ?? '(none)');
  });
  return sent;
}

const html = (page: Page) => page.locator('html');

test.describe('a German browser', () => {
  test.use({ locale: 'de-DE' });

  test('gets the interface in German, and the banner says what it searched', async ({ page }) => {
    const sent = searchLanguages(page);
    await page.goto('/');
    await expect(html(page)).toHaveAttribute('lang', 'de');
    await expect(html(page)).toHaveAttribute('dir', 'ltr');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Finde deine nächste Idee');

    const box = page.getByRole('search').getByLabel('Ideen suchen', { exact: true });
    await box.fill('Hund');
    await box.press('Enter');
    const feed = page.getByRole('feed', { name: 'Ergebnisse für „Hund“', exact: true });
    await expect(feed).toBeVisible({ timeout: FIRST_FEED_TIMEOUT_MS });
    await waitForFeedSettled(feed);
    await expect(page.getByText('Ergebnisse für dog', { exact: true })).toBeVisible();
    await expect(page.getByText('auf Deutsch gesucht: Hund', { exact: true })).toBeVisible();
    const asTyped = page.getByText('Hund wie eingegeben suchen', { exact: true });
    await expect(asTyped.getByRole('link', { name: 'Hund' })).toHaveAttribute('href', /exact=1/);
    // Counts in German: "1 Idee", "245 Ideen", "1.234 Ideen".
    await expect(page.locator('.search-page__meta')).toHaveText(
      /^(1 Idee|\d{1,3}(\.\d{3})* Ideen)/,
    );
    // No choice in the menu: the browser's own tag, as before (the server's first answer uses it).
    expect(sent).toContain('de-DE');
  });
});

test.describe('a German browser in demo mode', () => {
  test.use({ locale: 'de-DE' });

  test('gets the personalization panels in German too, their messages a lazy part', async ({
    page,
  }) => {
    test.slow(); // a first search and three lazy chunks, on a loaded machine
    // German catalogue chunks (assets/de-<hash>.js): the core before the first paint, the
    // panels' part only once a panel opens.
    const catalogues = new Set<string>();
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (/\/assets\/de-[\w-]+\.js$/.test(pathname)) catalogues.add(pathname);
    });
    await page.goto('/search?q=cat');
    const feed = page.getByRole('feed', { name: 'Ergebnisse für „cat“', exact: true });
    await expect(feed).toBeVisible({ timeout: FIRST_FEED_TIMEOUT_MS });
    const dock = page.getByRole('complementary', { name: 'Personalisierung', exact: true });
    expect(catalogues.size).toBe(1);

    await dock.getByRole('button', { name: 'Deine Aktivität', exact: true }).click();
    const activity = page.getByRole('region', { name: 'Deine Aktivität', exact: true });
    await expect(
      activity.getByRole('button', { name: 'Verlauf löschen', exact: true }),
    ).toBeVisible({
      timeout: LATE_CHUNK_TIMEOUT_MS,
    });
    await expect(activity.getByTestId('event-count')).toHaveText(
      /^\d+ \(von höchstens \d{1,3}(\.\d{3})*\)$/,
    );
    // Demo mode, switched on in German, brings the Debug panel.
    await activity
      .getByRole('checkbox', { name: /^Debug-Bereich und Vergleichsansicht anzeigen/ })
      .check();
    await dock.getByRole('button', { name: 'Debug', exact: true }).click();
    const debug = page.getByRole('region', { name: 'Reranker-Debug', exact: true });
    await expect(debug).toBeVisible({ timeout: LATE_CHUNK_TIMEOUT_MS });
    await expect(debug.getByRole('heading', { name: 'Seiten', exact: true })).toBeVisible();
    await debug.getByRole('button', { name: 'Reihenfolgen vergleichen', exact: true }).click();
    await expect(
      debug.getByRole('list', { name: 'Reihenfolge des Servers', exact: true }),
    ).toBeVisible({
      timeout: LATE_CHUNK_TIMEOUT_MS,
    });
    // The panels' messages came as a chunk of their own, after the first paint.
    expect(catalogues.size).toBe(2);
  });
});

test.describe('an English browser', () => {
  test.use({ locale: 'en-US' });

  test('sees "searched as Spanish" for perro, and can search it as typed', async ({ page }) => {
    await page.goto('/search?q=perro');
    await expect(page.getByText('Showing results for dog', { exact: true })).toBeVisible();
    await expect(page.getByText('searched as Spanish: perro', { exact: true })).toBeVisible();
    await page
      .getByText('search perro as typed', { exact: true })
      .getByRole('link', { name: 'perro' })
      .click();
    await expect(page).toHaveURL(/[?&]exact=1/);
    await expect(page.getByText('searched as Spanish', { exact: false })).toHaveCount(0);
  });

  test('switches to Hebrew from the language menu, remembered after a reload', async ({ page }) => {
    test.slow(); // a lazy chunk, a reload and a search, on a loaded machine
    await page.goto('/');
    const menu = page.getByRole('contentinfo').getByLabel('Language', { exact: true });
    await expect(menu).toBeVisible({ timeout: LATE_CHUNK_TIMEOUT_MS });
    await menu.selectOption('he');
    await expect(html(page)).toHaveAttribute('lang', 'he');
    await expect(html(page)).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('מצאו את הרעיון הבא שלכם');

    const sent = searchLanguages(page);
    await page.reload();
    await expect(html(page)).toHaveAttribute('dir', 'rtl');
    const box = page.getByRole('search').getByLabel('חיפוש רעיונות', { exact: true });
    await box.fill('cat');
    await box.press('Enter');
    const feed = page.getByRole('feed', { name: 'תוצאות עבור „cat”', exact: true });
    await expect(feed).toBeVisible({ timeout: FIRST_FEED_TIMEOUT_MS });
    await waitForFeedSettled(feed);
    // The menu's choice is the searcher's language.
    expect(sent).toContain('he');
    await expect(page.getByRole('contentinfo').getByLabel('שפה', { exact: true })).toHaveValue(
      'he',
      { timeout: LATE_CHUNK_TIMEOUT_MS },
    );
  });
});

test.describe('an Arabic browser (right to left)', () => {
  test.use({ locale: 'ar-EG' });

  test('lays the results out mirrored: first column on the right', async ({ page }) => {
    test.slow(); // two searches' worth of waiting and an axe run, on a loaded machine
    await page.goto('/search?q=cat');
    await expect(html(page)).toHaveAttribute('dir', 'rtl');
    const feed = page.getByRole('feed', { name: 'نتائج «cat»', exact: true });
    await expect(feed).toBeVisible({ timeout: FIRST_FEED_TIMEOUT_MS });
    await waitForFeedSettled(feed, 2);
    const box = async (n: number) =>
      (await cards(feed)
        .and(page.locator(`[aria-posinset="${n}"]`))
        .boundingBox())!;
    const [first, second, grid] = [await box(1), await box(2), (await feed.boundingBox())!];
    // Cards 1 and 2 share the first row; right to left, the first is the rightmost.
    expect(first.y).toBe(second.y);
    expect(first.x).toBeGreaterThan(second.x);
    expect(grid.x + grid.width - (first.x + first.width)).toBeLessThan(first.x - grid.x);
    // The search icon sits at the box's start: its right end.
    const input = (await page.getByRole('search').getByRole('combobox').boundingBox())!;
    const icon = (await page.locator('.search-form__icon').boundingBox())!;
    expect(icon.x).toBeGreaterThan(input.x + input.width / 2);
    // Nothing sticks out sideways.
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true);
    expect(await blockingViolations(page)).toEqual([]);
  });

  test('arrow keys move along the chips the way they point: ArrowLeft to the next chip', async ({
    page,
  }) => {
    test.slow(); // a first search and the lazy chip rail, on a loaded machine
    await page.goto('/search?q=animal');
    const feed = page.getByRole('feed', { name: 'نتائج «animal»', exact: true });
    await expect(feed).toBeVisible({ timeout: FIRST_FEED_TIMEOUT_MS });
    await waitForFeedSettled(feed);
    const chips = page
      .getByRole('toolbar', { name: 'تصفية النتائج', exact: true })
      .getByRole('button');
    await expect(chips.nth(2)).toBeVisible();
    const x = async (n: number) => (await chips.nth(n).boundingBox())!.x;
    // Right to left, the second chip sits left of the first.
    expect(await x(1)).toBeLessThan(await x(0));
    await chips.first().focus();
    await page.keyboard.press('ArrowLeft');
    await expect(chips.nth(1)).toBeFocused();
    await expect(chips.nth(1)).toHaveAttribute('tabindex', '0');
    await page.keyboard.press('ArrowLeft');
    await expect(chips.nth(2)).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect(chips.nth(1)).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect(chips.first()).toBeFocused();
    await page.keyboard.press('ArrowRight'); // wraps round to the far end
    await expect(chips.last()).toBeFocused();
  });

  test('home page matches its RTL screenshot', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('اعثر على فكرتك التالية');
    // The language menu is a late chunk: wait for it, so the footer is complete.
    await expect(page.getByRole('contentinfo').getByLabel('اللغة', { exact: true })).toBeVisible({
      timeout: LATE_CHUNK_TIMEOUT_MS,
    });
    expect(await blockingViolations(page)).toEqual([]);
    await expect(page).toHaveScreenshot('home-rtl-ar.png', {
      fullPage: true,
      animations: 'disabled',
      // Anti-aliasing may differ by a few pixels between runs of the same Chromium.
      maxDiffPixelRatio: 0.01,
    });
  });
});
