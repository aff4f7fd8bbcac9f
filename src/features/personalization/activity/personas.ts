/**
 * Persona presets for design reviews: each is a few real corpus queries. Loading
 * one fetches the top pins of those queries from the API and writes a ready
 * history (opens, dwell and saves, a few minutes apart), replacing the current one,
 * so a reviewer sees personalization at once.
 */
import type { Candidate } from '@/contract/api';
import type { EngagementEvent } from '@/ranking/engagement';
import { apiGet } from '@/lib/api-client/api-client';
import { loadContract } from '@/lib/api-client/load-contract';
import { eventFor } from '../store/engagement-log';

export interface Persona {
  id: string;
  label: string;
  description: string;
  queries: readonly string[];
}

export const PERSONAS: readonly Persona[] = [
  {
    id: 'food',
    label: 'Food lover',
    description: 'Opens and saves fruit, cakes, pizza and coffee.',
    queries: ['fruit', 'cake', 'pizza', 'coffee'],
  },
  {
    id: 'travel',
    label: 'Traveller',
    description: 'Opens and saves planes, trains, mountains and beaches.',
    queries: ['airplane', 'train', 'mountain', 'beach'],
  },
  {
    id: 'animals',
    label: 'Animal fan',
    description: 'Opens and saves cats, dogs, birds and fish.',
    queries: ['cat', 'dog', 'bird', 'fish'],
  },
];

/** Pins taken from each query; the first SAVES_PER_QUERY of them are also saved. */
export const PINS_PER_QUERY = 4;
const SAVES_PER_QUERY = 2;
const STEP_MS = 90_000;
const DWELL_MS = 6_000;

/** Events for a persona from the pins its queries returned, oldest first, ending at `nowMs`. */
export function personaEvents(
  results: readonly { query: string; items: readonly Candidate[] }[],
  nowMs: number,
): EngagementEvent[] {
  const picks = results.flatMap(({ query, items }) =>
    items.slice(0, PINS_PER_QUERY).map((pin, i) => ({ query, pin, save: i < SAVES_PER_QUERY })),
  );
  const events: EngagementEvent[] = [];
  picks.forEach(({ query, pin, save }, i) => {
    const at = nowMs - (picks.length - i) * STEP_MS;
    events.push(eventFor({ pin, type: 'click', query, at }));
    events.push(eventFor({ pin, type: 'dwell', query, at: at + DWELL_MS, dwellMs: DWELL_MS }));
    if (save) events.push(eventFor({ pin, type: 'save', query, at: at + DWELL_MS + 1 }));
  });
  return events;
}

export async function fetchPersonaEvents(
  persona: Persona,
  signal?: AbortSignal,
): Promise<EngagementEvent[]> {
  const results = await Promise.all(
    persona.queries.map(async (q) => {
      const page = await apiGet({
        path: '/search',
        params: { q, limit: PINS_PER_QUERY },
        schema: async () => (await loadContract()).SearchResponseSchema,
        signal,
      });
      return { query: q, items: page.items };
    }),
  );
  const events = personaEvents(results, Date.now());
  if (events.length === 0)
    throw new Error(`No pins found for ${persona.label} (${persona.queries.join(', ')}).`);
  return events;
}
