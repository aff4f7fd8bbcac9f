/**
 * Registers the service worker (sw.ts, served as /sw.js) and relays what it says to the notices.
 * Loaded after the first view is done with the network (start.ts), so it never competes with the
 * first results for a slow link; an old browser without service workers simply has none.
 *
 * - First install: the worker takes the page over (clientsClaim) and is sent the addresses the page
 *   loaded before that (API answers, thumbnails), so the page just seen opens offline too.
 * - Update: a new worker installs and waits; the store's `applyUpdate` is set (the notice offers a
 *   reload) and calling it tells the worker to take over, then reloads once it has.
 * - Offline: the worker reports each API answer it served from its cache; the page on screen is
 *   marked "saved offline" until the next navigation.
 */
import { messageSW, Workbox } from 'workbox-window';
import { firstViewAnswersUsed } from '@/lib/api-client/first-view';
import { getAppHistory } from '@/lib/url-state/history-store';
import {
  isCachedApi,
  isRuntimeAsset,
  isThumbnail,
  type PageMessage,
  type SavedAnswer,
  type SavedAnswerMessage,
} from './cache-policy';
import type { NoticeStore } from './notice-store';

export const SW_URL = '/sw.js';
/** A long-open tab looks for a new version this often (and whenever it is shown again). */
const UPDATE_CHECK_MS = 60 * 60_000;

/** Same-origin resources this page fetched that the worker keeps (its routes decide where). */
export function loadedAddresses(entries: readonly { name: string }[], origin: string): string[] {
  const keep = new Set<string>();
  for (const { name } of entries) {
    const url = new URL(name, origin);
    if (url.origin !== origin) continue;
    if (isCachedApi(url.pathname) || isThumbnail(url.pathname) || isRuntimeAsset(url.pathname))
      keep.add(url.href);
  }
  return [...keep];
}

/** The oldest of the answers (what the page is at least as old as). */
function oldest(answers: readonly SavedAnswer[]): SavedAnswer | null {
  let found: SavedAnswer | null = null;
  for (const answer of answers)
    if (!found || (answer.savedAt ?? '') < (found.savedAt ?? '')) found = answer;
  return found;
}

export async function registerServiceWorker(store: NoticeStore): Promise<Workbox | null> {
  if (!('serviceWorker' in navigator)) return null;
  const wb = new Workbox(SW_URL, { scope: '/' });

  // A new version waits (found by this page or another tab): the reader decides when to reload.
  wb.addEventListener('waiting', () => {
    store.set({
      applyUpdate: () => {
        // The waiting worker takes over (SKIP_WAITING goes to it, not to the active one), then
        // the page reloads into it, once.
        navigator.serviceWorker.addEventListener(
          'controllerchange',
          () => window.location.reload(),
          {
            once: true,
          },
        );
        wb.messageSkipWaiting();
      },
    });
  });

  // Answers from the cache mark the page on screen; a navigation starts a page afresh.
  getAppHistory().subscribe(() => {
    if (store.get().savedAnswer) store.set({ savedAnswer: null });
  });
  wb.addEventListener('message', (event) => {
    const data = event.data as SavedAnswerMessage | null;
    if (data?.type !== 'SAVED_ANSWER') return;
    const current = store.get().savedAnswer;
    store.set({ savedAnswer: oldest(current ? [current, data.answer] : [data.answer]) });
  });

  wb.addEventListener('activated', (event) => {
    if (event.isUpdate) return;
    // The first install: what this page loaded before the worker existed goes into its caches.
    // (A results page's first answer came with the page: src/lib/api-client/first-view.ts.)
    const loaded = [
      ...performance.getEntriesByType('resource'),
      ...firstViewAnswersUsed().map((name) => ({ name })),
    ];
    const urlsToCache = loadedAddresses(loaded, location.origin);
    if (urlsToCache.length > 0) wb.messageSW({ type: 'CACHE_URLS', payload: { urlsToCache } });
  });

  await wb.register();
  const controller = navigator.serviceWorker.controller;
  if (controller) {
    // Answers served from the cache while this page loaded, before this module was here.
    const ask: PageMessage = { type: 'GET_SAVED_ANSWERS' };
    const answers = (await messageSW(controller, ask).catch(() => [])) as SavedAnswer[];
    if (answers.length > 0) store.set({ savedAnswer: oldest(answers) });
  }

  const check = () => void wb.update().catch(() => undefined);
  setInterval(check, UPDATE_CHECK_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
  return wb;
}
