import { describe, expect, it } from 'vitest';
import { fixtureCandidates, fixtureHistory, FIXTURE_NOW_MS } from '../../bench/lib/rerank-fixtures';
import { EMBEDDING_DIM, encodeEmbedding } from './embedding';
import type { EngagementEvent } from './engagement';
import {
  buildSequenceInputs,
  buildSequenceInputsPrepared,
  colourBucket,
  packedInputLength,
  packSequenceInputs,
  prepareSequence,
  unpackSequenceInputs,
} from './sequence-inputs';
import {
  CANDIDATE_FEATURE_COUNT,
  CANDIDATE_FEATURE_INDEX as F,
  CATEGORY_SLOTS,
  EVENT_META_INDEX as M,
  EVENT_WIDTH,
  ITEM_LAYOUT,
  ITEM_WIDTH,
  SEQUENCE_LENGTH,
} from './sequence-spec';

const DAY = 24 * 3600_000;

function event(
  partial: Partial<EngagementEvent> & Pick<EngagementEvent, 'type' | 'at'>,
): EngagementEvent {
  return {
    v: 1,
    pinId: 'p',
    query: 'q',
    category: 'Food',
    dominantColor: '#ff0000',
    embedding: encodeEmbedding(Array.from({ length: EMBEDDING_DIM }, (_, i) => (i === 0 ? 1 : 0))),
    ...partial,
  };
}

const meta = (history: Float32Array, k: number, name: keyof typeof M) =>
  history[k * EVENT_WIDTH + ITEM_WIDTH + M[name]];

describe('colourBucket', () => {
  it('separates black, grey, white and hue sectors', () => {
    expect(colourBucket('#000000')).toBe(0);
    expect(colourBucket('#808080')).toBe(1);
    expect(colourBucket('#ffffff')).toBe(2);
    expect(colourBucket('#ff0000')).toBe(3);
    expect(colourBucket('#00ff00')).toBe(6);
    expect(colourBucket('#0000ff')).toBe(9);
    expect(colourBucket('not a colour')).toBe(0);
  });
});

describe('prepareSequence', () => {
  it('keeps the last SEQUENCE_LENGTH events before now, newest first, with type, recency and weights', () => {
    const now = FIXTURE_NOW_MS;
    const history = [
      event({ type: 'click', at: now - 3 * DAY, pinId: 'old' }),
      event({ type: 'dwell', at: now - 3 * DAY + 1, dwellMs: 15_000, pinId: 'old' }),
      event({ type: 'hide', at: now - 60_000, pinId: 'hidden', category: 'Flags' }),
      event({ type: 'save', at: now + 1000, pinId: 'future' }),
    ];
    const s = prepareSequence(history, now);
    expect(s.events).toBe(3);
    expect(s.pinIds).toEqual(['hidden', 'old', 'old']);
    const h = s.history;
    expect(meta(h, 0, 'hide')).toBe(1);
    expect(meta(h, 0, 'hide_weight')).toBeGreaterThan(0.99);
    expect(meta(h, 0, 'positive_weight')).toBe(0);
    expect(meta(h, 1, 'dwell')).toBe(1);
    expect(meta(h, 1, 'dwell_fraction')).toBeCloseTo(0.5, 6);
    expect(meta(h, 2, 'click')).toBe(1);
    // Three days old: half weight (the recency half-life), a long way from this session.
    expect(meta(h, 2, 'recency')).toBeCloseTo(0.5, 4);
    expect(meta(h, 2, 'positive_weight')).toBeCloseTo(0.5, 4);
    expect(meta(h, 2, 'session')).toBeLessThan(1e-6);
    for (let k = 0; k < 3; k++) expect(meta(h, k, 'valid')).toBe(1);
    for (let k = 3; k < SEQUENCE_LENGTH; k++)
      expect(
        Array.from(h.subarray(k * EVENT_WIDTH, (k + 1) * EVENT_WIDTH)).every((v) => v === 0),
      ).toBe(true);
    // Category slots follow recency: the newest event's category gets slot 0.
    expect(s.categorySlots.get('Flags')).toBe(0);
    expect(s.categorySlots.get('Food')).toBe(1);
    expect(h[ITEM_LAYOUT.category.start + 0]).toBe(1);
    expect(h[EVENT_WIDTH + ITEM_LAYOUT.category.start + 1]).toBe(1);
    // Unit embedding in the first columns.
    expect(h[EVENT_WIDTH]).toBeCloseTo(1, 6);
  });

  it('never sends a denormal float (a week-old event’s session weight is 0, not exp(−336))', () => {
    const now = FIXTURE_NOW_MS;
    const s = prepareSequence([event({ type: 'click', at: now - 7 * DAY })], now);
    expect(meta(s.history, 0, 'session')).toBe(0);
    expect(meta(s.history, 0, 'recency')).toBeCloseTo(2 ** (-7 / 3), 6);
    const history = fixtureHistory(FIXTURE_NOW_MS, 5, 64);
    const all = prepareSequence(history, FIXTURE_NOW_MS).history;
    expect(all.every((v) => v === 0 || Math.abs(v) >= 1.1754943508222875e-38)).toBe(true);
  });

  it('caps the window and the category slots', () => {
    const history = fixtureHistory(FIXTURE_NOW_MS, 5, 100).map((e, i) => ({
      ...e,
      category: `c${i}`,
    }));
    const s = prepareSequence(history, FIXTURE_NOW_MS);
    expect(s.events).toBe(SEQUENCE_LENGTH);
    expect(s.categorySlots.size).toBe(CATEGORY_SLOTS);
  });
});

describe('buildSequenceInputs', () => {
  it('fills candidate features, embeddings and the history’s category slot', () => {
    const candidates = fixtureCandidates(12);
    const history = fixtureHistory(FIXTURE_NOW_MS);
    const x = buildSequenceInputs({
      candidates,
      history,
      nowMs: FIXTURE_NOW_MS,
      query: 'red apple',
    });
    expect(x.rows).toBe(12);
    expect(x.features).toHaveLength(12 * CANDIDATE_FEATURE_COUNT);
    expect(x.items).toHaveLength(12 * ITEM_WIDTH);
    expect(x.events).toBe(history.length);
    const f = (r: number, name: keyof typeof F) =>
      x.features[r * CANDIDATE_FEATURE_COUNT + F[name]];
    expect(f(0, 'server_score')).toBe(1);
    expect(f(11, 'server_score')).toBe(0);
    expect(f(0, 'log_rank')).toBe(0);
    expect(f(10, 'log_rank')).toBeCloseTo(Math.log(11) / Math.log(101), 6);
    expect(f(0, 'query_title_match')).toBe(1); // "Red apple"
    expect(f(10, 'has_embedding')).toBe(0); // the fixture leaves every 11th embedding out
    expect(
      Array.from(x.items.subarray(10 * ITEM_WIDTH, 10 * ITEM_WIDTH + EMBEDDING_DIM)).every(
        (v) => v === 0,
      ),
    ).toBe(true);
    let norm = 0;
    for (let d = 0; d < EMBEDDING_DIM; d++) norm += (x.items[d] as number) ** 2;
    expect(norm).toBeCloseTo(1, 5);
    const prepared = prepareSequence(history, FIXTURE_NOW_MS);
    candidates.forEach((c, r) => {
      const slot = prepared.categorySlots.get(c.category);
      const slots = Array.from(
        x.items.subarray(
          r * ITEM_WIDTH + ITEM_LAYOUT.category.start,
          r * ITEM_WIDTH + ITEM_LAYOUT.category.end,
        ),
      );
      expect(slots.reduce((a, b) => a + b, 0)).toBe(slot === undefined ? 0 : 1);
      if (slot !== undefined) expect(slots[slot]).toBe(1);
      expect(
        x.items[r * ITEM_WIDTH + ITEM_LAYOUT.colour.start + colourBucket(c.dominantColor)],
      ).toBe(1);
    });
  });

  it('picks rows out of a pool and normalizes over the whole pool', () => {
    const pool = fixtureCandidates(300);
    const prepared = prepareSequence(fixtureHistory(FIXTURE_NOW_MS), FIXTURE_NOW_MS);
    const all = buildSequenceInputsPrepared(pool, prepared, 'red apple');
    const some = buildSequenceInputsPrepared(pool, prepared, 'red apple', [250, 3, 0]);
    expect(some.rows).toBe(3);
    [250, 3, 0].forEach((rank, r) => {
      expect(
        Array.from(
          some.features.subarray(r * CANDIDATE_FEATURE_COUNT, (r + 1) * CANDIDATE_FEATURE_COUNT),
        ),
      ).toEqual(
        Array.from(
          all.features.subarray(
            rank * CANDIDATE_FEATURE_COUNT,
            (rank + 1) * CANDIDATE_FEATURE_COUNT,
          ),
        ),
      );
      expect(Array.from(some.items.subarray(r * ITEM_WIDTH, (r + 1) * ITEM_WIDTH))).toEqual(
        Array.from(all.items.subarray(rank * ITEM_WIDTH, (rank + 1) * ITEM_WIDTH)),
      );
    });
  });

  it('an empty history gives an all-zero sequence', () => {
    const x = buildSequenceInputs({
      candidates: fixtureCandidates(3),
      history: [],
      nowMs: FIXTURE_NOW_MS,
    });
    expect(x.events).toBe(0);
    expect(x.history.every((v) => v === 0)).toBe(true);
  });
});

describe('packed inputs', () => {
  it('round-trips the three tensors through one buffer', () => {
    const x = buildSequenceInputs({
      candidates: fixtureCandidates(7),
      history: fixtureHistory(FIXTURE_NOW_MS),
      nowMs: FIXTURE_NOW_MS,
      query: 'red apple',
    });
    const packed = packSequenceInputs(x);
    expect(packed).toHaveLength(packedInputLength(7));
    const back = unpackSequenceInputs(packed, 7);
    expect(back).toEqual({ ...x, features: x.features, items: x.items, history: x.history });
    expect(() => unpackSequenceInputs(packed, 6)).toThrow(/packed input values/);
  });
});
