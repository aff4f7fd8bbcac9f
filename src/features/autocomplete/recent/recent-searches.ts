/**
 * The person's recent searches, kept on the device only: most recent first, one entry per
 * query (compared case-insensitively), bounded. Pure list operations; the store persists them.
 */
import { MAX_QUERY_LENGTH } from '@/contract/constants';

export const MAX_RECENT_SEARCHES = 10;

export interface RecentSearch {
  text: string;
  /** When it was last searched (ms since the epoch). */
  at: number;
}

const sameQuery = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function normalizeRecentText(text: string): string {
  return text.trim().replace(/\s+/g, ' ').slice(0, MAX_QUERY_LENGTH);
}

export function addRecent(list: readonly RecentSearch[], text: string, at: number): RecentSearch[] {
  const normalized = normalizeRecentText(text);
  if (!normalized) return [...list];
  return [
    { text: normalized, at },
    ...list.filter((item) => !sameQuery(item.text, normalized)),
  ].slice(0, MAX_RECENT_SEARCHES);
}

export function removeRecent(list: readonly RecentSearch[], text: string): RecentSearch[] {
  return list.filter((item) => !sameQuery(item.text, text));
}

/**
 * Whatever localStorage held, as a valid list: storage is shared with other code and other
 * versions of this app, so nothing read back is trusted.
 */
export function sanitizeRecent(value: unknown): RecentSearch[] {
  if (!Array.isArray(value)) return [];
  let list: RecentSearch[] = [];
  // Oldest first through addRecent, so duplicates keep their newest entry and the bound holds.
  for (const item of [...value].reverse()) {
    if (typeof item !== 'object' || item === null) continue;
    const { text, at } = item as { text?: unknown; at?: unknown };
    if (typeof text !== 'string') continue;
    list = addRecent(list, text, typeof at === 'number' && Number.isFinite(at) ? at : 0);
  }
  return list;
}
