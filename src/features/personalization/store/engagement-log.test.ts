import { describe, expect, it } from 'vitest';
import { EngagementEventSchema, type EngagementEvent } from '@/ranking/engagement';
import { MAX_EVENT_TAGS } from '@/ranking/event-tags';
import {
  bounded,
  countByType,
  countModuleEvents,
  eventFor,
  idsOfType,
  mergeLogs,
  mergeModuleLogs,
  MAX_MODULE_EVENTS,
  withoutEvents,
} from './engagement-log';

const pin = {
  id: 'om-1f34e',
  category: 'Food & drink',
  dominantColor: '#d22f27',
  embedding: 'AAEC',
};

const ev = (type: EngagementEvent['type'], pinId: string, at: number): EngagementEvent => ({
  v: 1,
  type,
  pinId,
  at,
  query: 'q',
  category: 'c',
  dominantColor: '#000000',
  embedding: null,
});

describe('eventFor', () => {
  it('copies the pin’s category, colour and embedding into the event', () => {
    expect(eventFor({ pin, type: 'save', query: 'apple', at: 1000 })).toEqual({
      v: 1,
      type: 'save',
      pinId: 'om-1f34e',
      at: 1000,
      query: 'apple',
      category: 'Food & drink',
      dominantColor: '#d22f27',
      embedding: 'AAEC',
    });
  });

  it('rounds dwell and defaults a missing embedding to null', () => {
    const { embedding: _omit, ...noEmbedding } = pin;
    expect(
      eventFor({ pin: noEmbedding, type: 'dwell', query: '', at: 5, dwellMs: 1234.6 }),
    ).toEqual({
      v: 1,
      type: 'dwell',
      pinId: 'om-1f34e',
      at: 5,
      query: '',
      dwellMs: 1235,
      category: 'Food & drink',
      dominantColor: '#d22f27',
      embedding: null,
    });
  });
});

describe('eventFor: the pin’s tags', () => {
  /** 20 tags, more than an event keeps. */
  const many = Array.from({ length: 20 }, (_, i) => `tag ${i}`);

  it('copies the pin’s tags into the event', () => {
    const event = eventFor({
      pin: { ...pin, tags: ['apple', 'fruit'] },
      type: 'click',
      query: 'apple',
      at: 1,
    });
    expect(event.tags).toEqual(['apple', 'fruit']);
    // In the schema's key order (exports diff cleanly): after the embedding.
    expect(Object.keys(event).slice(-2)).toEqual(['embedding', 'tags']);
    expect(EngagementEventSchema.parse(event)).toEqual(event);
  });

  it(`keeps the first ${MAX_EVENT_TAGS} of a pin with more, so the event still parses`, () => {
    const event = eventFor({ pin: { ...pin, tags: many }, type: 'save', query: 'q', at: 1 });
    expect(MAX_EVENT_TAGS).toBe(16);
    expect(event.tags).toEqual(many.slice(0, 16));
    expect(EngagementEventSchema.safeParse(event).success).toBe(true);
    // The schema refuses more, so an uncut copy would break the export.
    expect(EngagementEventSchema.safeParse({ ...event, tags: many }).success).toBe(false);
  });

  it('leaves empty tags out, and has no `tags` for a pin without any', () => {
    expect(
      eventFor({ pin: { ...pin, tags: ['', 'apple', ''] }, type: 'hide', query: '', at: 1 }).tags,
    ).toEqual(['apple']);
    expect(
      eventFor({ pin: { ...pin, tags: [] }, type: 'click', query: '', at: 1 }),
    ).not.toHaveProperty('tags');
    expect(eventFor({ pin, type: 'click', query: '', at: 1 })).not.toHaveProperty('tags');
    expect(
      eventFor({ pin: { ...pin, tags: [''] }, type: 'click', query: '', at: 1 }),
    ).not.toHaveProperty('tags');
  });

  it('does not keep a reference to the pin’s own array', () => {
    const tags = ['apple'];
    const event = eventFor({ pin: { ...pin, tags }, type: 'click', query: '', at: 1 });
    tags.push('pear');
    expect(event.tags).toEqual(['apple']);
  });
});

describe('bounded', () => {
  it('keeps the newest events, oldest first', () => {
    const events = [1, 2, 3, 4].map((at) => ev('click', `p${at}`, at));
    expect(bounded(events, 2).map((e) => e.at)).toEqual([3, 4]);
    expect(bounded(events, 10)).toHaveLength(4);
  });
});

describe('mergeLogs', () => {
  it('orders by time and drops exact duplicates (same type, pin and time)', () => {
    const a = [ev('click', 'x', 10), ev('save', 'x', 30)];
    const b = [ev('click', 'y', 20), ev('click', 'x', 10)];
    expect(mergeLogs(a, b).map((e) => `${e.type}:${e.pinId}@${e.at}`)).toEqual([
      'click:x@10',
      'click:y@20',
      'save:x@30',
    ]);
  });

  it('stays within the bound after merging', () => {
    const a = [1, 2, 3].map((at) => ev('click', 'a', at));
    const b = [4, 5].map((at) => ev('click', 'b', at));
    expect(mergeLogs(a, b, 3).map((e) => e.at)).toEqual([3, 4, 5]);
  });
});

describe('withoutEvents / idsOfType / countByType', () => {
  const log = [
    ev('save', 'a', 1),
    ev('click', 'a', 2),
    ev('save', 'b', 3),
    ev('hide', 'c', 4),
    ev('save', 'a', 5),
  ];

  it('retracts every event of one type for one pin', () => {
    expect(
      withoutEvents(log, { pinId: 'a', type: 'save' }).map((e) => `${e.type}:${e.pinId}`),
    ).toEqual(['click:a', 'save:b', 'hide:c']);
  });

  it('collects ids by type and counts events', () => {
    expect([...idsOfType(log, 'save')]).toEqual(['a', 'b']);
    expect([...idsOfType(log, 'hide')]).toEqual(['c']);
    expect(countByType(log)).toEqual({ click: 1, save: 3, hide: 1, dwell: 0 });
  });
});

describe('module events and saved pictures', () => {
  const display = {
    title: 'Apple',
    imageUrl: '/a.webp',
    imageUrl2x: '/a2.webp',
    width: 10,
    height: 12,
  };

  it('keeps what a save draws, and only for a save', () => {
    expect(
      eventFor({ pin: { ...pin, display }, type: 'save', query: 'apple', at: 1 }).display,
    ).toEqual(display);
    expect(
      eventFor({ pin: { ...pin, display }, type: 'click', query: 'apple', at: 1 }),
    ).not.toHaveProperty('display');
  });

  it('merges module logs without duplicates, by time, bounded apart from the pin events', () => {
    const view = (at: number) =>
      ({ v: 1, type: 'module-view', kind: 'watch', query: 'rain', at, slot: 0 }) as const;
    const merged = mergeModuleLogs([view(3), view(1)], [view(1), view(2)]);
    expect(merged.map((e) => e.at)).toEqual([1, 2, 3]);
    const many = Array.from({ length: MAX_MODULE_EVENTS + 5 }, (_, i) => view(i));
    expect(mergeModuleLogs([], many)[0]!.at).toBe(5);
    expect(
      countModuleEvents([view(1), { ...view(2), type: 'module-click', action: 'open' }]),
    ).toEqual({ views: 1, clicks: 1 });
  });
});
