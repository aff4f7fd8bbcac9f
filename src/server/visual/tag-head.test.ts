import { describe, expect, it } from 'vitest';
import { IMAGE_EMBEDDING_DIM, normalizeImageFeatures } from '@/lib/image-model/image-model';
import { seededRandom } from '@/lib/random/seeded-random';
import { isHeldOut, normalizeTag, trainTagHead, type TagExample } from './tag-head';

/**
 * Four "looks", each a direction in embedding space with its own tags; pins scatter around their
 * look. Every tenth pin of the last look has no tags (a manifest pin without words).
 */
function corpus(): TagExample[] {
  const rng = seededRandom(7);
  const looks = Array.from({ length: 4 }, () =>
    Float32Array.from({ length: IMAGE_EMBEDDING_DIM }, () => Math.max(0, rng() - 0.7)),
  );
  const tags = [
    ['cat', 'animal', 'pet'],
    ['tree', 'plant', 'green'],
    ['car', 'vehicle', 'road'],
    ['star', 'sky', 'night'],
  ];
  const categories = ['Animals', 'Nature', 'Travel', 'Symbols'];
  return Array.from({ length: 400 }, (_, i) => {
    const look = i % 4;
    const v = Float32Array.from(looks[look]!, (x) => x + 0.15 * rng());
    const untagged = look === 3 && i % 40 === 3;
    return {
      id: `pin-${i}`,
      tags: untagged ? [] : tags[look]!,
      category: categories[look]!,
      vector: normalizeImageFeatures(v)!,
    };
  });
}

const options = {
  epochs: 6,
  minSteps: 0,
  hidden: 32,
  batchSize: 32,
  learningRate: 0.01,
  minTagPins: 3,
};

describe('tag head', () => {
  it('predicts a held-out pin’s tags from its pixels, far above the most-frequent-tags baseline', async () => {
    const result = (await trainTagHead(corpus(), options))!;
    expect(result.report.heldOutPins).toBeGreaterThan(20);
    expect(result.report.labels).toEqual({ tags: 12, categories: 4 });
    // 3 real tags per pin: a perfect top 5 scores 3/5.
    expect(result.report.precisionAt5).toBeGreaterThan(0.5);
    expect(result.report.baselinePrecisionAt5).toBeLessThan(0.35);
    // A pin without tags gets its look's tags, most likely first.
    const untagged = result.suggestions.get('pin-3')!;
    expect(new Set(untagged.slice(0, 3))).toEqual(new Set(['star', 'sky', 'night']));
    // Tagged pins that were trained on get none; held-out ones get none they already have.
    expect(result.suggestions.has('pin-0') && !isHeldOut('pin-0', 0.1)).toBe(false);
    for (const [id, tags] of result.suggestions) {
      const own = corpus().find((e) => e.id === id)!.tags;
      expect(tags.filter((t) => own.includes(t))).toEqual([]);
    }
  }, 60_000);

  it('is reproducible: the same seed gives the same suggestions and figures', async () => {
    const a = (await trainTagHead(corpus(), options))!;
    const b = (await trainTagHead(corpus(), options))!;
    expect([...b.suggestions]).toEqual([...a.suggestions]);
    expect(b.report.finalLoss).toBe(a.report.finalLoss);
    expect(b.report.precisionAt5).toBe(a.report.precisionAt5);
    const other = (await trainTagHead(corpus(), { ...options, seed: 99 }))!;
    expect(other.report.finalLoss).not.toBe(a.report.finalLoss);
  }, 60_000);

  it('holds out the same pins whatever else is in the corpus, and compares tags loosely', () => {
    const held = Array.from({ length: 1000 }, (_, i) => `id${i}`).filter((id) =>
      isHeldOut(id, 0.1),
    );
    expect(held.length).toBeGreaterThan(70);
    expect(held.length).toBeLessThan(130);
    expect(normalizeTag('  Red   Apple ')).toBe('red apple');
  });

  it('trains nothing without tags to learn', async () => {
    expect(
      await trainTagHead(
        corpus().map((e) => ({ ...e, tags: [] })),
        options,
      ),
    ).toBeNull();
  });
});
