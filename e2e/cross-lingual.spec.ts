/**
 * Searching in another language through the real UI: the browser's language travels as `hl`,
 * the server translates known foreign words into the index's English words (never "correcting"
 * them into English look-alikes) and says which language it read. The interface speaks the
 * browser's language too (e2e/i18n.spec.ts), so the search box and the feed are found by role.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { SearchResponseSchema, type SearchResponse } from '@/contract/api';
import { resultsFeed, SEARCH_API_PATH, submitSearch, waitForFeedSettled } from './support/search-page';

/** The header's search box in whatever language the interface speaks. */
async function searchInAnyLanguage(page: Page, q: string): Promise<void> {
  const box = page.getByRole('search').getByRole('combobox');
  await box.fill(q);
  await box.press('Enter');
}

async function apiSearchAs(request: APIRequestContext, q: string, hl: string): Promise<SearchResponse> {
  const response = await request.get(`${SEARCH_API_PATH}?${new URLSearchParams({ q, hl })}`);
  expect(response.status()).toBe(200);
  return SearchResponseSchema.parse(await response.json());
}

const LANGS: Record<string, string> = { Spanish: 'es', German: 'de', French: 'fr', Japanese: 'ja', Chinese: 'zh' };

const CASES = [
  { q: 'perro', locale: 'en-US', word: 'dog', language: 'Spanish' },
  { q: 'Hund', locale: 'de-DE', word: 'dog', language: 'German' },
  { q: 'mariposa', locale: 'es-ES', word: 'butterfly', language: 'Spanish' },
  { q: 'flor roja', locale: 'es-ES', word: 'flower', language: 'Spanish' },
  // "chat" is English too: a French reader (browser language) means a cat.
  { q: 'chat', locale: 'fr-FR', word: 'cat', language: 'French' },
  { q: '猫', locale: 'ja-JP', word: 'cat', language: 'Japanese' },
  { q: '蝴蝶', locale: 'zh-CN', word: 'butterfly', language: 'Chinese' },
] as const;

for (const c of CASES) {
  test.describe(`${c.q} (${c.locale})`, () => {
    test.use({ locale: c.locale });

    test(`finds ${c.word} pins, read as ${c.language}`, async ({ page, request }) => {
      const expected = await apiSearchAs(request, c.q, c.locale);
      expect(expected.query.corrections, 'a known foreign word is never spelling-corrected').toEqual([]);
      expect(expected.items[0]!.title.toLowerCase() + expected.items[0]!.tags.join(' ')).toContain(c.word);

      await page.goto('/');
      await searchInAnyLanguage(page, c.q);
      expect(expected.query.translations?.[0]?.lang, `read as ${c.language}`).toBe(LANGS[c.language]);
      const feed = page.getByRole('feed');
      await waitForFeedSettled(feed);
      await expect(feed.locator('article[aria-posinset="1"]')).toHaveAttribute('data-pin-id', expected.items[0]!.id);
    });
  });
}

test.describe('chat for an English reader', () => {
  test.use({ locale: 'en-US' });
  test('stays the English word: no translation, no banner', async ({ page, request }) => {
    const english = await apiSearchAs(request, 'chat', 'en-US');
    expect(english.query.translations ?? []).toEqual([]);
    await page.goto('/');
    await submitSearch(page, 'chat');
    await waitForFeedSettled(resultsFeed(page, 'chat'));
    await expect(page.getByText('Showing results for', { exact: false })).toHaveCount(0);
  });
});
