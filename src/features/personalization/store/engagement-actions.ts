/**
 * What the UI does to the engagement log. Each event copies the pin's
 * category, colour, embedding and tags (see src/ranking/engagement.ts).
 */
import type { Pin } from '@/contract/api';
import { parseRoute } from '@/lib/url-state/routes';
import type { EngagedPin } from './engagement-log';
import { useEngagementStore } from './engagement-store';

/** Shorter visits are a mis-click or a bounce, not interest. */
export const MIN_DWELL_MS = 1000;

/**
 * A card's or closeup's pin. A card from an answer saved offline before the pool sent tags has
 * none (pool-feed.ts cardOf), whatever `Pin` says.
 */
type PinLike = Omit<Pin, 'tags'> & { tags?: readonly string[]; embedding?: string | null };

/** The search on screen now ('' on other pages): the query a Save in the grid belongs to. */
export function currentSearchText(): string {
  const route = parseRoute(location.pathname, location.search);
  return route.name === 'search' ? route.q : '';
}

/**
 * A closeup loaded by URL has no embedding (only candidates carry one): borrow it
 * from an earlier event about the same pin, and the query it was opened under. Tags come with
 * every pin the grid or a closeup holds (a full pin, or a pool candidate's first ones); a card
 * from an answer saved offline before the pool carried them borrows an earlier event's.
 */
function withHistory(pin: PinLike): { pin: EngagedPin; query: string | null } {
  const earlier = [...useEngagementStore.getState().events]
    .reverse()
    .find((e) => e.pinId === pin.id);
  return {
    pin: {
      id: pin.id,
      category: pin.category,
      dominantColor: pin.dominantColor,
      embedding: pin.embedding ?? earlier?.embedding ?? null,
      tags: pin.tags ?? earlier?.tags,
      // Kept with a save so "From your saves" draws it without asking the server for it.
      display: {
        title: pin.title,
        imageUrl: pin.imageUrl,
        imageUrl2x: pin.imageUrl2x,
        width: pin.width,
        height: pin.height,
      },
    },
    query: earlier?.query ?? null,
  };
}

export function logOpen(pin: PinLike, query: string): void {
  useEngagementStore.getState().log({ pin: withHistory(pin).pin, type: 'click', query });
}

export function setSaved(pin: PinLike, saved: boolean, query = currentSearchText()): void {
  const store = useEngagementStore.getState();
  if (!saved) return store.retract({ pinId: pin.id, type: 'save' });
  const known = withHistory(pin);
  store.log({ pin: known.pin, type: 'save', query: query || known.query || '' });
}

export function hidePin(pin: PinLike, query = currentSearchText()): void {
  useEngagementStore.getState().log({ pin: withHistory(pin).pin, type: 'hide', query });
}

export function unhidePin(pinId: string): void {
  useEngagementStore.getState().retract({ pinId, type: 'hide' });
}

export function logDwell(pin: PinLike, dwellMs: number): void {
  if (dwellMs < MIN_DWELL_MS) return;
  const known = withHistory(pin);
  useEngagementStore
    .getState()
    .log({ pin: known.pin, type: 'dwell', query: known.query ?? '', dwellMs });
}
