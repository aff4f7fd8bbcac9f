import { describe, expect, it } from 'vitest';
import { collapseCopies, DEFAULT_DIVERSIFY, mmrReorder, titleKey } from './diversify';
import { THUMB_BYTES } from './perceptual';
import { visualIndexFromRows } from './visual-index';

const thumb = (v: number) => new Uint8Array(THUMB_BYTES).fill(v);
const ZERO = '0'.repeat(16);

describe('copy collapse', () => {
  const visual = visualIndexFromRows([
    { id: 'a', dhash: ZERO, thumb: thumb(0), leader: null },
    // the same picture as a, re-encoded: 1 dHash bit and 1 level apart
    { id: 'a2', dhash: '0'.repeat(15) + '1', thumb: thumb(1), leader: 'a' },
    { id: 'a3', dhash: ZERO, thumb: thumb(0), leader: 'a' },
    // a look-alike of a (close thumbnail, dHash 64 bits off): near, not the same picture
    { id: 'b', dhash: 'f'.repeat(16), thumb: thumb(1), leader: 'a' },
    { id: 'c', dhash: ZERO, thumb: thumb(120), leader: null },
  ]);

  it('folds the same picture under the same title into the first kept card', () => {
    const out = collapseCopies(
      [
        { id: 'a', title: 'Sleeping cat' },
        { id: 'c', title: 'Sleeping cat' },
        { id: 'a2', title: 'sleeping  CAT!' },
        { id: 'b', title: 'Sleeping cat' },
        { id: 'x', title: 'Sleeping cat' }, // no features: never folded
        { id: 'a3', title: 'Cat asleep' }, // the same picture, titled differently: kept
      ],
      visual,
    );
    expect(out.items.map((i) => i.id)).toEqual(['a', 'c', 'b', 'x', 'a3']);
    expect(out.collapsed).toBe(1);
    expect(out.folded.get('a')).toEqual(['a2']);
    expect(visual.membersOf('a')).toEqual(['a2', 'a3', 'b']);
  });

  it('compares titles without case, spacing or punctuation', () => {
    expect(titleKey('  Gatto — Cat! ')).toBe('gatto cat');
    expect(titleKey('Gatto Cat')).toBe('gatto cat');
    expect(titleKey('Ｃａｔ')).toBe('cat');
  });
});

describe('MMR reorder (visual near duplicates only)', () => {
  // Three look-alike stars score a little above a cat and a tree.
  const visual = visualIndexFromRows(
    ['s1', 's2', 's3', 'cat', 'tree'].map((id, i) => ({
      id,
      dhash: ZERO,
      thumb: thumb([10, 10, 10, 120, 200][i]!),
      leader: null,
    })),
  );
  const items = [
    { id: 's1', serverScore: 1.0 },
    { id: 's2', serverScore: 0.98 },
    { id: 's3', serverScore: 0.97 },
    { id: 'cat', serverScore: 0.9 },
    { id: 'tree', serverScore: 0.85 },
  ];
  const order = (o: Parameters<typeof mmrReorder>[2]) =>
    mmrReorder(items, visual, o).map((i) => i.id);

  it('moves different pins up between look-alikes, keeping the best match first', () => {
    expect(order({ lambda: 0.7, mmrDepth: 60, keepTop: 1 })).toEqual([
      's1',
      'cat',
      'tree',
      's2',
      's3',
    ]);
  });

  it('never moves the kept top', () => {
    expect(order({ lambda: 0.7, mmrDepth: 60, keepTop: 2 })).toEqual([
      's1',
      's2',
      'cat',
      'tree',
      's3',
    ]);
  });

  it('keeps a much better look-alike ahead of a weak different pin', () => {
    const weak = [...items.slice(0, 3), { id: 'cat', serverScore: 0.2 }];
    expect(
      mmrReorder(weak, visual, { lambda: 0.7, mmrDepth: 60, keepTop: 1 }).map((i) => i.id),
    ).toEqual(['s1', 's2', 's3', 'cat']);
  });

  it('as shipped, moves a look-alike only below a different card of nearly its score', () => {
    // A series of look-alikes sharing a liked tag is a row of relevant pins to a person: a
    // different card within ~5 % of the best score goes between them, a weaker one does not.
    const close = [
      { id: 's1', serverScore: 1.0 },
      { id: 's2', serverScore: 0.98 },
      { id: 'cat', serverScore: 0.95 },
      { id: 'tree', serverScore: 0.9 },
    ];
    expect(
      mmrReorder(close, visual, { ...DEFAULT_DIVERSIFY, keepTop: 1 }).map((i) => i.id),
    ).toEqual(['s1', 'cat', 's2', 'tree']);
  });

  it('leaves the order alone at λ = 1 and below the depth', () => {
    expect(order({ lambda: 1, mmrDepth: 60, keepTop: 0 })).toEqual(items.map((i) => i.id));
    expect(order({ lambda: 0.5, mmrDepth: 3, keepTop: 1 }).slice(3)).toEqual(['cat', 'tree']);
  });
});
