import { describe, expect, it } from 'vitest';
import { EMBEDDING_DIM } from './embedding';
import { packHistory } from './history-pack';
import type { PreparedAction, PreparedHistory } from './prepare-history';

const unit = (i: number): Float32Array => {
  const v = new Float32Array(EMBEDDING_DIM);
  v[i] = 1;
  return v;
};

const action = (a: Partial<PreparedAction> & Pick<PreparedAction, 'pinId'>): PreparedAction => ({
  category: 'Food',
  rgb: [0, 0, 0],
  embedding: null,
  weight: 1,
  save: false,
  ...a,
});

const history = (positives: PreparedAction[], hides: PreparedAction[]): PreparedHistory => ({
  positives,
  hides,
  positiveWeight: positives.reduce((s, a) => s + a.weight, 0),
  categoryWeight: new Map(),
  hideCategoryWeight: new Map(),
  positiveIds: new Set(positives.map((a) => a.pinId)),
  hiddenIds: new Set(hides.map((a) => a.pinId)),
});

describe('packHistory', () => {
  const h = history(
    [
      action({ pinId: 'a', embedding: unit(0), weight: 2, save: true, rgb: [1, 2, 3] }),
      action({ pinId: 'b', weight: 0.5, rgb: [4, 5, 6] }),
      action({ pinId: 'c', embedding: unit(1), weight: 0.5, category: 'Animals', rgb: [7, 8, 9] }),
      action({ pinId: 'd', embedding: unit(2), weight: 1 }),
    ],
    [action({ pinId: 'x', embedding: unit(3), category: 'Animals' }), action({ pinId: 'y' })],
  );
  const packed = packHistory(h);

  it('packs the actions that have an embedding, row after row', () => {
    const { positives } = packed;
    expect(positives.count).toBe(3);
    expect(positives.vectors).toHaveLength(3 * EMBEDDING_DIM);
    expect([0, EMBEDDING_DIM + 1, 2 * EMBEDDING_DIM + 2].map((i) => positives.vectors[i])).toEqual([
      1, 1, 1,
    ]);
    expect(positives.vectors.reduce((s, x) => s + x, 0)).toBe(3);
    expect(Array.from(positives.weights)).toEqual([2, 0.5, 1]);
    expect(Array.from(positives.saves)).toEqual([1, 0, 0]);
    expect(packed.hides.count).toBe(1);
    expect(Array.from(packed.hides.vectors.slice(0, 4))).toEqual([0, 0, 0, 1]);
  });

  it('shifts log-weights by the largest, so the heaviest action is 0', () => {
    expect(Array.from(packed.positives.shiftedLogWeights)).toEqual([
      0,
      Math.log(0.5) - Math.log(2),
      -Math.log(2),
    ]);
  });

  it('turns the positives’ categories into small integers', () => {
    expect([...packed.categoryIds]).toEqual([
      ['Food', 0],
      ['Animals', 1],
    ]);
    expect(Array.from(packed.positives.categories)).toEqual([0, 1, 0]);
  });

  it('keeps every positive’s colour and weight, with or without an embedding', () => {
    expect(Array.from(packed.positiveRgb)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 0]);
    expect(Array.from(packed.positiveWeights)).toEqual([2, 0.5, 0.5, 1]);
  });

  it('packs one history once', () => {
    expect(packHistory(h)).toBe(packed);
    expect(packHistory(history(h.positives, h.hides))).not.toBe(packed);
  });
});
