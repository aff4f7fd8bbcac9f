import { describe, expect, it } from 'vitest';
import { EMBEDDING_DIM, encodeEmbedding } from './embedding';
import type { EngagementEvent } from './engagement';
import { HISTORY_WINDOW, RECENCY_HALF_LIFE_MS } from './feature-spec';
import { actionWeight, prepareHistory, recencyWeight } from './prepare-history';

const NOW = 1_750_000_000_000;

const event = (
  e: Partial<EngagementEvent> & Pick<EngagementEvent, 'type' | 'pinId' | 'at'>,
): EngagementEvent => ({
  v: 1,
  query: 'fruit',
  category: 'Food',
  dominantColor: '#ff0000',
  embedding: null,
  ...e,
});

describe('recencyWeight', () => {
  it('halves every RECENCY_HALF_LIFE_MS and counts the future as now', () => {
    expect(recencyWeight(NOW, NOW)).toBe(1);
    expect(recencyWeight(NOW - RECENCY_HALF_LIFE_MS, NOW)).toBe(0.5);
    expect(recencyWeight(NOW - 2 * RECENCY_HALF_LIFE_MS, NOW)).toBe(0.25);
    expect(recencyWeight(NOW + 1_000, NOW)).toBe(1);
  });
});

describe('actionWeight', () => {
  it.each<[Partial<EngagementEvent> & Pick<EngagementEvent, 'type'>, number]>([
    [{ type: 'click' }, 1],
    [{ type: 'save' }, 2],
    [{ type: 'dwell', dwellMs: 15_000 }, 0.5],
    [{ type: 'dwell', dwellMs: 60_000 }, 1],
    [{ type: 'dwell' }, 0],
    [{ type: 'hide' }, 0],
  ])('%j weighs %d', (e, weight) => {
    expect(actionWeight(event({ pinId: 'p', at: NOW, ...e }))).toBe(weight);
  });
});

describe('prepareHistory', () => {
  it('keeps only the last K positive actions', () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      event({ type: 'click', pinId: `p${i}`, at: NOW - i }),
    );
    expect(prepareHistory(many, NOW).positives.map((a) => a.pinId)).toEqual(
      Array.from({ length: HISTORY_WINDOW }, (_, i) => `p${i}`),
    );
  });

  it('splits positives from hides, newest first, and never sees the future', () => {
    const v = new Array<number>(EMBEDDING_DIM).fill(0);
    v[0] = 3;
    const h = prepareHistory(
      [
        event({
          type: 'click',
          pinId: 'a',
          at: NOW - RECENCY_HALF_LIFE_MS,
          embedding: encodeEmbedding(v),
        }),
        event({ type: 'save', pinId: 'b', at: NOW, category: 'Animals', dominantColor: '#0080ff' }),
        event({ type: 'hide', pinId: 'c', at: NOW, category: 'Animals' }),
        event({ type: 'dwell', pinId: 'd', at: NOW, dwellMs: 0 }),
        event({ type: 'save', pinId: 'e', at: NOW + 1 }),
      ],
      NOW,
    );
    expect(h.positives.map((a) => [a.pinId, a.weight, a.save, a.rgb])).toEqual([
      ['b', 2, true, [0, 128, 255]],
      ['a', 0.5, false, [255, 0, 0]],
    ]);
    expect(Array.from(h.positives[1]!.embedding!.slice(0, 2))).toEqual([1, 0]);
    expect(h.positives[0]!.embedding).toBeNull();
    expect(h.hides.map((a) => [a.pinId, a.weight])).toEqual([['c', 1]]);
    expect(h.positiveWeight).toBe(2.5);
    expect([...h.categoryWeight]).toEqual([
      ['Animals', 2],
      ['Food', 0.5],
    ]);
    expect([...h.hideCategoryWeight]).toEqual([['Animals', 1]]);
    expect([...h.positiveIds]).toEqual(['b', 'a']);
    expect([...h.hiddenIds]).toEqual(['c']);
  });
});
