/**
 * Pure operations on the engagement log (a time-ordered list of events, oldest
 * first). No React, no storage: the zustand store calls these.
 */
import type { Pin } from '@/contract/api';
import type { EngagementEvent, EngagementType } from '@/ranking/engagement';
import { firstTags } from '@/ranking/event-tags';
import type { ModuleEvent } from '@/ranking/module-engagement';

/** The log keeps the most recent events only: the features look at the last 32 actions anyway. */
export const MAX_EVENTS = 500;
/**
 * Module views and clicks are kept apart from the pin events, with their own bound, so a long
 * browse of pages with modules never pushes out the saves and opens the pin reranker reads.
 */
export const MAX_MODULE_EVENTS = 500;
const SCHEMA_VERSION = 1;

/** A pin as the grid knows it: at run time a Candidate, which also carries its embedding. */
export type EngagedPin = Pick<Pin, 'id' | 'category' | 'dominantColor'> & {
  embedding?: string | null;
  /**
   * The pin's own tags (a full pin's, or a pool candidate's first ones): the event keeps the first
   * MAX_EVENT_TAGS (ranking/event-tags.ts), non-empty ones only, and none when there are none.
   */
  tags?: readonly string[];
  /** What a save keeps to draw the pin in "From your saves" (EngagementEvent.display). */
  display?: EngagementEvent['display'];
};

export function eventFor({
  pin,
  type,
  query,
  at,
  dwellMs,
}: {
  pin: EngagedPin;
  type: EngagementType;
  query: string;
  at: number;
  dwellMs?: number;
}): EngagementEvent {
  const tags = firstTags(pin.tags ?? []);
  return {
    v: SCHEMA_VERSION,
    type,
    pinId: pin.id,
    at,
    query,
    ...(dwellMs === undefined ? {} : { dwellMs: Math.round(dwellMs) }),
    category: pin.category,
    dominantColor: pin.dominantColor,
    embedding: pin.embedding ?? null,
    ...(tags.length ? { tags } : {}),
    ...(type === 'save' && pin.display ? { display: pin.display } : {}),
  };
}

/** Keeps the newest `max` events, oldest first. */
export function bounded(events: readonly EngagementEvent[], max = MAX_EVENTS): EngagementEvent[] {
  return events.length <= max ? [...events] : events.slice(events.length - max);
}

const identity = (e: EngagementEvent) => `${e.type}\u0000${e.pinId}\u0000${e.at}`;
const moduleIdentity = (e: ModuleEvent) => `${e.type}\u0000${e.kind}\u0000${e.at}\u0000${e.slot}`;

/** Union of two time-ordered logs without duplicates (same key), the newest `max` kept. */
function mergeTimed<T extends { at: number }>(
  a: readonly T[],
  b: readonly T[],
  key: (e: T) => string,
  max: number,
): T[] {
  const seen = new Set<string>();
  const merged = [...a, ...b].filter((e) => {
    const k = key(e);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  // Stable: equal times keep their input order.
  merged.sort((x, y) => x.at - y.at);
  return merged.length <= max ? merged : merged.slice(merged.length - max);
}

/**
 * Union of two logs, time-ordered, without duplicates (same type, pin and time):
 * importing a file twice, or hydrating over events logged before storage answered,
 * changes nothing the second time.
 */
export const mergeLogs = (
  a: readonly EngagementEvent[],
  b: readonly EngagementEvent[],
  max = MAX_EVENTS,
): EngagementEvent[] => mergeTimed(a, b, identity, max);

/** mergeLogs for module events (same type, kind, time and slot), with their own bound. */
export const mergeModuleLogs = (
  a: readonly ModuleEvent[],
  b: readonly ModuleEvent[],
  max = MAX_MODULE_EVENTS,
): ModuleEvent[] => mergeTimed(a, b, moduleIdentity, max);

export function withoutEvents(
  events: readonly EngagementEvent[],
  { pinId, type }: { pinId: string; type: EngagementType },
): EngagementEvent[] {
  return events.filter((e) => !(e.pinId === pinId && e.type === type));
}

export function idsOfType(events: readonly EngagementEvent[], type: EngagementType): Set<string> {
  const ids = new Set<string>();
  for (const e of events) if (e.type === type) ids.add(e.pinId);
  return ids;
}

export function countByType(events: readonly EngagementEvent[]): Record<EngagementType, number> {
  const counts: Record<EngagementType, number> = { click: 0, save: 0, hide: 0, dwell: 0 };
  for (const e of events) counts[e.type] += 1;
  return counts;
}

/** Module views and clicks (a click counts the module's tiles opened and scrolls). */
export function countModuleEvents(events: readonly ModuleEvent[]): {
  views: number;
  clicks: number;
} {
  let views = 0;
  for (const e of events) if (e.type === 'module-view') views += 1;
  return { views, clicks: events.length - views };
}
