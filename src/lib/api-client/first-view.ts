/**
 * A results page's first answer, delivered with the page: for a /search address the server puts
 * the answer to the exact request the page is about to make into the HTML (src/server/http/
 * first-view.ts), as `<script type="application/json" data-url="…">` (data, never run, so the
 * CSP allows it). On a phone-class link that request otherwise starts only once the app's script
 * has arrived and run, and the first thumbnails wait for it (bench/web-vitals.ts).
 *
 * The answer is used once, for that exact address; any other request, or a page without it,
 * fetches as usual. It is not validated before it is shown (api-client.ts says why and when).
 */
export const FIRST_VIEW_ELEMENT_ID = 'inspo-first-view';

const used: string[] = [];

/** The addresses answered from the page itself: a service worker installed later caches them. */
export const firstViewAnswersUsed = (): readonly string[] => used;

const element = (): HTMLElement | null | undefined =>
  globalThis.document?.getElementById(FIRST_VIEW_ELEMENT_ID);

/** Whether the page came with an answer not used yet. */
export const hasFirstViewAnswer = (): boolean => Boolean(element());

/** The answer's body for `url` if the page came with it (once), else undefined. */
export function takeFirstViewAnswer(url: string): unknown {
  const found = element();
  if (found?.dataset.url !== url) return undefined;
  found.remove();
  used.push(url);
  return JSON.parse(found.textContent ?? '') as unknown;
}
