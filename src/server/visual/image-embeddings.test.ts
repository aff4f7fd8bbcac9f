import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { IMAGE_EMBEDDING_DIM, normalizeImageFeatures } from '@/lib/image-model/image-model';
import { memoryIndex } from '@/server/engine/memory-index';
import { seededRandom } from '@/lib/random/seeded-random';
import {
  imageEmbeddingCode,
  IMAGE_EMBEDDING_META_KEYS,
  readImageEmbeddings,
  writeImageEmbeddings,
} from './image-embeddings';

/** A unit vector shaped like pooled ReLU6 features: non-negative, most values small. */
function featureLike(seed: number): Float32Array {
  const rng = seededRandom(seed);
  const v = Float32Array.from(
    { length: IMAGE_EMBEDDING_DIM },
    () => Math.max(0, rng() * 2 - 1.4) * 6,
  );
  return normalizeImageFeatures(v)!;
}

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('pin_image_embedding', () => {
  it('round-trips unit vectors through int8 codes, in static-rank order, with the version', () => {
    const db = memoryIndex([{ id: 'first' }, { id: 'second' }, { id: 'third' }]);
    const vectors = new Map([
      ['third', featureLike(3)],
      ['first', featureLike(1)],
    ]);
    const written = writeImageEmbeddings(
      db,
      [...vectors].map(([id, v]) => ({ id, code: imageEmbeddingCode(v) })),
      'abc123',
    );
    expect(written).toBe(2);
    const read = readImageEmbeddings(db)!;
    expect(read.ids).toEqual(['first', 'third']);
    expect(read.dim).toBe(IMAGE_EMBEDDING_DIM);
    expect(read.version).toBe('abc123');
    expect(read.vectors.length).toBe(2 * IMAGE_EMBEDDING_DIM);
    read.ids.forEach((id, i) => {
      const row = read.vectors.subarray(i * IMAGE_EMBEDDING_DIM, (i + 1) * IMAGE_EMBEDDING_DIM);
      expect(cosine(row, row)).toBeCloseTo(1, 5);
      // int8 keeps the direction: far closer to its own vector than to the other one.
      expect(cosine(row, vectors.get(id)!)).toBeGreaterThan(0.99);
    });
    expect(
      db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(IMAGE_EMBEDDING_META_KEYS.dim),
    ).toBe(String(IMAGE_EMBEDDING_DIM));
  });

  it('refuses a vector of the wrong size', () => {
    const db = memoryIndex([{ id: 'a' }]);
    expect(() => writeImageEmbeddings(db, [{ id: 'a', code: new Int8Array(32) }], 'v')).toThrow(
      /32 values/,
    );
  });

  it('is null for an index built before the table existed', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    expect(readImageEmbeddings(db)).toBeNull();
  });
});
