/**
 * The phone layout at 390×844 (touch, mobile viewport): nothing floats over the results (the
 * personalization toggles live in the top bar), "Debug" only in demo mode, every control a
 * 44×44 CSS px touch target at least, no horizontal scrolling at 320 px, axe clean.
 */
import { expect, test, type Page } from '@playwright/test';
import { blockingViolations } from './support/axe';
import { activityPanel, dock } from './support/personalization';
import { cards, relatedFeed, resultsFeed, waitForFeedSettled } from './support/search-page';

const PHONE = { width: 390, height: 844 };
const NARROWEST = { width: 320, height: 640 };
/** WCAG 2.5.5 (AAA) and Apple's and Material's guidance for touch targets. */
const MIN_TARGET_PX = 44;
/** Broad in the OpenMoji test index: a few screens of cards. */
const QUERY = 'cat';
/** Distances from the bottom edge checked at the centre: the edge itself and a thumb's reach above. */
const BOTTOM_BAND_PX = [1, 24, 48];
/** Screens scrolled through while checking what covers the cards. */
const SCREENS = 3;

test.use({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });

const debugToggle = (page: Page) => dock(page).getByRole('button', { name: 'Debug', exact: true });

/**
 * What stands at the bottom-centre point of the viewport and at the centre of each Save button
 * in view (below the top bar), described when it is not the results themselves.
 */
function coveredSpots(band: number[]): string[] {
  const describe = (el: Element | null) =>
    el ? `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}` : '(nothing)';
  const control = 'button, a[href], input, select, textarea, [role="button"], [role="menu"]';
  const problems: string[] = [];
  const bar = (document.querySelector('.top-bar') ??
    document.querySelector('header'))!.getBoundingClientRect();
  // The bottom-centre point, and above it the band where floating buttons usually sit.
  const x = Math.floor(window.innerWidth / 2);
  for (const fromBottom of band) {
    const y = window.innerHeight - fromBottom;
    const spot = document.elementFromPoint(x, y);
    const inResults = spot?.closest('#main') !== null || spot === document.body;
    if (!inResults && spot?.closest(control))
      problems.push(`bottom centre (${x}, ${y}) is covered by ${describe(spot)}`);
  }
  const saves = [...document.querySelectorAll('#main article[data-pin-id] button')].filter((b) =>
    /^Save/.test(b.textContent ?? ''),
  );
  for (const save of saves) {
    const r = save.getBoundingClientRect();
    const cx = r.left + r.width / 2;
    const cy = r.top + r.height / 2;
    if (cy <= bar.bottom || cy >= window.innerHeight) continue;
    const top = document.elementFromPoint(cx, cy);
    if (!top || !save.contains(top)) {
      const card = save.closest('article')?.getAttribute('data-pin-id');
      problems.push(
        `Save of ${card} at (${Math.round(cx)}, ${Math.round(cy)}) is covered by ${describe(top)}`,
      );
    }
  }
  if (saves.length === 0) problems.push('no Save button found on the cards');
  return problems;
}

/** Every control in view smaller than the minimum, as "what: width×height". */
function smallTargets(min: number): string[] {
  const controls = document.querySelectorAll<HTMLElement>(
    'button, a[href], input:not([type="hidden"]), select, textarea, [role="button"], [tabindex="0"]',
  );
  const small: string[] = [];
  for (const element of controls) {
    // A link the card's own click already covers (the title, out of the tab order) is not a
    // target of its own; an input is measured by the label that wraps it.
    if (element.tabIndex < 0 && !element.matches('input')) continue;
    const target = (element.matches('input') && element.closest('label')) || element;
    const r = target.getBoundingClientRect();
    const style = getComputedStyle(target);
    const inView =
      r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth;
    if (
      !inView ||
      r.width === 0 ||
      style.visibility === 'hidden' ||
      element.closest('[hidden], [aria-hidden="true"]')
    )
      continue;
    if (r.width < min || r.height < min) {
      const name = (element.getAttribute('aria-label') ?? element.textContent ?? '')
        .trim()
        .slice(0, 30);
      small.push(
        `${element.tagName.toLowerCase()} "${name}": ${r.width.toFixed(1)}×${r.height.toFixed(1)}`,
      );
    }
  }
  return small;
}

const horizontalOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('results on a phone: nothing covers the cards, no Debug without demo mode, 44 px targets, axe clean', async ({
  page,
}) => {
  await page.goto(`/search?q=${QUERY}`);
  const feed = resultsFeed(page, QUERY);
  await waitForFeedSettled(feed, 4);

  // The toggles are in the top bar, and "Debug" is not there at all.
  const activity = dock(page).getByRole('button', { name: 'Your activity' });
  await expect(activity).toBeVisible();
  const bar = await page.locator('.top-bar').boundingBox();
  const activityBox = await activity.boundingBox();
  expect(activityBox!.y + activityBox!.height).toBeLessThanOrEqual(bar!.y + bar!.height);
  await expect(debugToggle(page)).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Reranker debug' })).toHaveCount(0);

  // Screen by screen: the bottom-centre point and every Save button in view are the results'.
  for (let screen = 0; screen < SCREENS; screen++) {
    expect(await page.evaluate(coveredSpots, BOTTOM_BAND_PX), `screen ${screen + 1}`).toEqual([]);
    expect(await page.evaluate(smallTargets, MIN_TARGET_PX), `screen ${screen + 1}`).toEqual([]);
    await page.evaluate(() => window.scrollBy(0, Math.round(window.innerHeight * 0.8)));
    await waitForFeedSettled(feed);
  }
  expect(await horizontalOverflow(page)).toBe(0);
  expect(await blockingViolations(page)).toEqual([]);

  // The activity panel opens as a sheet across the bottom, and closes again.
  await page.evaluate(() => window.scrollTo(0, 0));
  await activity.click();
  const panel = activityPanel(page);
  await expect(panel).toBeVisible();
  const sheet = await panel.boundingBox();
  expect(sheet!.x).toBe(0);
  expect(sheet!.width).toBe(PHONE.width);
  expect(Math.round(sheet!.y + sheet!.height)).toBe(PHONE.height);
  expect(await page.evaluate(smallTargets, MIN_TARGET_PX)).toEqual([]);
  expect(await blockingViolations(page)).toEqual([]);
  await panel.getByRole('button', { name: 'Close' }).click();
  await expect(panel).toHaveCount(0);
});

test('demo mode: ?debug=1 shows Debug and is remembered on the device, ?debug=0 and the switch turn it off', async ({
  page,
}) => {
  await page.goto('/');
  await expect(debugToggle(page)).toHaveCount(0);

  await page.goto('/?debug=1');
  await expect(debugToggle(page)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('region', { name: 'Reranker debug' })).toBeVisible();
  // Remembered: a later visit without the parameter still has the toggle (the panel closed).
  await page.goto(`/search?q=${QUERY}`);
  await expect(debugToggle(page)).toHaveAttribute('aria-pressed', 'false');
  const box = await debugToggle(page).boundingBox();
  expect(box!.width).toBeGreaterThanOrEqual(MIN_TARGET_PX);
  expect(box!.height).toBeGreaterThanOrEqual(MIN_TARGET_PX);

  await page.goto('/?debug=0');
  await expect(debugToggle(page)).toHaveCount(0);
  await page.goto('/');
  await expect(debugToggle(page)).toHaveCount(0);

  // The setting in the activity panel does the same, at once.
  await dock(page).getByRole('button', { name: 'Your activity' }).click();
  const demo = activityPanel(page).getByRole('checkbox', { name: /^Show the Debug panel/ });
  await demo.check();
  await expect(debugToggle(page)).toBeVisible();
  await page.reload();
  await expect(debugToggle(page)).toBeVisible();
  await dock(page).getByRole('button', { name: 'Your activity' }).click();
  await demo.uncheck();
  await expect(debugToggle(page)).toHaveCount(0);
});

test.describe('at 320 px', () => {
  test.use({ viewport: NARROWEST });

  test('home, results and a closeup never scroll sideways', async ({ page }) => {
    await page.goto('/?debug=1');
    await expect(debugToggle(page)).toBeVisible();
    expect(await horizontalOverflow(page), 'home').toBe(0);

    await page.goto(`/search?q=${QUERY}`);
    const feed = resultsFeed(page, QUERY);
    await waitForFeedSettled(feed);
    expect(await horizontalOverflow(page), 'results').toBe(0);
    expect(await page.evaluate(coveredSpots, BOTTOM_BAND_PX)).toEqual([]);

    await cards(feed).first().click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await waitForFeedSettled(relatedFeed(page), 1);
    expect(await horizontalOverflow(page), 'closeup').toBe(0);
    expect(await page.evaluate(smallTargets, MIN_TARGET_PX)).toEqual([]);
  });
});
