import { describe, expect, it } from 'vitest';
import { fixtureCandidates, FIXTURE_NOW_MS } from '../../bench/lib/rerank-fixtures';
import type { EngagementEvent } from './engagement';
import { buildSequenceInputs } from './sequence-inputs';
import {
  CANDIDATE_FEATURE_COUNT,
  CANDIDATE_FEATURE_INDEX as F,
  TAG_FEATURE_MAX,
} from './sequence-spec';
import {
  historyTagWeights,
  listTagFeatures,
  tagSpecificity,
  type HistoryTagWeights,
} from './tag-affinity';

/** Tag → [positive, hide] of the history's weights, for readable expectations. */
const byTag = (w: HistoryTagWeights) =>
  Object.fromEntries([...w.index].map(([t, i]) => [t, [w.positive[i], w.hide[i]]]));
/** [tag_affinity, tag_hidden] per candidate. */
const pairs = (values: Float32Array) =>
  Array.from({ length: values.length / 2 }, (_, r) => [values[r * 2]!, values[r * 2 + 1]!]);

describe('historyTagWeights', () => {
  it('sums each tag’s positive and hide weight over the events whose pin carries it', () => {
    const w = historyTagWeights([
      { tags: ['mammal', 'cat', 'mammal'], positiveWeight: 2, hideWeight: 0 },
      { tags: ['mammal', 'dog'], positiveWeight: 1, hideWeight: 0 },
      { tags: ['spider'], positiveWeight: 0, hideWeight: 0.5 },
      { positiveWeight: 3, hideWeight: 0 },
    ]);
    expect(w).not.toBeNull();
    // A tag twice on one pin counts once.
    expect(byTag(w!)).toEqual({ mammal: [3, 0], cat: [2, 0], dog: [1, 0], spider: [0, 0.5] });
    // Untagged events still count in the denominator: their share is "no tag".
    expect(w!.totalPositive).toBe(6);
  });

  it('is null for a history whose events carry no tags (a log from before tags were kept)', () => {
    expect(historyTagWeights([{ positiveWeight: 1, hideWeight: 0 }])).toBeNull();
    expect(historyTagWeights([])).toBeNull();
  });
});

describe('listTagFeatures', () => {
  const history = historyTagWeights([
    { tags: ['mammal', 'animal'], positiveWeight: 3, hideWeight: 0 },
    { tags: ['bird'], positiveWeight: 1, hideWeight: 0 },
    { tags: ['spider'], positiveWeight: 0, hideWeight: 1 },
  ])!;

  it('weighs a shared tag by the history’s share on it, its specificity and its rarity in the list', () => {
    const list = [
      { tags: ['animal', 'mammal'], tagPins: [600, 24] },
      { tags: ['animal', 'bird'], tagPins: [600, 48] },
      { tags: ['animal'], tagPins: [600] },
      { tags: ['animal', 'spider', 'spider'], tagPins: [600, 12, 12] },
    ];
    // "animal" is on the whole list: it tells the candidates apart not at all. "mammal" is on a
    // quarter of it, specificity 1/2; "bird" on a quarter, specificity 1/3.
    const [mammal, bird, animal, spider] = pairs(listTagFeatures(list, history));
    expect(mammal![0]).toBeCloseTo((3 / 4) * 0.5 * 0.75, 6);
    expect(mammal![1]).toBe(0);
    expect(bird![0]).toBeCloseTo((1 / 4) * (1 / 3) * 0.75, 6);
    expect(animal).toEqual([0, 0]);
    // A tag twice on a pin counts once.
    expect(spider![0]).toBe(0);
    expect(spider![1]).toBeCloseTo(Math.log1p(1 * (1 / 1.5) * 0.75), 6);
  });

  it('scores only the rows asked for, with shares over the whole list', () => {
    const list = [
      { tags: ['mammal'], tagPins: [24] },
      { tags: ['mammal'], tagPins: [24] },
      { tags: ['bird'], tagPins: [24] },
      { tags: ['other'], tagPins: [24] },
    ];
    const all = pairs(listTagFeatures(list, history));
    expect(pairs(listTagFeatures(list, history, [2, 0]))).toEqual([all[2], all[0]]);
    // Half the list carries "mammal".
    expect(all[0]![0]).toBeCloseTo((3 / 4) * 0.5 * 0.5, 6);
  });

  it('counts a tag whose pin count the server did not send as a tag on 24 pins', () => {
    expect(tagSpecificity(undefined)).toBe(0.5);
    expect(tagSpecificity(Number.NaN)).toBe(0.5);
    expect(tagSpecificity(0)).toBe(1);
    const affinity = pairs(listTagFeatures([{ tags: ['mammal'] }, {}], history))[0]![0];
    expect(affinity).toBeCloseTo((3 / 4) * 0.5 * 0.5, 6);
  });

  it('is capped, and 0 for a candidate without tags', () => {
    const tens = historyTagWeights(
      Array.from({ length: 10 }, (_, i) => ({ tags: [`t${i}`], positiveWeight: 1, hideWeight: 0 })),
    )!;
    const many = {
      tags: Array.from({ length: 10 }, (_, i) => `t${i}`),
      tagPins: Array(10).fill(0),
    };
    // Σ of 10 shares of 1/10 at specificity 1, each tag on half the list: 0.5, under the cap.
    expect(pairs(listTagFeatures([many, {}], tens))[0]![0]).toBeCloseTo(0.5, 6);
    const heavy = historyTagWeights([
      { tags: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], positiveWeight: 1, hideWeight: 0 },
    ])!;
    const all8 = { tags: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], tagPins: Array(8).fill(0) };
    const list = [all8, ...Array.from({ length: 9 }, () => ({}))];
    // 8 tags × share 1 × specificity 1 × (1 − 1/10) = 7.2, capped.
    expect(pairs(listTagFeatures(list, heavy))[0]![0]).toBe(TAG_FEATURE_MAX);
    expect(pairs(listTagFeatures(list, heavy))[1]).toEqual([0, 0]);
  });
});

describe('tag features in the sequence inputs', () => {
  const candidates = fixtureCandidates(6).map((c, i) => ({
    ...c,
    tags: i === 4 ? ['animal', 'mammal'] : ['animal'],
    tagPins: i === 4 ? [900, 30] : [900],
  }));
  const saved = (tags?: string[]): EngagementEvent => ({
    v: 1,
    type: 'save',
    pinId: 'kitten',
    at: FIXTURE_NOW_MS - 60_000,
    query: 'mammal',
    category: 'Animals',
    dominantColor: '#888888',
    embedding: null,
    ...(tags ? { tags } : {}),
  });
  const column = (features: Float32Array, f: number) =>
    Array.from(
      { length: features.length / CANDIDATE_FEATURE_COUNT },
      (_, r) => features[r * CANDIDATE_FEATURE_COUNT + f],
    );

  it('lift only the candidate that shares a telling tag with a saved pin', () => {
    const x = buildSequenceInputs({
      candidates,
      history: [saved(['mammal', 'cat', 'animal'])],
      nowMs: FIXTURE_NOW_MS,
      query: 'animal',
    });
    const affinity = column(x.features, F.tag_affinity);
    expect(affinity.filter((v) => v! > 0)).toHaveLength(1);
    expect(affinity[4]).toBeGreaterThan(0);
    expect(column(x.features, F.tag_hidden).every((v) => v === 0)).toBe(true);
  });

  it('are 0 on a cold start and for a log without tags', () => {
    for (const history of [[], [saved()]]) {
      const x = buildSequenceInputs({
        candidates,
        history,
        nowMs: FIXTURE_NOW_MS,
        query: 'animal',
      });
      expect(column(x.features, F.tag_affinity).every((v) => v === 0)).toBe(true);
      expect(column(x.features, F.tag_hidden).every((v) => v === 0)).toBe(true);
    }
  });
});
