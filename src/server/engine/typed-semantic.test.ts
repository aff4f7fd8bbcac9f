import { describe, expect, it } from 'vitest';
import { semanticOnlyToKeep, TYPED_TOP_UP } from './typed-semantic';

const near = (...cosines: number[]) => cosines.map((cosine, i) => ({ id: `s${i}`, cosine }));

describe('semanticOnlyToKeep', () => {
  it('adds nothing to a typed search whose words found a page or more', () => {
    const lexical = Array.from({ length: TYPED_TOP_UP }, () => 0.5);
    expect(semanticOnlyToKeep(lexical, near(0.99, 0.98))).toEqual([]);
  });

  it('tops a short typed list up to a page, closest first, no less close than its least close word match', () => {
    const lexical = Array.from({ length: TYPED_TOP_UP - 2 }, (_, i) => 0.9 - i / 1000);
    const floor = Math.min(...lexical);
    const kept = semanticOnlyToKeep(lexical, near(0.8, floor, 0.95, 0.99, 0.97));
    expect(kept.map((c) => c.cosine)).toEqual([0.99, 0.97]);
    // With room for all of them, the floor alone decides.
    expect(semanticOnlyToKeep([0.9], near(0.8, 0.9, 0.95)).map((c) => c.cosine)).toEqual([
      0.95, 0.9,
    ]);
  });

  it('with no word match at all, the semantic leg fills the first page', () => {
    const semantic = near(...Array.from({ length: TYPED_TOP_UP + 5 }, (_, i) => 0.99 - i / 100));
    const kept = semanticOnlyToKeep([], semantic);
    expect(kept).toHaveLength(TYPED_TOP_UP);
    expect(kept[0]!.cosine).toBe(0.99);
  });
});
