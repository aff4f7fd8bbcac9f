/**
 * Real engagement logs have no impression log: rebuild one. Consecutive events under the same
 * query (within SESSION_GAP_MS) are one visit to that query's results; we re-run the query on
 * the engine to get the page the user most likely saw and mark what they clicked, saved and hid.
 */
import { DEFAULT_PAGE_SIZE } from '@/contract/api';
import type { EngagementEvent } from '@/ranking/engagement';
import type { SearchEngine } from '@/server/engine/types';
import type { Corpus } from '../simulate/corpus';
import type { Impression } from '../simulate/impressions';

export const SESSION_GAP_MS = 30 * 60_000;

export function impressionsFromEvents(
  events: readonly EngagementEvent[],
  engine: SearchEngine,
  corpus: Corpus,
  user: string,
): Impression[] {
  const sorted = [...events].filter((e) => e.query.trim() !== '').sort((a, b) => a.at - b.at);
  const groups: EngagementEvent[][] = [];
  for (const e of sorted) {
    const last = groups[groups.length - 1];
    const prev = last?.[last.length - 1];
    if (last && prev && prev.query === e.query && e.at - prev.at <= SESSION_GAP_MS) last.push(e);
    else groups.push([e]);
  }
  const impressions: Impression[] = [];
  for (const group of groups) {
    const first = group[0] as EngagementEvent;
    const page = engine.search({ q: first.query, refine: [], offset: 0, limit: DEFAULT_PAGE_SIZE });
    const items = page.items.filter((c) => corpus.byId.has(c.id));
    const position = new Map(items.map((c, i) => [c.id, i]));
    const mark = (types: EngagementEvent['type'][]) => [
      ...new Set(
        group.filter((e) => types.includes(e.type)).flatMap((e) => position.get(e.pinId) ?? []),
      ),
    ];
    const clicked = mark(['click', 'dwell', 'save']);
    const saved = mark(['save']);
    const hidden = mark(['hide']).filter((i) => !clicked.includes(i));
    if (clicked.length + hidden.length === 0) continue;
    const dwellMs = clicked.map((i) =>
      group
        .filter((e) => e.type === 'dwell' && position.get(e.pinId) === i)
        .reduce((ms, e) => ms + (e.dwellMs ?? 0), 0),
    );
    impressions.push({
      user,
      at: first.at - 1,
      query: first.query,
      items: items.map((c) => ({
        id: c.id,
        serverScore: c.serverScore,
        lexicalScore: c.lexicalScore,
        semanticScore: c.semanticScore,
      })),
      clicked,
      saved,
      hidden,
      dwellMs,
    });
  }
  return impressions;
}
