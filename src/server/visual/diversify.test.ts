import { describe, expect, it } from 'vitest';
import { encodeEmbedding } from '@/ranking/embedding';
import { collapseNearDuplicates, mmrReorder } from './diversify';
import { THUMB_BYTES } from './perceptual';
import { visualIndexFromRows } from './visual-index';

const thumb = (v: number) => new Uint8Array(THUMB_BYTES).fill(v);
const item = (id: string, serverScore: number, vec: number[]) => ({
  id,
  serverScore,
  embedding: encodeEmbedding([...vec, ...new Array<number>(32 - vec.length).fill(0)]),
});

describe('near-duplicate collapse', () => {
  it('folds group members and pairwise near duplicates into the first kept card', () => {
    const visual = visualIndexFromRows([
      { id: 'a', dhash: '0'.repeat(16), thumb: thumb(0), leader: null },
      { id: 'b', dhash: '0'.repeat(16), thumb: thumb(120), leader: null },
      { id: 'c', dhash: 'f'.repeat(16), thumb: thumb(250), leader: 'b' },
      // not grouped with a at build time, but near it: folded at query time
      { id: 'd', dhash: '0'.repeat(16), thumb: thumb(3), leader: null },
    ]);
    const out = collapseNearDuplicates(
      ['c', 'a', 'x', 'b', 'd'].map((id) => ({ id })),
      visual,
    );
    expect(out.items.map((i) => i.id)).toEqual(['c', 'a', 'x']);
    expect(out.collapsed).toBe(2);
    expect(out.folded.get('c')).toEqual(['b']);
    expect(out.folded.get('a')).toEqual(['d']);
    expect(visual.membersOf('c')).toEqual(['b']);
    expect(visual.membersOf('x')).toEqual([]);
  });
});

describe('MMR reorder', () => {
  const visual = visualIndexFromRows(
    ['s1', 's2', 's3', 'cat', 'tree'].map((id, i) => ({
      id,
      dhash: '0'.repeat(16),
      thumb: thumb(i < 3 ? 10 : 100 + 60 * i),
      leader: null,
    })),
  );
  // Three look-alike stars with the same words score a little above a cat and a tree.
  const items = [
    item('s1', 1.0, [1]),
    item('s2', 0.98, [1]),
    item('s3', 0.97, [1]),
    item('cat', 0.9, [0, 1]),
    item('tree', 0.85, [0, 0, 1]),
  ];

  it('moves different pins up between look-alikes, keeping the best match first', () => {
    const order = mmrReorder(items, visual, { lambda: 0.8, mmrDepth: 60 }).map((i) => i.id);
    expect(order[0]).toBe('s1');
    expect(order.slice(1, 3).sort()).toEqual(['cat', 'tree']);
    expect(order).toHaveLength(5);
  });

  it('leaves the order alone at λ = 1 and below the depth', () => {
    expect(mmrReorder(items, visual, { lambda: 1, mmrDepth: 60 }).map((i) => i.id)).toEqual(
      items.map((i) => i.id),
    );
    const shallow = mmrReorder(items, visual, { lambda: 0.5, mmrDepth: 3 }).map((i) => i.id);
    expect(shallow.slice(3)).toEqual(['cat', 'tree']);
  });
});
