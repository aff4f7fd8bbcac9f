import { describe, expect, it } from 'vitest';
import type { Candidate } from '@/contract/api';
import { PERSONAS, personaEvents } from './personas';

const candidate = (id: string, category: string): Candidate =>
  ({ id, category, dominantColor: '#ffcc4d', embedding: null }) as Candidate;

describe('personaEvents', () => {
  it('opens (with a dwell) the first four pins of each query and saves the first two, oldest first', () => {
    const now = 10_000_000;
    const events = personaEvents(
      [
        {
          query: 'fruit',
          items: ['a', 'b', 'c', 'd', 'e'].map((id) => candidate(id, 'Food & drink')),
        },
        { query: 'cake', items: [candidate('f', 'Food & drink')] },
      ],
      now,
    );
    expect(events.map((e) => `${e.type}:${e.pinId}:${e.query}`)).toEqual([
      'click:a:fruit',
      'dwell:a:fruit',
      'save:a:fruit',
      'click:b:fruit',
      'dwell:b:fruit',
      'save:b:fruit',
      'click:c:fruit',
      'dwell:c:fruit',
      'click:d:fruit',
      'dwell:d:fruit',
      'click:f:cake',
      'dwell:f:cake',
      'save:f:cake',
    ]);
    // Five picks, 90 s apart, the last one 90 s before now: nothing in the future.
    expect(events[0]!.at).toBe(now - 5 * 90_000);
    expect(events.at(-1)!.at).toBe(now - 90_000 + 6_001);
    expect(events.every((e, i) => i === 0 || e.at >= events[i - 1]!.at)).toBe(true);
    expect(events.find((e) => e.type === 'dwell')!.dwellMs).toBe(6_000);
  });

  it('copies each pin’s tags (the search answer’s full pins) into its events', () => {
    const tagged = { ...candidate('a', 'Food & drink'), tags: ['apple', 'fruit'] };
    const events = personaEvents([{ query: 'fruit', items: [tagged] }], 10_000_000);
    expect(events.map((e) => [e.type, e.tags])).toEqual([
      ['click', ['apple', 'fruit']],
      ['dwell', ['apple', 'fruit']],
      ['save', ['apple', 'fruit']],
    ]);
  });

  it('defines each persona by a few real queries', () => {
    expect(PERSONAS.map((p) => [p.label, p.queries.length])).toEqual([
      ['Food lover', 4],
      ['Traveller', 4],
      ['Animal fan', 4],
    ]);
  });
});
