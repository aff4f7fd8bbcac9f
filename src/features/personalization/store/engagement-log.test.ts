import { describe, expect, it } from 'vitest';
import type { EngagementEvent } from '@/ranking/engagement';
import {
  bounded,
  countByType,
  eventFor,
  idsOfType,
  mergeLogs,
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
